import * as core from "@actions/core";
import {
  type EnvironmentInputs,
  loadEnvironment,
  type PreparedEnvironment,
  secretValues,
} from "../core/environment/load.js";
import { headCommit } from "../core/git.js";
import { createMasker } from "../core/report/mask.js";
import type { StageDeps } from "./stages/types.js";

/** What every stage that runs against an environment resolves first, once. */
export async function prepareEnvironment(deps: StageDeps): Promise<PreparedEnvironment> {
  const loaded = await deps.config();
  const inputs: EnvironmentInputs = {
    repo: deps.repo,
    processEnv: process.env,
    variables: deps.inputs.variables,
    secrets: deps.inputs.secrets,
  };
  const secrets = await secretValues(loaded, inputs);
  // Registered with the runner before anything can print them.
  for (const value of secrets) core.setSecret(value);
  const environment = await loadEnvironment(loaded, deps.inputs.environment ?? "", inputs);
  return { loaded, environment, inputs, mask: createMasker(secrets), commit: await headCommit(deps.repo) };
}
