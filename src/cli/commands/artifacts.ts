import { isAbsolute, relative, sep } from "node:path";
import { runArtifactsStage } from "../../core/artifacts/stage.js";
import { StateFileStore } from "../../core/artifacts/state-file.js";
import { loadEnvironment, secretValues } from "../../core/environment/load.js";
import { headCommit } from "../../core/git.js";
import { report } from "../../core/report/build.js";
import { createMasker } from "../../core/report/mask.js";
import type { Report } from "../../core/report/types.js";
import type { CommandContext } from "../context.js";

/** The CLI's baseline: the state file, shown in messages as the user knows it. */
export const stateStore = (ctx: CommandContext): StateFileStore =>
  new StateFileStore(ctx.statePath, relative(ctx.io.cwd, ctx.statePath) || ctx.statePath);

/** The state file and its lock are never inputs, even when a glob like `**` covers them. */
export function stateIgnorePaths(ctx: CommandContext): string[] {
  const rel = relative(ctx.repo, ctx.statePath);
  if (!rel || rel.startsWith("..") || isAbsolute(rel)) return [];
  const posix = rel.split(sep).join("/");
  return [posix, `${posix}.lock`];
}

/** Everything the artifacts core needs, resolved from the command line; also used by `record`. */
export async function artifactsSetup(ctx: CommandContext, env: string) {
  const loaded = await ctx.loadConfig();
  const inputs = { repo: ctx.repo, processEnv: ctx.io.env };
  const environment = await loadEnvironment(loaded, env, inputs);
  const mask = createMasker(await secretValues(loaded, inputs));
  const commit = await headCommit(ctx.repo);
  return { loaded, environment, mask, commit };
}

/** `deploy-gate artifacts --env NAME`: compares against the state file, never writes it. */
export async function artifactsCommand(ctx: CommandContext, options: { env: string }): Promise<Report> {
  const { loaded, environment, mask, commit } = await artifactsSetup(ctx, options.env);
  const stage = await runArtifactsStage({
    loaded,
    environment: options.env,
    repo: ctx.repo,
    values: environment.values,
    baseline: stateStore(ctx),
    ignorePaths: stateIgnorePaths(ctx),
    strict: ctx.strict,
  });
  return mask(report([stage], { environment: options.env, commit }));
}
