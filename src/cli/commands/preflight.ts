import { runPreflightStage } from "../../core/preflight/stage.js";
import { report } from "../../core/report/build.js";
import type { Report } from "../../core/report/types.js";
import type { CommandContext } from "../context.js";
import { environmentFor } from "../environment.js";

/** `deploy-gate preflight --env NAME`: the checks against NAME, with the values in the checkout at -C. */
export async function preflightCommand(ctx: CommandContext, options: { env: string }): Promise<Report> {
  const { loaded, environment, loadOther, commit } = await environmentFor(ctx, options.env);
  const stage = await runPreflightStage({
    loaded,
    environment,
    repo: ctx.repo,
    loadOther,
    processEnv: ctx.io.env,
    strict: ctx.strict,
    log: (line) => ctx.io.stderr(`${line}\n`),
  });
  return report([stage], { environment: options.env, commit });
}
