import { loadEnvironment } from "../../core/environment/load.js";
import { headCommit } from "../../core/git.js";
import { environmentLoader, preflightMasker, runPreflightStage } from "../../core/preflight/stage.js";
import { report } from "../../core/report/build.js";
import type { Report } from "../../core/report/types.js";
import type { CommandContext } from "../context.js";

/** `deploy-gate preflight --env NAME`: the checks against NAME, with the values in the checkout at -C. */
export async function preflightCommand(ctx: CommandContext, options: { env: string }): Promise<Report> {
  const loaded = await ctx.loadConfig();
  const inputs = { repo: ctx.repo, processEnv: ctx.io.env };
  const environment = await loadEnvironment(loaded, options.env, inputs);
  const commit = await headCommit(ctx.repo);
  const mask = await preflightMasker(loaded, inputs);
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
