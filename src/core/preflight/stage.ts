import { parseDuration } from "../config/duration.js";
import type { LoadedConfig } from "../config/load.js";
import { appliesTo } from "../config/scope.js";
import type { Environment } from "../environment/load.js";
import { stageReport } from "../report/build.js";
import type { Result, StageReport } from "../report/types.js";
import { checkIdentity } from "./identity.js";
import { type PlannedCheck, runChecks } from "./runner.js";

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

/**
 * The preflight stage for one environment: identity first (failing it stops the stage), then every
 * check that applies to the environment. The report holds what the checks saw, secrets included:
 * front ends mask it where it leaves the process. Whether there is anything to check is runStage's
 * question (core/stages/run-stage.ts), asked before this runs.
 */
export async function runPreflightStage(options: PreflightOptions): Promise<StageReport> {
  const { loaded, environment } = options;
  const { config } = loaded;
  const processEnv = options.processEnv ?? process.env;
  const planned: PlannedCheck[] = (config.preflight ?? [])
    .map((check, index) => ({ check, line: loaded.lineOf(["preflight", index]) }))
    .filter((p) => appliesTo(p.check, environment.name));
  const identity = environment.config.identity;
  const results: Result[] = [];
  const started = Date.now();
  if (identity) {
    const outcome = await checkIdentity({
      identity,
      environment,
      repo: options.repo,
      processEnv,
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
      context: {
        repo: options.repo,
        environment,
        configFile: loaded.file,
        loadOther: options.loadOther,
        processEnv,
      },
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
