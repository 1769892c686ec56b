import { isAbsolute, relative, sep } from "node:path";
import { StateFileStore } from "../core/artifacts/state-file.js";
import type { LoadedConfig } from "../core/config/load.js";
import { type Environment, type EnvironmentInputs, loadEnvironment } from "../core/environment/load.js";
import { headCommit } from "../core/git.js";
import { preflightMasker } from "../core/preflight/stage.js";
import type { Masker } from "../core/report/mask.js";
import { type CommandContext, shownPath } from "./context.js";

/** What every command that runs against an environment resolves first, once. */
export interface PreparedEnvironment {
  loaded: LoadedConfig;
  environment: Environment;
  inputs: EnvironmentInputs;
  /** Every environment's declared secrets. */
  mask: Masker;
  /** HEAD of the checkout at -C: what the report's `commit` names. */
  commit: string;
}

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
