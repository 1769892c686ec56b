import { readFile } from "node:fs/promises";
import { type Document, isMap, isNode, isScalar, LineCounter, parseDocument, visit } from "yaml";
import { type Problem, UserError } from "../errors.js";
import { type FormattedIssue, formatIssue } from "./format-issue.js";
import { knownKeysAt } from "./known-keys.js";
import { type Config, configSchema, RESERVED_MESSAGE } from "./schema.js";

export const DEFAULT_CONFIG_PATH = ".github/deploy-gate.yml";

/** Where each key path sits in the YAML source; empty for configs that came without a source. */
export type LineOf = (path: readonly PropertyKey[]) => number | undefined;

export interface LoadedConfig {
  config: Config;
  /** The path shown in messages (as the user wrote it). */
  file: string;
  lineOf: LineOf;
}

export const formatPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>(
    (text, key) => (typeof key === "number" ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)),
    "",
  );

function lineFinder(doc: Document, counter: LineCounter): LineOf {
  return (path) => {
    // Walk as deep as the document goes; a missing key points at its parent.
    let node: unknown = doc.contents;
    let offset = isNode(node) ? node.range?.[0] : undefined;
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && item.key.value === key);
        if (!pair) break;
        offset = isNode(pair.key) ? pair.key.range?.[0] : offset;
        node = pair.value;
        if (isNode(node) && !isMap(node) && !("items" in node))
          offset = isNode(pair.key) ? pair.key.range?.[0] : offset;
      } else if (node && typeof node === "object" && "items" in node && typeof key === "number") {
        const item = (node as { items: unknown[] }).items[key];
        if (!isNode(item)) break;
        node = item;
        offset = item.range?.[0];
      } else {
        break;
      }
    }
    return offset === undefined ? undefined : counter.linePos(offset).line;
  };
}

/** Keys a plain object swallows: `__proto__` never reaches the schema, so it is refused here. */
function swallowedKeys(data: unknown, path: PropertyKey[] = []): FormattedIssue[] {
  if (!data || typeof data !== "object") return [];
  const own = Array.isArray(data) ? [] : Object.keys(data).filter((key) => key === "__proto__");
  return [
    ...own.map((key) => ({
      path: [...path, key],
      message:
        path[0] === "environments" && path.length === 1
          ? RESERVED_MESSAGE
          : `"${key}" cannot be a key; choose another name`,
    })),
    ...Object.entries(data).flatMap(([key, value]) =>
      swallowedKeys(value, [...path, Array.isArray(data) ? Number(key) : key]),
    ),
  ];
}

/**
 * Validates an already-parsed config (the app gets one from `context.config`, where `_extends`
 * has been merged). Throws a UserError with every problem, each naming the file, key path and line,
 * in the order they appear in the file so fixing top-down works. `fileOf` names the file a key
 * path came from when the config was merged from several.
 */
export function validateConfig(
  data: unknown,
  file: string,
  lineOf: LineOf = () => undefined,
  fileOf: (path: readonly PropertyKey[]) => string = () => file,
): Config {
  if (data === null || data === undefined) {
    throw new UserError("the config is empty: it needs at least `version: 1`", { file, line: 1 });
  }
  if (typeof data !== "object" || Array.isArray(data)) {
    throw new UserError("the config must be a mapping with at least `version: 1`", { file, line: 1 });
  }
  const { _extends: _ignored, ...rest } = data as Record<string, unknown>;
  const parsed = configSchema.safeParse(rest);
  const swallowed = swallowedKeys(rest);
  if (parsed.success && !swallowed.length) return parsed.data;
  const issues = parsed.success ? [] : parsed.error.issues;
  const problems = [
    ...swallowed,
    ...issues.flatMap((issue) => formatIssue(issue, rest, (path) => knownKeysAt(configSchema, rest, path))),
  ];
  const located = problems.map((p, order) => ({ ...p, order, line: lineOf(p.path) }));
  located.sort(
    (a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER) || a.order - b.order,
  );
  const [first, ...more] = located.map(
    (p): Problem => ({ message: p.message, file: fileOf(p.path), line: p.line, path: formatPath(p.path) }),
  );
  throw new UserError(first.message, { ...first, more });
}

/** An alias whose anchor is missing (or too many of them) throws from toJS; say which and where. */
function aliasError(doc: Document, counter: LineCounter, file: string, error: Error): UserError {
  const exhausted = /alias count/i.test(error.message);
  let culprit: { source: string; offset?: number } | undefined;
  visit(doc, {
    Alias(_, node) {
      if (exhausted || node.resolve(doc) === undefined) {
        culprit = { source: node.source, offset: node.range?.[0] };
        return visit.BREAK;
      }
    },
  });
  const offset = culprit?.offset;
  const line = offset === undefined ? undefined : counter.linePos(offset).line;
  const why = exhausted
    ? "the aliases expand to too much data (a guard against resource exhaustion); write the values out instead"
    : culprit
      ? `*${culprit.source} has no anchor before it; define &${culprit.source} above it`
      : error.message;
  return new UserError(`YAML alias error: ${why}`, { file, line });
}

/** Parses YAML text and validates it; errors keep the file, key path and 1-based line. */
export function parseConfig(text: string, file: string): LoadedConfig {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    const [first, ...more] = doc.errors.map((syntax): Problem => {
      const pos = counter.linePos(syntax.pos[0]);
      return {
        message: `YAML syntax error at column ${pos.col}: ${syntax.message.split("\n")[0]}`,
        file,
        line: pos.line,
      };
    });
    throw new UserError(first.message, { ...first, more });
  }
  const lineOf = lineFinder(doc, counter);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw aliasError(doc, counter, file, error as Error);
  }
  return { config: validateConfig(data, file, lineOf), file, lineOf };
}

/** Reads and validates the config file; a missing file is a config error (exit 2), never a pass. */
export async function loadConfig(path: string, shownAs = path): Promise<LoadedConfig> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : `cannot read it (${code ?? (error as Error).message})`;
    throw new UserError(`${why}; create it with at least \`version: 1\`, or point --config at it`, {
      file: shownAs,
    });
  }
  return parseConfig(text, shownAs);
}
