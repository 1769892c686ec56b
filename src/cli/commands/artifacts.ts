import { runArtifactsStage } from "../../core/artifacts/stage.js";
import { report } from "../../core/report/build.js";
import type { Report } from "../../core/report/types.js";
import type { CommandContext } from "../context.js";
import { prepareEnvironment, stateIgnorePaths, stateStore } from "../environment.js";

/** `deploy-gate artifacts --env NAME`: compares against the state file, never writes it. */
export async function artifactsCommand(ctx: CommandContext, options: { env: string }): Promise<Report> {
  const { loaded, environment, mask, commit } = await prepareEnvironment(ctx, options.env);
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
