import type { z } from "zod";

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

/** One issue, as a path and one human sentence. Unknown keys become one entry per key. */
export function formatIssue(issue: Issue, data: unknown): { path: PropertyKey[]; message: string }[] {
  const path = [...issue.path];
  const got = valueAt(data, path);
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => ({ path: [...path, key], message: `unknown key "${key}"` }));
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
