import { resolve } from "node:path";
import * as core from "@actions/core";
import { loadConfig } from "../../core/config/load.js";
import { loadEnvironment, secretValues } from "../../core/environment/load.js";
import { headCommit } from "../../core/git.js";
import { environmentLoader, preflightMasker, runPreflightStage } from "../../core/preflight/stage.js";
import { report } from "../../core/report/build.js";
import type { StageRunner } from "./types.js";

/** The action's `preflight` stage: the checks against the `environment` input, masked everywhere. */
export const preflightStage: StageRunner = async (deps) => {
  const { inputs, repo } = deps;
  const environmentName = inputs.environment!;
  const loaded = await loadConfig(resolve(repo, inputs.config), inputs.config);
  const envInputs = { repo, processEnv: process.env, variables: inputs.variables, secrets: inputs.secrets };
  // The runner masks its log only for values it knows: register the config's secrets before anything prints.
  for (const value of await secretValues(loaded, envInputs)) core.setSecret(value);
  const environment = await loadEnvironment(loaded, environmentName, envInputs);
  const mask = await preflightMasker(loaded, envInputs);
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
