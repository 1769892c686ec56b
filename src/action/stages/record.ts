import { recordArtifacts } from "../../core/artifacts/stage.js";
import { report } from "../../core/report/build.js";
import { artifactsSetup } from "./artifacts.js";
import type { StageRunner } from "./types.js";

/** Creates the GitHub Deployment that is the next baseline; nothing when an artifact is missing. */
export const recordStage: StageRunner = async (deps) => {
  const { options, commit } = await artifactsSetup(deps);
  const { stage } = await recordArtifacts(options);
  return report([stage], { environment: options.environment, commit });
};
