import type { LoadedConfig } from "../config/load.js";
import type { EnvironmentConfig } from "../config/schema.js";
import { UserError } from "../errors.js";
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
  /** Every value a secret name got, from every source that set it (a later source hides, not erases, it). */
  secretValues: { name: string; value: SourcedValue }[];
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
  const secretNames = new Set([...(config.secrets ?? []), ...Object.keys(inputs.secrets ?? {})]);
  const variables: Record<string, SourcedValue> = {};
  const secretValues: Environment["secretValues"] = [];
  const merge = (source: Record<string, SourcedValue>) => {
    for (const [key, value] of Object.entries(source))
      if (secretNames.has(key)) secretValues.push({ name: key, value });
    Object.assign(variables, source);
  };
  const sources = config.variables ?? [];
  for (const [index, source] of sources.entries()) {
    const keyPath = ["environments", name, "variables", index];
    const where = { file: loaded.file, line: loaded.lineOf(keyPath), path: `environments.${name}.variables[${index}]` };
    if ("dotenv" in source) merge(await readDotenv(inputs.repo, source.dotenv, where));
    else if ("json" in source) merge(await readJsonParams(inputs.repo, source.json, where));
    else merge(fromRecord(inputs.processEnv ?? {}, "process"));
  }
  merge(fromRecord(inputs.variables ?? {}, "variables-input"));
  merge(fromRecord(inputs.secrets ?? {}, "secrets-input"));
  const values = Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, v.value]));
  return { name, config, variables, values, secretNames, secretValues };
}
