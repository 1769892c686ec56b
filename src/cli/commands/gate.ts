import { runGate } from "../../core/gate.js";
import { report } from "../../core/report/build.js";
import type { Report } from "../../core/report/types.js";
import type { CommandContext } from "../context.js";
import { environmentFor, stateIgnorePaths, stateStore } from "../environment.js";
import { cliHowToRun } from "../wording.js";

/** `deploy-gate gate --env NAME`: artifacts and preflight for NAME, one combined report. */
export async function gateCommand(ctx: CommandContext, options: { env: string }): Promise<Report> {
  const { loaded, environment, loadOther, commit } = await environmentFor(ctx, options.env);
  const stages = await runGate({
    loaded,
    environment,
    repo: ctx.repo,
    commit,
    baseline: stateStore(ctx),
    howToRun: cliHowToRun,
    ignorePaths: stateIgnorePaths(ctx),
    loadOther,
    processEnv: ctx.io.env,
    strict: ctx.strict,
    log: (line) => ctx.io.stderr(`${line}\n`),
  });
  return report(stages, { environment: options.env, commit });
}
