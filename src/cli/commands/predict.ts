import { runPredictStage } from "../../core/predict/stage.js";
import { report } from "../../core/report/build.js";
import type { Report } from "../../core/report/types.js";
import type { CommandContext } from "../context.js";
import { artifactsOptions, environmentFor } from "../environment.js";

/** `deploy-gate predict --env NAME`: asks the build systems before the build; never writes. */
export async function predictCommand(ctx: CommandContext, options: { env: string }): Promise<Report> {
  const prepared = await environmentFor(ctx, options.env);
  const stage = await runPredictStage(artifactsOptions(ctx, prepared));
  return report([stage], { environment: options.env, commit: prepared.commit });
}
