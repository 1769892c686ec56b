import { runGate } from "../../core/gate.js";
import { environmentLoader } from "../../core/preflight/stage.js";
import { report } from "../../core/report/build.js";
import type { Report } from "../../core/report/types.js";
import type { CommandContext } from "../context.js";
import { prepareEnvironment, stateIgnorePaths, stateStore } from "../environment.js";
import { cliHowToRun } from "../wording.js";

/** `deploy-gate gate --env NAME`: artifacts and preflight for NAME, one combined report. */
export async function gateCommand(ctx: CommandContext, options: { env: string }): Promise<Report> {
  const { loaded, environment, inputs, mask, commit } = await prepareEnvironment(ctx, options.env);
  const stages = await runGate({
    loaded,
    environment,
    repo: ctx.repo,
    baseline: stateStore(ctx),
    howToRun: cliHowToRun,
    ignorePaths: stateIgnorePaths(ctx),
    loadOther: environmentLoader(loaded, inputs),
    processEnv: ctx.io.env,
    strict: ctx.strict,
    log: (line) => ctx.io.stderr(`${mask(line)}\n`),
  });
  return mask(report(stages, { environment: options.env, commit }));
}
