import { appliesTo } from "../config/scope.js";
import { runPreflightStage } from "../preflight/stage.js";
import type { StagePart, StageRun } from "./types.js";

/** What a stage of checks (preflight, verify) takes from the host and the prepared environment. */
export const checkStageOptions = ({ host, prepared }: StageRun) => ({
  loaded: prepared.loaded,
  environment: prepared.environment,
  repo: host.repo,
  loadOther: prepared.loadOther,
  processEnv: host.processEnv,
  strict: host.strict,
  log: host.log,
});

/** The checks against the environment; its identity alone is something to check. */
export const preflightPart: StagePart = {
  name: "preflight",
  nothing: "no preflight check (and no identity)",
  applies: (loaded, environment) =>
    (loaded.config.preflight ?? []).some((check) => appliesTo(check, environment.name)) ||
    Boolean(environment.config.identity),
  run: (run) => runPreflightStage(checkStageOptions(run)),
};
