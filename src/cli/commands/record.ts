import { recordArtifacts } from "../../core/artifacts/stage.js";
import { report } from "../../core/report/build.js";
import type { Report } from "../../core/report/types.js";
import type { CommandContext } from "../context.js";
import { prepareEnvironment, stateIgnorePaths, stateStore } from "../environment.js";

/** `deploy-gate record --env NAME`: writes the next baseline, or nothing when an artifact is missing (exit 1). */
export async function recordCommand(ctx: CommandContext, options: { env: string }): Promise<Report> {
  const { loaded, environment, mask, commit } = await prepareEnvironment(ctx, options.env);
  const { stage } = await recordArtifacts({
    loaded,
    environment: options.env,
    repo: ctx.repo,
    values: environment.values,
    baseline: stateStore(ctx),
    ignorePaths: stateIgnorePaths(ctx),
  });
  return mask(report([stage], { environment: options.env, commit }));
}
