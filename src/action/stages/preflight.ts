import { runPreflightStage } from "../../core/preflight/stage.js";
import { report } from "../../core/report/build.js";
import { environmentFor } from "../environment.js";
import type { StageRunner } from "./types.js";

/** The action's `preflight` stage: the checks against the `environment` input. */
export const preflightStage: StageRunner = async (deps) => {
  const { loaded, environment, loadOther, commit } = await environmentFor(deps);
  const stage = await runPreflightStage({
    loaded,
    environment,
    repo: deps.repo,
    loadOther,
    processEnv: process.env,
    strict: deps.inputs.strict,
    log: deps.log,
  });
  return report([stage], { environment: environment.name, commit });
};
