import type { EnvironmentConfig } from "../config/schema.js";
import { interpolate } from "../environment/interpolate.js";
import type { Environment } from "../environment/load.js";
import { excerpt } from "../report/cut.js";
import type { Result } from "../report/types.js";
import { callerAccount } from "./aws/account.js";
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
  const aws = identity.aws_account !== undefined;
  const field = aws ? "identity.aws_account" : "identity.equals";
  const expected = interpolate((aws ? identity.aws_account : identity.equals) ?? "", environment.values);
  if (expected.missing.length) {
    return fail(
      `${field} uses \${${expected.missing.join("}, ${")}}, which environment "${environment.name}" does not define`,
    );
  }
  if (!expected.text.trim()) {
    // A command that prints nothing would match: an empty expectation proves no target at all.
    return fail(
      `${field} is empty once interpolated (a variable it uses is empty in environment "${environment.name}"), so it cannot prove the target; give it a value`,
    );
  }
  if (aws) return awsIdentity(options, expected.text.trim(), fail);
  const timer = AbortSignal.timeout(options.timeoutMs);
  const outcome = await execProgram("sh", ["-c", identity.run as string], {
    cwd: options.repo,
    env: commandEnv(options.processEnv, environment.values),
    signal: timer,
  });
  const shown = `\`${excerpt(identity.run as string, 80)}\``;
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

/** `aws_account`: the account of the SDK's default credentials, from STS, must be the one expected. */
async function awsIdentity(options: IdentityOptions, expected: string, fail: (why: string) => Result): Promise<Result> {
  const { identity, environment } = options;
  if (!/^\d{12}$/.test(expected)) {
    return fail(`identity.aws_account is "${excerpt(expected, 40)}", not a 12-digit AWS account id`);
  }
  const outcome = await callerAccount({
    region: identity.region && interpolate(identity.region, environment.values).text,
    endpoint: identity.endpoint && interpolate(identity.endpoint, environment.values).text,
    processEnv: options.processEnv,
    timeoutMs: options.timeoutMs,
  });
  if ("problem" in outcome) return fail(`the AWS account could not be checked: ${outcome.problem}`);
  if (outcome.account !== expected) {
    return fail(
      `the AWS credentials belong to account ${outcome.account}, expected ${expected}: the checks would talk to another account`,
    );
  }
  return result(
    "identity",
    "passed",
    `identity confirmed: this is "${environment.name}" (AWS account ${outcome.account})`,
  );
}
