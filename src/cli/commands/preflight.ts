import { environmentLoader, runPreflightStage } from "../../core/preflight/stage.js";
import { report } from "../../core/report/build.js";
import type { Report } from "../../core/report/types.js";
import type { CommandContext } from "../context.js";
import { prepareEnvironment } from "../environment.js";

/** `deploy-gate preflight --env NAME`: the checks against NAME, with the values in the checkout at -C. */
export async function preflightCommand(ctx: CommandContext, options: { env: string }): Promise<Report> {
  const { loaded, environment, inputs, mask, commit } = await prepareEnvironment(ctx, options.env);
  const stage = await runPreflightStage({
    loaded,
    environment,
    repo: ctx.repo,
    loadOther: environmentLoader(loaded, inputs),
    processEnv: ctx.io.env,
    strict: ctx.strict,
    log: (line) => ctx.io.stderr(`${mask(line)}\n`),
  });
  return mask(report([stage], { environment: options.env, commit }));
}
