import { isAbsolute, relative, sep } from "node:path";
import type { ArtifactsStageOptions } from "../core/artifacts/stage.js";
import { StateFileStore } from "../core/artifacts/state-file.js";
import { type PreparedEnvironment, prepareEnvironment } from "../core/environment/prepare.js";
import { headCommit } from "../core/git.js";
import { type CommandContext, shownPath } from "./context.js";
import { cliHowToRun } from "./wording.js";

/** The environment a command runs against, and HEAD (the report's `commit`); its secrets masked from here on. */
export async function environmentFor(
  ctx: CommandContext,
  name: string,
): Promise<PreparedEnvironment & { commit: string }> {
  const loaded = await ctx.loadConfig();
  const [prepared, commit] = await Promise.all([
    prepareEnvironment(loaded, name, { repo: ctx.repo, processEnv: ctx.io.env }),
    headCommit(ctx.repo),
  ]);
  ctx.output.use(prepared.mask);
  return { ...prepared, commit };
}

/** The CLI's baseline: the state file, shown in messages as the user knows it. */
export const stateStore = (ctx: CommandContext): StateFileStore =>
  new StateFileStore(ctx.statePath, shownPath(ctx.io.cwd, ctx.statePath));

/** The state file and its lock are never inputs, even when a glob like `**` covers them. */
export function stateIgnorePaths(ctx: CommandContext): string[] {
  const rel = relative(ctx.repo, ctx.statePath);
  if (!rel || rel.startsWith("..") || isAbsolute(rel)) return [];
  const posix = rel.split(sep).join("/");
  return [posix, `${posix}.lock`];
}

/** The artifacts core's options in CLI mode: the state file is the baseline, and never an input. */
export const artifactsOptions = (
  ctx: CommandContext,
  prepared: PreparedEnvironment & { commit: string },
): ArtifactsStageOptions => ({
  loaded: prepared.loaded,
  environment: prepared.environment.name,
  repo: ctx.repo,
  commit: prepared.commit,
  values: prepared.environment.values,
  baseline: stateStore(ctx),
  howToRun: cliHowToRun,
  ignorePaths: stateIgnorePaths(ctx),
  strict: ctx.strict,
});
