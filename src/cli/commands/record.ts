import { recordArtifacts } from "../../core/artifacts/stage.js";
import { report } from "../../core/report/build.js";
import type { Report } from "../../core/report/types.js";
import type { CommandContext } from "../context.js";
import { artifactsOptions, environmentFor } from "../environment.js";

/** `deploy-gate record --env NAME`: writes the next baseline, or nothing when an artifact is missing (exit 1). */
export async function recordCommand(ctx: CommandContext, options: { env: string }): Promise<Report> {
  const prepared = await environmentFor(ctx, options.env);
  const { stage } = await recordArtifacts(artifactsOptions(ctx, prepared));
  return report([stage], { environment: options.env, commit: prepared.commit });
}
