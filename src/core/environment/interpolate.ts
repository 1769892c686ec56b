const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** The names `${NAME}` references in `text`, in order, as interpolate reads them. */
export const referencedNames = (text: string): string[] => [...text.matchAll(REFERENCE)].map((m) => m[1]);

/**
 * Replaces `${NAME}` from `values`. A name the environment lacks is reported in `missing` and left
 * as written: the check then fails with `missing-variable`, never runs with an empty string.
 */
export function interpolate(
  text: string,
  values: Readonly<Record<string, string>>,
): { text: string; missing: string[] } {
  const missing: string[] = [];
  const out = text.replace(REFERENCE, (whole, name: string) => {
    if (Object.hasOwn(values, name)) return values[name];
    if (!missing.includes(name)) missing.push(name);
    return whole;
  });
  return { text: out, missing };
}

/** The end of a missing-variable message: "${A}, ${B}, which environment "x" does not define; add them ...". */
export function undefinedIn(missing: readonly string[], environment: string): string {
  const names = missing.map((n) => `\${${n}}`).join(", ");
  return `${names}, which environment "${environment}" does not define; add ${missing.length > 1 ? "them" : "it"} to its variables`;
}

/**
 * Interpolates every string inside a value (a check's fields), except the check's own keys listed
 * in `skip` (a header or JSON path named `id` or `run` deeper down is interpolated as usual).
 */
export function interpolateDeep<T>(
  value: T,
  values: Readonly<Record<string, string>>,
  skip: readonly string[] = [],
): { value: T; missing: string[] } {
  const missing = new Set<string>();
  const walk = (node: unknown, top = false): unknown => {
    if (typeof node === "string") {
      const r = interpolate(node, values);
      for (const m of r.missing) missing.add(m);
      return r.text;
    }
    if (Array.isArray(node)) return node.map((item) => walk(item));
    if (node !== null && typeof node === "object") {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, top && skip.includes(k) ? v : walk(v)]));
    }
    return node;
  };
  const out = walk(value, true) as T;
  return { value: out, missing: [...missing] };
}
