import { isAbsolute, relative, sep } from "node:path";
import { StateFileStore } from "../core/artifacts/state-file.js";
import { loggedBoard } from "../core/progress-board.js";
import type { StageHost } from "../core/stages/host.js";
import type { StageId } from "../core/stages/registry.js";
import { type CommandContext, shownPath } from "./context.js";
import { liveBoard } from "./live-board.js";
import { cliHowToRun } from "./wording.js";

/** The state file and its lock are never inputs, even when a glob like `**` covers them. */
export function stateIgnorePaths(ctx: CommandContext): string[] {
  const rel = relative(ctx.repo, ctx.statePath);
  if (!rel || rel.startsWith("..") || isAbsolute(rel)) return [];
  const posix = rel.split(sep).join("/");
  return [posix, `${posix}.lock`];
}

/** `artifacts` and `record` print nothing on stderr but an error: scripts read its first line. */
const QUIET: ReadonlySet<StageId> = new Set(["artifacts", "record"]);

/**
 * The CLI as a stage host: the state file is the baseline (shown in messages as the user knows it)
 * and never an input, the process environment is the one the CLI was started with, progress goes
 * to stderr, secrets to the masked io.
 */
export function cliHost(ctx: CommandContext, stage: StageId): StageHost {
  return {
    repo: ctx.repo,
    config: ctx.loadConfig,
    processEnv: ctx.io.env,
    baseline: () => new StateFileStore(ctx.statePath, shownPath(ctx.io.cwd, ctx.statePath)),
    howToRun: cliHowToRun,
    ignorePaths: stateIgnorePaths(ctx),
    strict: ctx.strict,
    log: QUIET.has(stage) ? undefined : (line) => ctx.io.stderr(`${line}\n`),
    // A person watching gets one live line per rollout; a pipe gets a line per change.
    board: () => (ctx.io.isTTY ? liveBoard(ctx.io.stderr) : loggedBoard((line) => ctx.io.stderr(`${line}\n`))),
    interrupts: ctx.io.interrupts,
    useMasker: ctx.output.use,
  };
}
