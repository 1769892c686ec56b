import { runGate } from "../../core/gate.js";
import { environmentLoader } from "../../core/preflight/stage.js";
import { report } from "../../core/report/build.js";
import { prepareEnvironment } from "../environment.js";
import { actionHowToRun } from "../wording.js";
import { deploymentsBaseline } from "./artifacts.js";
import type { StageRunner } from "./types.js";

/** The action's default stage: artifacts and preflight for the `environment` input, one report. */
export const gateStage: StageRunner = async (deps) => {
  const { loaded, environment, inputs, mask, commit } = await prepareEnvironment(deps);
  const stages = await runGate({
    loaded,
    environment,
    repo: deps.repo,
    baseline: deploymentsBaseline(deps),
    howToRun: actionHowToRun,
    loadOther: environmentLoader(loaded, inputs),
    processEnv: process.env,
    strict: deps.inputs.strict,
    log: (line) => deps.log(mask(line)),
  });
  return mask(report(stages, { environment: environment.name, commit }));
};
