import { parse as parseDotenv } from "dotenv";
import { UserError } from "../errors.js";
import { RepoPathError, readRepoText } from "../repo-files.js";

/** Where a variable's value came from; placeholder checks skip the process environment. */
export type Origin = "dotenv" | "json" | "process" | "variables-input" | "secrets-input";

export interface SourcedValue {
  value: string;
  origin: Origin;
  /** The file (relative to the repository) and 1-based line that set it, where known. */
  file?: string;
  line?: number;
}

/** Where a value came from, as a message names it. */
export const describeOrigin = (v: SourcedValue): string =>
  v.file
    ? `${v.file}${v.line ? `:${v.line}` : ""}`
    : v.origin === "variables-input"
      ? "the action's variables input"
      : v.origin === "secrets-input"
        ? "the action's secrets input"
        : "the process environment";

const lineOfKey = (text: string, pattern: RegExp): number | undefined => {
  const index = text.search(pattern);
  return index < 0 ? undefined : text.slice(0, index).split("\n").length;
};

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

async function readSource(repo: string, file: string, where: ConfigPlace): Promise<string> {
  try {
    return await readRepoText(repo, file);
  } catch (error) {
    if (!(error instanceof RepoPathError)) throw error;
    if (error.reason === "outside" || error.reason === "special") throw new UserError(error.message, where);
    const code = error.code;
    throw new UserError(
      `cannot read ${file} (${code === "ENOENT" ? "no such file in the checkout" : code}); commit it or fix the path`,
      where,
    );
  }
}

/** Where in the config a source was listed, so a broken source names the config line. */
export interface ConfigPlace {
  file?: string;
  line?: number;
  path?: string;
}

/** The values of one source file, parsed from its text (`file` is named in messages and results). */
type SourceParser = (text: string, file: string, where: ConfigPlace) => Record<string, SourcedValue>;

/** Reads `file` from the checkout (refusing what lies outside it), then parses it. */
const sourceReader =
  (parse: SourceParser) =>
  async (repo: string, file: string, where: ConfigPlace): Promise<Record<string, SourcedValue>> =>
    parse(await readSource(repo, file, where), file, where);

/** A dotenv file, taken literally: no `${}` expansion, no command substitution. */
export const readDotenv = sourceReader((text, file) =>
  Object.fromEntries(
    Object.entries(parseDotenv(text)).map(([key, value]) => [
      key,
      {
        value,
        origin: "dotenv" as const,
        file,
        line: lineOfKey(text, new RegExp(`^[ \\t]*(?:export[ \\t]+)?${escapeRegExp(key)}[ \\t]*[=:]`, "m")),
      },
    ]),
  ),
);

/** A flat JSON object, or CloudFormation's [{ParameterKey, ParameterValue}] list. */
export const readJsonParams = sourceReader((text, file, where) => {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    // Node's message quotes the text around the error, which may be a secret: give only the place.
    const position = /position (\d+)/.exec((error as Error).message);
    const line = position ? text.slice(0, Number(position[1])).split("\n").length : undefined;
    throw new UserError(`${file} is not valid JSON${line ? ` (near line ${line})` : ""}; fix the file`, where);
  }
  const at = (key: string) => lineOfKey(text, new RegExp(`"(?:ParameterKey"\\s*:\\s*")?${escapeRegExp(key)}"`));
  const out: Record<string, SourcedValue> = {};
  if (Array.isArray(data)) {
    data.forEach((entry, index) => {
      if (!entry || typeof entry !== "object" || typeof entry.ParameterKey !== "string") {
        throw new UserError(
          `${file}[${index}] is not a {"ParameterKey", "ParameterValue"} entry; use a flat object or CloudFormation's parameter list`,
          where,
        );
      }
      // UsePreviousValue has no value to check here; leave the key out so `required` catches it.
      if (entry.ParameterValue === undefined) return;
      out[entry.ParameterKey] = {
        value: String(entry.ParameterValue),
        origin: "json",
        file,
        line: at(entry.ParameterKey),
      };
    });
    return out;
  }
  if (data === null || typeof data !== "object") {
    throw new UserError(`${file} must hold a flat JSON object or CloudFormation's parameter list`, where);
  }
  for (const [key, value] of Object.entries(data)) {
    if (value !== null && typeof value === "object") {
      throw new UserError(`${file}: "${key}" is nested; variables files must be flat (name to value)`, where);
    }
    out[key] = { value: value === null ? "" : String(value), origin: "json", file, line: at(key) };
  }
  return out;
});

export function fromRecord(values: Record<string, string | undefined>, origin: Origin): Record<string, SourcedValue> {
  const out: Record<string, SourcedValue> = {};
  for (const [key, value] of Object.entries(values)) if (value !== undefined) out[key] = { value, origin };
  return out;
}
