import { RE2JS } from "re2js";

/**
 * Regular expressions from the config run on RE2 (re2js): matching takes time linear in the input
 * whatever the pattern, so a pattern such as `^(a+)+$` cannot stall a stage. RE2 has no
 * backreferences and no lookaround; a pattern that needs them is a config error.
 */
export type LinearRegex = Pick<RE2JS, "test">;

/** Compiles `source` with RE2 syntax; throws an Error whose message says what RE2 refused. */
export function compileRegex(source: string): LinearRegex {
  try {
    return RE2JS.compile(source);
  } catch (error) {
    const why = (error as Error).message.replace(/^error parsing regexp: /, "");
    throw new Error(`${why} (RE2 syntax is required: no backreferences, lookahead or lookbehind)`);
  }
}
