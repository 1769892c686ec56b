/**
 * A small JSONPath subset for `expect.json`: `$`, `.key`, `["key"]` / `['key']` and `[n]`.
 * Returns the segments, or throws a sentence saying what is wrong with the path.
 */
export function parseJsonPath(path: string): (string | number)[] {
  if (!path.startsWith("$")) throw new Error(`JSON path "${path}" must start with $`);
  const segments: (string | number)[] = [];
  const re = /\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]|\['((?:[^'\\]|\\.)*)'\]/y;
  let at = 1;
  while (at < path.length) {
    re.lastIndex = at;
    const m = re.exec(path);
    if (!m) throw new Error(`JSON path "${path}" is not understood at "${path.slice(at)}" (use .key, ["key"] or [n])`);
    if (m[1] !== undefined) segments.push(m[1]);
    else if (m[2] !== undefined) segments.push(Number(m[2]));
    else segments.push((m[3] ?? m[4]).replace(/\\(.)/g, "$1"));
    at = re.lastIndex;
  }
  return segments;
}

/** The value at a path, or `{ found: false }` when any step is missing. */
export function valueAt(data: unknown, segments: (string | number)[]): { found: boolean; value?: unknown } {
  let node: unknown = data;
  for (const segment of segments) {
    if (typeof segment === "number") {
      if (!Array.isArray(node) || segment >= node.length) return { found: false };
      node = node[segment];
    } else {
      if (node === null || typeof node !== "object" || Array.isArray(node) || !Object.hasOwn(node, segment)) {
        return { found: false };
      }
      node = (node as Record<string, unknown>)[segment];
    }
  }
  return { found: true, value: node };
}

/** Whether a body's value meets an expectation. Interpolated expectations are strings: "1.2" must equal 1.2. */
export function meetsExpectation(found: { found: boolean; value?: unknown }, expected: unknown): boolean {
  return (
    found.found &&
    (found.value === expected ||
      (typeof expected === "string" &&
        (typeof found.value === "number" || typeof found.value === "boolean") &&
        String(found.value) === expected))
  );
}
