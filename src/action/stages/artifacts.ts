import { runArtifactsStage } from "../../core/artifacts/stage.js";
import { report } from "../../core/report/build.js";
import { DeploymentsStore } from "../../github/deployments.js";
import { environmentFor } from "../environment.js";
import { actionHowToRun } from "../wording.js";
import type { StageDeps, StageRunner } from "./types.js";

/** Inputs GitHub Deployment payloads can carry path by path; beyond, only the fingerprint. */
export const ACTION_RECORDED_PATHS = 500;

/** The baseline in action mode: the latest successful deploy-gate GitHub Deployment. */
export const deploymentsBaseline = (deps: StageDeps) =>
  new DeploymentsStore(deps.github(), { owner: deps.run.owner, repo: deps.run.repo });

/** What both artifact stages need: the prepared environment and the core's options. */
export async function artifactsSetup(deps: StageDeps) {
  const prepared = await environmentFor(deps);
  return {
    ...prepared,
    options: {
      loaded: prepared.loaded,
      environment: prepared.environment.name,
      repo: deps.repo,
      commit: prepared.commit,
      values: prepared.environment.values,
      baseline: deploymentsBaseline(deps),
      howToRun: actionHowToRun,
      log: deps.log,
      strict: deps.inputs.strict,
      maxRecordedPaths: ACTION_RECORDED_PATHS,
    },
  };
}

export const artifactsStage: StageRunner = async (deps) => {
  const { options, commit } = await artifactsSetup(deps);
  const stage = await runArtifactsStage(options);
  return report([stage], { environment: options.environment, commit });
};
