import type * as z from "zod";
import { nearMiss } from "./near-miss.js";

type Issue = z.core.$ZodIssue;

const describe = (value: unknown): string => {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return `${typeof value} ${JSON.stringify(value)}`;
};

const valueAt = (data: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>(
    (node, key) =>
      node !== null && typeof node === "object" ? (node as Record<PropertyKey, unknown>)[key] : undefined,
    data,
  );

const TYPE_NAMES: Record<string, string> = {
  object: "a mapping",
  array: "a list",
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
};

const plural = (n: number | bigint, one: string) => `${n} ${one}${Number(n) === 1 ? "" : "s"}`;

/** A size limit in the project's words ("list at least one item"), not zod's ("expected array to have >=1 items"). */
function sizeLimit(issue: Extract<Issue, { code: "too_small" | "too_big" }>): string {
  const small = issue.code === "too_small";
  const bound = small
    ? (issue as { minimum: number | bigint }).minimum
    : (issue as { maximum: number | bigint }).maximum;
  const inclusive = issue.inclusive !== false;
  switch (issue.origin) {
    case "array":
    case "set":
      if (small && Number(bound) === 1) return "cannot be an empty list; list at least one item";
      return `list ${small ? "at least" : "at most"} ${plural(bound, "item")}`;
    case "string":
      if (small && Number(bound) === 1) return "cannot be empty";
      return `must be ${small ? "at least" : "at most"} ${plural(bound, "character")} long`;
    default:
      if (!inclusive) return `must be ${small ? "more" : "less"} than ${bound}`;
      return `must be ${small ? "at least" : "at most"} ${bound}`;
  }
}

export interface FormattedIssue {
  path: PropertyKey[];
  message: string;
}

/**
 * One issue, as a path and one human sentence. Unknown keys become one entry per key, with the
 * known key they are most likely a typo of (`knownKeys` lists the keys allowed at a path).
 */
export function formatIssue(
  issue: Issue,
  data: unknown,
  knownKeys: (path: readonly PropertyKey[]) => string[] = () => [],
): FormattedIssue[] {
  const path = [...issue.path];
  const got = valueAt(data, path);
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => {
        const meant = nearMiss(key, knownKeys(path));
        return { path: [...path, key], message: `unknown key "${key}"${meant ? `; did you mean "${meant}"?` : ""}` };
      });
    case "too_small":
    case "too_big":
      // The schema's own wording ("list at least one glob") stays; zod's defaults are rewritten.
      return [{ path, message: /^Too (small|big)/.test(issue.message) ? sizeLimit(issue) : issue.message }];
    case "invalid_key":
      return issue.issues
        .flatMap((inner) => formatIssue({ ...inner, path: [] } as Issue, got))
        .map((f) => ({
          path,
          message: f.message,
        }));
    case "invalid_type":
      if (got === undefined) return [{ path, message: "is required" }];
      return [{ path, message: `expected ${TYPE_NAMES[issue.expected] ?? issue.expected}, got ${describe(got)}` }];
    case "invalid_value":
      return [
        {
          path,
          message: `${got === undefined ? "is required" : `${describe(got)} is not allowed`} (expected ${issue.values.map((v) => JSON.stringify(v)).join(", ")})`,
        },
      ];
    case "invalid_union": {
      const discriminated = issue as Issue & { discriminator?: string; options?: unknown[] };
      if (discriminated.discriminator === "type" && path.at(-1) === "type") {
        const options = (discriminated.options ?? []).join(", ");
        if (got === undefined) return [{ path, message: `is required (expected one of ${options})` }];
        return [{ path, message: `unknown check type ${JSON.stringify(got)} (expected one of ${options})` }];
      }
      if (path[0] === "environments" && path.includes("variables")) {
        return [
          {
            path,
            message: `expected one of { dotenv: FILE }, { json: FILE } or { process: true }, got ${describe(got)}`,
          },
        ];
      }
      return [{ path, message: `${describe(got)} matches none of the allowed forms` }];
    }
    default:
      return [{ path, message: issue.message }];
  }
}
