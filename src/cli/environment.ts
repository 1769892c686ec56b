import { isAbsolute, relative, sep } from "node:path";
import type { ArtifactsStageOptions } from "../core/artifacts/stage.js";
import { StateFileStore } from "../core/artifacts/state-file.js";
import { type EnvironmentInputs, loadEnvironment, type PreparedEnvironment } from "../core/environment/load.js";
import { headCommit } from "../core/git.js";
import { preflightMasker } from "../core/preflight/stage.js";
import { type CommandContext, shownPath } from "./context.js";
import { cliHowToRun } from "./wording.js";

/** What every command that runs against an environment resolves first, once. */
export async function prepareEnvironment(ctx: CommandContext, name: string): Promise<PreparedEnvironment> {
  const loaded = await ctx.loadConfig();
  const inputs: EnvironmentInputs = { repo: ctx.repo, processEnv: ctx.io.env };
  const environment = await loadEnvironment(loaded, name, inputs);
  const [mask, commit] = await Promise.all([preflightMasker(loaded, inputs), headCommit(ctx.repo)]);
  return { loaded, environment, inputs, mask, commit };
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
export const artifactsOptions = (ctx: CommandContext, prepared: PreparedEnvironment): ArtifactsStageOptions => ({
  loaded: prepared.loaded,
  environment: prepared.environment.name,
  repo: ctx.repo,
  values: prepared.environment.values,
  baseline: stateStore(ctx),
  howToRun: cliHowToRun,
  ignorePaths: stateIgnorePaths(ctx),
  strict: ctx.strict,
});
