import type { Environment } from "../environment/load.js";
import type { Result } from "../report/types.js";

/** What one attempt of a check gets: the target environment, where to read files, when to give up. */
export interface CheckContext {
  /** The checkout of the commit being deployed. */
  repo: string;
  environment: Environment;
  /** The config file as shown in messages, and where each check sits in it. */
  configFile: string;
  /** Aborted when the attempt times out or the stage's budget runs out. */
  signal: AbortSignal;
  timeoutMs: number;
  /** How many network calls may run at once (`defaults.concurrency`), for a check that makes several. */
  concurrency: number;
  /** Another environment's variables (for `parity_with`). */
  loadOther: (name: string) => Promise<Environment>;
  /** The process environment commands inherit (PATH, HOME) before the variables are exported. */
  processEnv: Record<string, string | undefined>;
}

export type Verdict =
  | "passed"
  | "missing-variable"
  | "parity-gap"
  | "placeholder-value"
  | "pattern-mismatch"
  | "unreachable"
  | "unresolvable"
  | "not-private"
  | "timeout"
  | "unexpected-status"
  | "unexpected-body"
  | "command-failed"
  | "missing-secret"
  | "missing-configmap"
  | "missing-key"
  | "unpinned-image"
  | "no-files"
  | "unreadable-file"
  | "not-checkable"
  | "wrong-target"
  | "could-not-run"
  | "missing-resource"
  | "resource-unavailable"
  | "access-denied";

/**
 * Every preflight verdict but `passed` fails the stage: a check that could not prove its point is not
 * a pass. `not-checkable` (a template to render first) warns, and `--strict` makes it fail.
 */
export function result(
  id: string,
  verdict: Verdict,
  message: string,
  place: { file?: string; line?: number } = {},
): Result {
  return {
    id,
    status: verdict === "passed" ? "pass" : verdict === "not-checkable" ? "warn" : "fail",
    verdict,
    message,
    ...(place.file ? { file: place.file } : {}),
    ...(place.file && place.line ? { line: place.line } : {}),
  };
}
