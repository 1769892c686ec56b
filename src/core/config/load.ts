import { readFile } from "node:fs/promises";
import { type Document, isMap, isNode, isScalar, LineCounter, parseDocument } from "yaml";
import { UserError } from "../errors.js";
import { formatIssue } from "./format-issue.js";
import { type Config, configSchema } from "./schema.js";

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

/**
 * Validates an already-parsed config (the app gets one from `context.config`, where `_extends`
 * has been merged). Throws a UserError naming the file, key path and line of the first problem.
 */
export function validateConfig(data: unknown, file: string, lineOf: LineOf = () => undefined): Config {
  if (data === null || data === undefined) {
    throw new UserError("the config is empty: it needs at least `version: 1`", { file, line: 1 });
  }
  if (typeof data !== "object" || Array.isArray(data)) {
    throw new UserError("the config must be a mapping with at least `version: 1`", { file, line: 1 });
  }
  const { _extends: _ignored, ...rest } = data as Record<string, unknown>;
  const parsed = configSchema.safeParse(rest);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.flatMap((issue) => formatIssue(issue, rest));
  // Report the problem that comes first in the file, so fixing top-down works.
  const located = problems.map((p) => ({ ...p, line: lineOf(p.path) }));
  located.sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER));
  const first = located[0];
  const more = located.length > 1 ? ` (and ${located.length - 1} more problem${located.length > 2 ? "s" : ""})` : "";
  throw new UserError(`${first.message}${more}`, { file, line: first.line, path: formatPath(first.path) });
}

/** Parses YAML text and validates it; errors keep the file, key path and 1-based line. */
export function parseConfig(text: string, file: string): LoadedConfig {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const syntax = doc.errors[0];
  if (syntax) {
    const pos = counter.linePos(syntax.pos[0]);
    throw new UserError(`YAML syntax error at column ${pos.col}: ${syntax.message.split("\n")[0]}`, {
      file,
      line: pos.line,
    });
  }
  const lineOf = lineFinder(doc, counter);
  return { config: validateConfig(doc.toJS(), file, lineOf), file, lineOf };
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
