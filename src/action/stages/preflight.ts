import { environmentLoader, runPreflightStage } from "../../core/preflight/stage.js";
import { report } from "../../core/report/build.js";
import { prepareEnvironment } from "../environment.js";
import type { StageRunner } from "./types.js";

/** The action's `preflight` stage: the checks against the `environment` input, masked everywhere. */
export const preflightStage: StageRunner = async (deps) => {
  const { loaded, environment, inputs, mask, commit } = await prepareEnvironment(deps);
  const stage = await runPreflightStage({
    loaded,
    environment,
    repo: deps.repo,
    loadOther: environmentLoader(loaded, inputs),
    processEnv: process.env,
    strict: deps.inputs.strict,
    log: (line) => deps.log(mask(line)),
  });
  return mask(report([stage], { environment: environment.name, commit }));
};
