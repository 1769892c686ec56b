import { runPredictStage } from "../../core/predict/stage.js";
import { report } from "../../core/report/build.js";
import { artifactsSetup } from "./artifacts.js";
import type { StageRunner } from "./types.js";

/** `stage: predict`: before the build, each artifact's build system against the last deploy (GitHub Deployments). */
export const predictStage: StageRunner = async (deps) => {
  const { options, commit } = await artifactsSetup(deps);
  const stage = await runPredictStage({ ...options, processEnv: process.env });
  return report([stage], { environment: options.environment, commit });
};
