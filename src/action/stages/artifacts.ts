import * as core from "@actions/core";
import { runArtifactsStage } from "../../core/artifacts/stage.js";
import { loadEnvironment, secretValues } from "../../core/environment/load.js";
import { headCommit } from "../../core/git.js";
import { report } from "../../core/report/build.js";
import { createMasker } from "../../core/report/mask.js";
import { DeploymentsStore } from "../../github/deployments.js";
import type { StageDeps, StageRunner } from "./types.js";

/** Inputs GitHub Deployment payloads can carry path by path; beyond, only the fingerprint. */
export const ACTION_RECORDED_PATHS = 500;

/** What both artifact stages need from the action's inputs: config, environment, baseline, mask. */
export async function artifactsSetup(deps: StageDeps) {
  const loaded = await deps.config();
  const name = deps.inputs.environment ?? "";
  const inputs = {
    repo: deps.repo,
    processEnv: process.env,
    variables: deps.inputs.variables,
    secrets: deps.inputs.secrets,
  };
  const environment = await loadEnvironment(loaded, name, inputs);
  const secrets = await secretValues(loaded, inputs);
  // Registered with the runner before anything can print them.
  for (const value of secrets) core.setSecret(value);
  const mask = createMasker(secrets);
  return {
    environment,
    envInputs: inputs,
    options: {
      loaded,
      environment: name,
      repo: deps.repo,
      values: environment.values,
      baseline: new DeploymentsStore(deps.github(), { owner: deps.run.owner, repo: deps.run.repo }),
      log: deps.log,
      strict: deps.inputs.strict,
      maxRecordedPaths: ACTION_RECORDED_PATHS,
    },
    mask,
    commit: await headCommit(deps.repo),
  };
}

export const artifactsStage: StageRunner = async (deps) => {
  const { options, mask, commit } = await artifactsSetup(deps);
  const stage = await runArtifactsStage(options);
  return mask(report([stage], { environment: options.environment, commit }));
};
