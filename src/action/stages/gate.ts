import { runGate } from "../../core/gate.js";
import { environmentLoader } from "../../core/preflight/stage.js";
import { report } from "../../core/report/build.js";
import { artifactsSetup } from "./artifacts.js";
import type { StageRunner } from "./types.js";

/** The action's default stage: artifacts and preflight for the `environment` input, one report. */
export const gateStage: StageRunner = async (deps) => {
  const { options, environment, envInputs, mask, commit } = await artifactsSetup(deps);
  const stages = await runGate({
    loaded: options.loaded,
    environment,
    repo: deps.repo,
    baseline: options.baseline,
    loadOther: environmentLoader(options.loaded, envInputs),
    processEnv: process.env,
    strict: deps.inputs.strict,
    log: (line) => deps.log(mask(line)),
  });
  return mask(report(stages, { environment: environment.name, commit }));
};
