import { type ArtifactsStageOptions, runArtifactsStage } from "./artifacts/stage.js";
import type { LoadedConfig } from "./config/load.js";
import { appliesTo } from "./config/scope.js";
import type { Environment } from "./environment/load.js";
import { NothingToCheck } from "./nothing-to-check.js";
import { type PreflightOptions, runPreflightStage } from "./preflight/stage.js";
import type { StageReport } from "./report/types.js";

export interface GateOptions {
  loaded: LoadedConfig;
  environment: Environment;
  repo: string;
  /** HEAD, as the front end read it for its report. */
  commit: string;
  baseline: ArtifactsStageOptions["baseline"];
  howToRun: ArtifactsStageOptions["howToRun"];
  loadOther: PreflightOptions["loadOther"];
  processEnv?: PreflightOptions["processEnv"];
  ignorePaths?: string[];
  strict?: boolean;
  log?: (line: string) => void;
}

/** Which stages have anything to check for the environment. */
export function gateStages(loaded: LoadedConfig, environment: Environment): { artifacts: boolean; preflight: boolean } {
  const { config } = loaded;
  const name = environment.name;
  return {
    artifacts: (config.artifacts ?? []).some((a) => appliesTo(a, name)),
    preflight: (config.preflight ?? []).some((c) => appliesTo(c, name)) || Boolean(environment.config.identity),
  };
}

/**
 * `gate --env NAME`: every stage configured for NAME, in one report. The stages are independent (a
 * failed identity stops the preflight, not the artifacts), but they run one after the other: a
 * preflight command that touches the work tree must not race the fingerprinting of the inputs.
 * A gate with nothing to check is a config error, never a pass.
 */
export async function runGate(options: GateOptions): Promise<StageReport[]> {
  const { loaded, environment } = options;
  const stages = gateStages(loaded, environment);
  if (!stages.artifacts && !stages.preflight) {
    throw new NothingToCheck(
      ["artifacts", "preflight"],
      environment.name,
      "no artifact and no preflight check",
      loaded.file,
    );
  }
  const artifacts = stages.artifacts
    ? await runArtifactsStage({
        loaded,
        environment: environment.name,
        repo: options.repo,
        commit: options.commit,
        values: environment.values,
        baseline: options.baseline,
        howToRun: options.howToRun,
        ignorePaths: options.ignorePaths,
        strict: options.strict,
        log: options.log,
      })
    : undefined;
  const preflight = stages.preflight
    ? await runPreflightStage({
        loaded,
        environment,
        repo: options.repo,
        loadOther: options.loadOther,
        processEnv: options.processEnv,
        strict: options.strict,
        log: options.log,
      })
    : undefined;
  return [artifacts, preflight].filter((s): s is StageReport => s !== undefined);
}
