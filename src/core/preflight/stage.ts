import { parseDuration } from "../config/duration.js";
import type { LoadedConfig } from "../config/load.js";
import { appliesTo } from "../config/scope.js";
import type { Environment } from "../environment/load.js";
import { stageReport } from "../report/build.js";
import type { Result, StageReport } from "../report/types.js";
import { checkIdentity } from "./identity.js";
import { type PlannedCheck, runChecks, type SharedContext } from "./runner.js";

export interface PreflightOptions {
  loaded: LoadedConfig;
  /** The environment being deployed, from loadEnvironment. */
  environment: Environment;
  /** The checkout of the commit being deployed. */
  repo: string;
  /** Another environment's variables, for `parity_with` (from prepareEnvironment). */
  loadOther: (name: string) => Promise<Environment>;
  /** What commands inherit (PATH, HOME, cloud credentials); process.env when absent. */
  processEnv?: Record<string, string | undefined>;
  strict?: boolean;
  /** Progress lines (stderr in the CLI, the log in the action), masked there as all output is. */
  log?: (line: string) => void;
}

/** The checks listed under `section` that apply to `environment`, with their config line and index. */
export function plannedChecks<S extends "preflight" | "verify">(loaded: LoadedConfig, section: S, environment: string) {
  const listed: NonNullable<LoadedConfig["config"][S]> = loaded.config[section] ?? [];
  return listed
    .map((check: (typeof listed)[number], index: number) => ({ check, line: loaded.lineOf([section, index]), index }))
    .filter((p) => appliesTo(p.check, environment));
}

/** What every check of a stage shares: the checkout, the environment, and how to load another. */
export const checkContext = (options: PreflightOptions): SharedContext => ({
  repo: options.repo,
  environment: options.environment,
  configFile: options.loaded.file,
  loadOther: options.loadOther,
  processEnv: options.processEnv ?? process.env,
});

/**
 * The preflight stage for one environment: identity first (failing it stops the stage), then every
 * check that applies to the environment. The report holds what the checks saw, secrets included:
 * front ends mask it where it leaves the process. Whether there is anything to check is runStage's
 * question (core/stages/run-stage.ts), asked before this runs.
 */
export async function runPreflightStage(options: PreflightOptions): Promise<StageReport> {
  const { loaded, environment } = options;
  const { config } = loaded;
  const context = checkContext(options);
  const planned: PlannedCheck[] = plannedChecks(loaded, "preflight", environment.name);
  const identity = environment.config.identity;
  const results: Result[] = [];
  const started = Date.now();
  if (identity) {
    const outcome = await checkIdentity({
      identity,
      environment,
      repo: options.repo,
      processEnv: context.processEnv,
      // The budget bounds the whole stage, identity included.
      timeoutMs: Math.min(
        parseDuration(identity.timeout ?? config.defaults.timeout),
        parseDuration(config.defaults.budget),
      ),
      pending: planned.length,
      place: { file: loaded.file, line: loaded.lineOf(["environments", environment.name, "identity"]) },
    });
    options.log?.("preflight: identity checked");
    results.push(outcome);
    if (outcome.status !== "pass") return finish(options, [outcome]);
  }
  let done = 0;
  options.log?.(`preflight: ${planned.length} check${planned.length === 1 ? "" : "s"} for "${environment.name}"`);
  results.push(
    ...(await runChecks(planned, {
      context,
      defaults: config.defaults,
      budgetMs: parseDuration(config.defaults.budget) - (Date.now() - started),
      // Progress only: what finished and how many are left. Verdicts are the report's to tell, once.
      onDone: (check) => options.log?.(`preflight: ${++done} of ${planned.length} done (${check.id})`),
    })),
  );
  return finish(options, results);
}

function finish(options: PreflightOptions, results: Result[]): StageReport {
  return stageReport("preflight", results, options.strict);
}
