import type { CheckConfig } from "../../config/schema.js";
import type { Masker } from "../../report/mask.js";
import type { Result } from "../../report/types.js";
import { commandEnv, execProgram } from "../exec.js";
import { type CheckContext, excerpt, result } from "../types.js";

type CommandCheck = Extract<CheckConfig, { type: "command" }>;

/**
 * The last lines a command printed, one line, short: what a person needs to see why it failed.
 * Masked before it is cut, so no piece of a secret survives the cut.
 */
export function outputTail(stdout: string, stderr: string, mask: Masker): string {
  const text = mask
    .cut(stderr.trim() || stdout.trim())
    .split("\n")
    .slice(-3)
    .join(" ");
  return text ? `: ${excerpt(text.slice(-400), 200)}` : "";
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
    const how = outcome.code === null ? `was killed by ${outcome.signal}` : `exited ${outcome.code}`;
    return [
      result(
        check.id,
        "command-failed",
        `\`${excerpt(shown, 80)}\` ${how}, expected ${wantExit}${outputTail(outcome.stdout, outcome.stderr, ctx.mask)}`,
      ),
    ];
  }
  const contains = check.expect?.stdout_contains;
  if (contains !== undefined && !outcome.stdout.includes(contains)) {
    return [
      result(
        check.id,
        "command-failed",
        `\`${excerpt(shown, 80)}\` did not print "${contains}"${outputTail(outcome.stdout, "", ctx.mask)}`,
      ),
    ];
  }
  return [result(check.id, "passed", `\`${excerpt(shown, 80)}\` exited ${wantExit} as expected`)];
}
