import type { CheckConfig } from "../../config/schema.js";
import { describeOrigin } from "../../environment/sources.js";
import { compileRegex } from "../../linear-regex.js";
import type { Result } from "../../report/types.js";
import { placeholderReason } from "../placeholders.js";
import { type CheckContext, result } from "../types.js";

type EnvCheck = Extract<CheckConfig, { type: "env" }>;

/**
 * Required keys, parity with another environment, value patterns and placeholders. One result per
 * finding (`<id>:<KEY>`), so three missing keys are three lines to fix.
 */
export async function envCheck(check: EnvCheck, ctx: CheckContext): Promise<Result[]> {
  const env = ctx.environment;
  const vars = env.variables;
  const out: Result[] = [];
  const reported = new Set<string>();
  const add = (key: string, r: Result) => {
    if (reported.has(key)) return;
    reported.add(key);
    out.push(r);
  };
  const id = (key: string) => `${check.id}:${key}`;

  for (const key of check.required ?? []) {
    if (!Object.hasOwn(vars, key)) {
      add(
        key,
        result(
          id(key),
          "missing-variable",
          `${key} is required but environment "${env.name}" does not define it; add it to one of its variable sources`,
        ),
      );
    }
  }

  if (check.parity_with) {
    const other = await ctx.loadOther(check.parity_with);
    for (const [key, value] of Object.entries(other.variables)) {
      // The other side's process environment is the runner's, not a deploy input.
      if (value.origin === "process" || Object.hasOwn(vars, key)) continue;
      add(
        key,
        result(
          id(key),
          "parity-gap",
          // A value from a file points there through the result's place, shown once after the message.
          `${key} is set for "${other.name}"${value.file ? "" : ` (${describeOrigin(value)})`} but not for "${env.name}"; add it to "${env.name}" before deploying`,
          value.file ? { file: value.file, line: value.line } : {},
        ),
      );
    }
  }

  if (check.placeholders !== false) {
    for (const [key, value] of Object.entries(vars)) {
      // Runners are full of empty variables: the process environment is not a deploy input.
      // (A secret too short to mask never gets here: the environment setup refuses it.)
      if (value.origin === "process") continue;
      const why = placeholderReason(value.value);
      if (!why) continue;
      add(
        key,
        result(
          id(key),
          "placeholder-value",
          `${key} from ${describeOrigin(value)} ${why}; set the real value for "${env.name}"`,
          value,
        ),
      );
    }
  }

  for (const [key, source] of Object.entries(check.patterns ?? {})) {
    if (reported.has(key)) continue;
    const value = vars[key];
    if (!value) {
      add(
        key,
        result(
          id(key),
          "missing-variable",
          `${key} has a pattern but environment "${env.name}" does not define it; add it or drop the pattern`,
        ),
      );
      continue;
    }
    if (compileRegex(source).test(value.value)) continue;
    const shown = env.secretNames.has(key) ? "its value" : JSON.stringify(value.value);
    add(
      key,
      result(
        id(key),
        "pattern-mismatch",
        `${key} (${shown}, from ${describeOrigin(value)}) does not match /${source}/; fix the value for "${env.name}"`,
        value,
      ),
    );
  }

  return out.length ? out : [result(check.id, "passed", `the variables of "${env.name}" are complete and filled in`)];
}
