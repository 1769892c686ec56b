import { existsSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { UserError } from "../errors.js";
import { outputTail } from "../preflight/checks/command.js";
import { execProgram, howItEnded } from "../preflight/exec.js";
import { excerpt } from "../report/cut.js";
import type { AskContext } from "./types.js";

/** A build tool's answer, or why there is none (a fail result; a missing tool is thrown instead). */
export type ToolAnswer =
  | { ok: true; stdout: string }
  | { ok: false; verdict: "predict-failed" | "timeout"; message: string };

/** What one build tool is asked; where, under which timeout and budget is the AskContext's. */
export interface ToolRun {
  program: string;
  args: string[];
  /** The command line as the user would type it, for messages. */
  shown: string;
  /** The tool's environment when it is not the context's own. */
  env?: Record<string, string | undefined>;
  /** The sentence for a tool that is not there: nothing could be checked (exit 2). */
  missing: string;
}

/** Tool output kept: a dry run of a large monorepo prints megabytes of JSON. */
const MAX_OUTPUT = 64 * 1024 * 1024;

/**
 * Runs a build tool in its own process group under `predict.timeout` and the stage's budget (when
 * that ends the tool is killed and the budget's reason is thrown). Its stderr only ever reaches a
 * message through `outputTail`, so the front end's mask covers it like any command's output.
 */
export async function runTool(run: ToolRun, ctx: AskContext): Promise<ToolAnswer> {
  const timeout = AbortSignal.timeout(ctx.timeoutMs);
  const outcome = await execProgram(run.program, run.args, {
    cwd: ctx.repo,
    env: run.env ?? ctx.env,
    signal: AbortSignal.any([ctx.signal, timeout]),
    maxOutput: MAX_OUTPUT,
  });
  const shown = `\`${excerpt(run.shown, 100)}\``;
  if (outcome.kind === "not-started") {
    if (outcome.code === "ENOENT") throw new UserError(run.missing);
    return { ok: false, verdict: "predict-failed", message: `${shown} could not start: ${outcome.reason}` };
  }
  if (outcome.kind === "aborted") {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    return {
      ok: false,
      verdict: "timeout",
      message: `${shown} did not answer within ${ctx.timeoutMs / 1000}s${outputTail(outcome.stdout, outcome.stderr)}; make it answer sooner or raise \`predict.timeout\``,
    };
  }
  if (outcome.code !== 0) {
    return {
      ok: false,
      verdict: "predict-failed",
      message: `${shown} ${howItEnded(outcome)}${outputTail("", outcome.stderr || outcome.stdout)}; fix the build tool's setup and run predict again`,
    };
  }
  return { ok: true, stdout: outcome.stdout };
}

/**
 * PATH with the repository's own `node_modules/.bin` folders first, nearest first, as `npx` finds
 * a package's binaries: the gate runs the turbo or nx the repository pins, never a download.
 */
export function withRepoBins(
  repo: string,
  env: Record<string, string | undefined>,
): Record<string, string | undefined> {
  const bins: string[] = [];
  for (let dir = repo; ; dir = dirname(dir)) {
    const bin = join(dir, "node_modules", ".bin");
    if (existsSync(bin)) bins.push(bin);
    if (dirname(dir) === dir) break;
  }
  const path = [...bins, env.PATH ?? "/usr/local/bin:/usr/bin:/bin"].join(delimiter);
  return { ...env, PATH: path };
}

/** Telemetry, remote caches, daemons and update checks off: the gate asks, it never talks to anyone. */
export const QUIET_TOOLS: Record<string, string> = {
  TURBO_TELEMETRY_DISABLED: "1",
  TURBO_NO_UPDATE_NOTIFIER: "1",
  DO_NOT_TRACK: "1",
  NX_NO_CLOUD: "true",
  NX_DAEMON: "false",
  NX_TUI: "false",
  NX_SKIP_NX_CACHE: "true",
};

/** A tool's JSON answer; undefined when it printed none. */
export function parseJson(stdout: string): unknown {
  try {
    return JSON.parse(stdout);
  } catch {
    // Some tools print a notice before the document.
    const start = stdout.indexOf("\n{");
    if (start < 0) return undefined;
    try {
      return JSON.parse(stdout.slice(start + 1));
    } catch {
      return undefined;
    }
  }
}
