import type { LoadedConfig } from "../config/load.js";
import type { EnvironmentConfig } from "../config/schema.js";
import { UserError } from "../errors.js";
import type { Masker } from "../report/mask.js";
import { fromRecord, readDotenv, readJsonParams, type SourcedValue } from "./sources.js";

/** What a front end adds on top of the config's sources (the action's inputs, the process). */
export interface EnvironmentInputs {
  /** The checkout of the commit being deployed: files are read from here. */
  repo: string;
  /** Used only where the environment lists `process: true`. */
  processEnv?: Record<string, string | undefined>;
  /** The action's `variables` input, merged after the config's sources. */
  variables?: Record<string, string>;
  /** The action's `secrets` input, merged last and always masked. */
  secrets?: Record<string, string>;
}

/** One environment's variables, merged in order (later wins), with where each came from. */
export interface Environment {
  name: string;
  config: EnvironmentConfig;
  variables: Record<string, SourcedValue>;
  /** name -> value, for interpolation and for exporting to commands. */
  values: Record<string, string>;
  /** Names whose values must never be shown. */
  secretNames: Set<string>;
}

export function environmentConfig(loaded: LoadedConfig, name: string): EnvironmentConfig {
  const environments = loaded.config.environments ?? {};
  if (!Object.hasOwn(environments, name)) {
    const known = Object.keys(environments);
    throw new UserError(
      `environment "${name}" is not defined in ${loaded.file}${known.length ? ` (defined: ${known.join(", ")})` : "; add it under `environments:`"}`,
      { file: loaded.file, line: loaded.lineOf(["environments"]) },
    );
  }
  return environments[name];
}

export async function loadEnvironment(
  loaded: LoadedConfig,
  name: string,
  inputs: EnvironmentInputs,
): Promise<Environment> {
  const config = environmentConfig(loaded, name);
  const variables: Record<string, SourcedValue> = {};
  const sources = config.variables ?? [];
  for (const [index, source] of sources.entries()) {
    const keyPath = ["environments", name, "variables", index];
    const where = { file: loaded.file, line: loaded.lineOf(keyPath), path: `environments.${name}.variables[${index}]` };
    if ("dotenv" in source) Object.assign(variables, await readDotenv(inputs.repo, source.dotenv, where));
    else if ("json" in source) Object.assign(variables, await readJsonParams(inputs.repo, source.json, where));
    else Object.assign(variables, fromRecord(inputs.processEnv ?? {}, "process"));
  }
  Object.assign(variables, fromRecord(inputs.variables ?? {}, "variables-input"));
  Object.assign(variables, fromRecord(inputs.secrets ?? {}, "secrets-input"));
  const secretNames = new Set([...(config.secrets ?? []), ...Object.keys(inputs.secrets ?? {})]);
  const values = Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, v.value]));
  return { name, config, variables, values, secretNames };
}

/**
 * Every value that must be masked: the declared secrets of EVERY environment (DESIGN.md), and the
 * action's `secrets` input. An environment whose files cannot be read contributes what it can.
 */
export async function secretValues(loaded: LoadedConfig, inputs: EnvironmentInputs): Promise<string[]> {
  const out = new Set<string>(Object.values(inputs.secrets ?? {}));
  for (const name of Object.keys(loaded.config.environments ?? {})) {
    const env = await loadEnvironment(loaded, name, inputs).catch(() => undefined);
    if (!env) continue;
    for (const secret of env.secretNames) if (env.values[secret]) out.add(env.values[secret]);
  }
  return [...out];
}

/** What a front end resolves once before running a stage against an environment. */
export interface PreparedEnvironment {
  loaded: LoadedConfig;
  environment: Environment;
  inputs: EnvironmentInputs;
  /** Every environment's declared secrets (and the action's `secrets` input). */
  mask: Masker;
  /** HEAD of the checkout under test: the report's `commit`. */
  commit: string;
}
