import { appliesTo } from "../config/scope.js";
import { runPreflightStage } from "../preflight/stage.js";
import type { StagePart } from "./types.js";

/** The checks against the environment; its identity alone is something to check. */
export const preflightPart: StagePart = {
  name: "preflight",
  nothing: "no preflight check (and no identity)",
  applies: (loaded, environment) =>
    (loaded.config.preflight ?? []).some((check) => appliesTo(check, environment.name)) ||
    Boolean(environment.config.identity),
  run: ({ host, prepared }) =>
    runPreflightStage({
      loaded: prepared.loaded,
      environment: prepared.environment,
      repo: host.repo,
      loadOther: prepared.loadOther,
      processEnv: host.processEnv,
      strict: host.strict,
      log: host.log,
    }),
};
