import type { EnvironmentConfig } from "../config/schema.js";
import { interpolate } from "../environment/interpolate.js";
import type { Environment } from "../environment/load.js";
import { excerpt } from "../report/cut.js";
import type { Result } from "../report/types.js";
import { outputTail } from "./checks/command.js";
import { commandEnv, execProgram } from "./exec.js";
import { result } from "./types.js";

type Identity = NonNullable<EnvironmentConfig["identity"]>;

export interface IdentityOptions {
  identity: Identity;
  environment: Environment;
  repo: string;
  processEnv: Record<string, string | undefined>;
  timeoutMs: number;
  /** How many checks depend on it, for the message when it fails. */
  pending: number;
  place: { file?: string; line?: number };
}

/**
 * Proves the checks talk to the environment being deployed (the outage where the preflight ran
 * against the old one). A failure is the stage's only result: nothing else is worth running.
 */
export async function checkIdentity(options: IdentityOptions): Promise<Result> {
  const { identity, environment } = options;
  const notRun = `${options.pending} check${options.pending === 1 ? " was" : "s were"} not run`;
  const fail = (why: string) =>
    result(
      "identity",
      "wrong-target",
      `${why}; ${notRun}. Point the credentials at "${environment.name}"`,
      options.place,
    );
  const expected = interpolate(identity.equals, environment.values);
  if (expected.missing.length) {
    return fail(
      `identity.equals uses \${${expected.missing.join("}, ${")}}, which environment "${environment.name}" does not define`,
    );
  }
  if (!expected.text.trim()) {
    // A command that prints nothing would match: an empty expectation proves no target at all.
    return fail(
      `identity.equals is empty once interpolated (a variable it uses is empty in environment "${environment.name}"), so it cannot prove the target; give it a value`,
    );
  }
  const timer = AbortSignal.timeout(options.timeoutMs);
  const outcome = await execProgram("sh", ["-c", identity.run], {
    cwd: options.repo,
    env: commandEnv(options.processEnv, environment.values),
    signal: timer,
  });
  const shown = `\`${excerpt(identity.run, 80)}\``;
  if (outcome.kind === "aborted") return fail(`identity command ${shown} did not finish within ${options.timeoutMs}ms`);
  if (outcome.kind === "not-started") return fail(`identity command ${shown} could not start: ${outcome.reason}`);
  if (outcome.code !== 0) {
    return fail(`identity command ${shown} exited ${outcome.code}${outputTail(outcome.stdout, outcome.stderr)}`);
  }
  const got = outcome.stdout.trim();
  if (got !== expected.text.trim()) {
    return fail(
      `identity command ${shown} printed "${excerpt(got, 80)}", expected "${expected.text.trim()}": the checks would talk to another environment`,
    );
  }
  return result("identity", "passed", `identity confirmed: this is "${environment.name}" (${got})`);
}
