import * as core from "@actions/core";
import { loadEnvironment, secretValues } from "../../core/environment/load.js";
import { headCommit } from "../../core/git.js";
import { environmentLoader, runPreflightStage } from "../../core/preflight/stage.js";
import { report } from "../../core/report/build.js";
import { createMasker } from "../../core/report/mask.js";
import type { StageRunner } from "./types.js";

/** The action's `preflight` stage: the checks against the `environment` input, masked everywhere. */
export const preflightStage: StageRunner = async (deps) => {
  const { inputs, repo } = deps;
  const environmentName = inputs.environment!;
  const loaded = await deps.config();
  const envInputs = { repo, processEnv: process.env, variables: inputs.variables, secrets: inputs.secrets };
  // Every environment's declared secrets, registered with the runner before anything can print them.
  const secrets = await secretValues(loaded, envInputs);
  for (const value of secrets) core.setSecret(value);
  const mask = createMasker(secrets);
  const environment = await loadEnvironment(loaded, environmentName, envInputs);
  const stage = await runPreflightStage({
    loaded,
    environment,
    repo,
    loadOther: environmentLoader(loaded, envInputs),
    processEnv: process.env,
    strict: inputs.strict,
    log: (line) => deps.log(mask(line)),
  });
  return mask(report([stage], { environment: environmentName, commit: await headCommit(repo) }));
};
