import type { LoadedConfig } from "../config/load.js";
import { UserError } from "../errors.js";
import { createMasker, type Masker, unmaskable } from "../report/mask.js";
import { type Environment, type EnvironmentInputs, loadEnvironment } from "./load.js";
import { describeOrigin } from "./sources.js";

/** What a front end resolves once before running a stage against an environment. */
export interface PreparedEnvironment {
  loaded: LoadedConfig;
  /** The environment being deployed, with the front end's inputs merged. */
  environment: Environment;
  /** Another environment's variables (for `parity_with`), each read once, without those inputs. */
  loadOther: (name: string) => Promise<Environment>;
  /** Every value to mask in the output: each environment's declared secrets, and the `secrets` input. */
  mask: Masker;
}

/**
 * Loads the environment being deployed, and every other environment that declares secrets, once
 * each. Their secrets are masked in every run, whichever environment it deploys; so an
 * environment with secrets whose sources cannot be read stops the run, as does a secret too
 * short to mask. Environments without secrets are read only when a check compares against them.
 */
export async function prepareEnvironment(
  loaded: LoadedConfig,
  name: string,
  inputs: EnvironmentInputs,
): Promise<PreparedEnvironment> {
  const environment = await loadEnvironment(loaded, name, inputs);
  const others = new Map<string, Promise<Environment>>([[name, Promise.resolve(environment)]]);
  const loadOther = (other: string) => {
    if (!others.has(other))
      others.set(other, loadEnvironment(loaded, other, { repo: inputs.repo, processEnv: inputs.processEnv }));
    return others.get(other)!;
  };
  const withSecrets = Object.entries(loaded.config.environments ?? {})
    .filter(([other, config]) => other !== name && config.secrets?.length)
    .map(([other]) =>
      loadOther(other).catch((error) => {
        if (!(error instanceof UserError)) throw error;
        throw new UserError(
          `environment "${other}" declares secrets, which every run reads to mask: ${error.message}`,
          {
            file: error.file,
            line: error.line,
            path: error.path,
          },
        );
      }),
    );
  const all = [environment, ...(await Promise.all(withSecrets))];
  for (const env of all) {
    for (const { name: key, value } of env.secretValues) {
      const why = unmaskable(value.value);
      if (why) {
        throw new UserError(
          `the secret ${key} of environment "${env.name}" (from ${describeOrigin(value)}) ${why}; set its real value, or take it out of ${value.origin === "secrets-input" ? "the `secrets` input" : "`secrets:`"}`,
          { file: loaded.file, line: loaded.lineOf(["environments", env.name, "secrets"]) },
        );
      }
    }
  }
  return {
    loaded,
    environment,
    loadOther,
    mask: createMasker(all.flatMap((e) => e.secretValues.map((s) => s.value.value))),
  };
}
