import { runArtifactsStage } from "../../core/artifacts/stage.js";
import { report } from "../../core/report/build.js";
import type { Report } from "../../core/report/types.js";
import type { CommandContext } from "../context.js";
import { artifactsOptions, environmentFor } from "../environment.js";

/** `deploy-gate artifacts --env NAME`: compares against the state file, never writes it. */
export async function artifactsCommand(ctx: CommandContext, options: { env: string }): Promise<Report> {
  const prepared = await environmentFor(ctx, options.env);
  const stage = await runArtifactsStage(artifactsOptions(ctx, prepared));
  return report([stage], { environment: options.env, commit: prepared.commit });
}
