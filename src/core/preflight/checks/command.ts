import type { CheckConfig } from "../../config/schema.js";
import { excerpt, tail } from "../../report/cut.js";
import type { Result } from "../../report/types.js";
import { commandEnv, execProgram, howItEnded } from "../exec.js";
import { type CheckContext, result } from "../types.js";

type CommandCheck = Extract<CheckConfig, { type: "command" }>;

/**
 * The last lines a command printed, one line, short: what a person needs to see why it failed.
 * Both cuts are marked, so the output's masking also hides a secret's piece left at either edge.
 */
export function outputTail(stdout: string, stderr: string): string {
  const text = tail(stderr.trim() || stdout.trim(), 3, 400);
  return text ? `: ${excerpt(text, 200)}` : "";
}

/** `run:` goes to `sh -c` with the variables exported; `argv:` runs the program directly. */
export async function commandCheck(check: CommandCheck, ctx: CheckContext): Promise<Result[]> {
  const [file, args] = check.run !== undefined ? ["sh", ["-c", check.run]] : [check.argv![0], check.argv!.slice(1)];
  const shown = check.run ?? check.argv!.join(" ");
  const outcome = await execProgram(file, args, {
    cwd: ctx.repo,
    env: commandEnv(ctx.processEnv, ctx.environment.values),
    signal: ctx.signal,
  });
  if (outcome.kind === "aborted") throw ctx.signal.reason;
  if (outcome.kind === "not-started") {
    return [result(check.id, "command-failed", `\`${excerpt(shown, 80)}\` could not start: ${outcome.reason}`)];
  }
  const wantExit = check.expect?.exit ?? 0;
  if (outcome.code !== wantExit) {
    return [
      result(
        check.id,
        "command-failed",
        `\`${excerpt(shown, 80)}\` ${howItEnded(outcome)}, expected ${wantExit}${outputTail(outcome.stdout, outcome.stderr)}`,
      ),
    ];
  }
  const contains = check.expect?.stdout_contains;
  if (contains !== undefined && !outcome.stdout.includes(contains)) {
    return [
      result(
        check.id,
        "command-failed",
        `\`${excerpt(shown, 80)}\` did not print "${contains}"${outputTail(outcome.stdout, "")}`,
      ),
    ];
  }
  return [result(check.id, "passed", `\`${excerpt(shown, 80)}\` exited ${wantExit} as expected`)];
}
