import { runGate } from "../../core/gate.js";
import { report } from "../../core/report/build.js";
import { environmentFor } from "../environment.js";
import { actionHowToRun } from "../wording.js";
import { deploymentsBaseline } from "./artifacts.js";
import type { StageRunner } from "./types.js";

/** The action's default stage: artifacts and preflight for the `environment` input, one report. */
export const gateStage: StageRunner = async (deps) => {
  const { loaded, environment, loadOther, commit } = await environmentFor(deps);
  const stages = await runGate({
    loaded,
    environment,
    repo: deps.repo,
    commit,
    baseline: deploymentsBaseline(deps),
    howToRun: actionHowToRun,
    loadOther,
    processEnv: process.env,
    strict: deps.inputs.strict,
    log: deps.log,
  });
  return report(stages, { environment: environment.name, commit });
};
