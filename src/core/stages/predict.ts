import { appliesTo } from "../config/scope.js";
import { runPredictStage } from "../predict/stage.js";
import type { StagePart } from "./types.js";

/** Before the build: each artifact's build system against the last deploy to the environment; never writes. */
export const predictPart: StagePart = {
  name: "predict",
  nothing: "no artifact with `predict`",
  applies: (loaded, environment) =>
    (loaded.config.artifacts ?? []).some((artifact) => artifact.predict && appliesTo(artifact, environment.name)),
  run: ({ host, prepared }) =>
    runPredictStage({
      loaded: prepared.loaded,
      environment: prepared.environment.name,
      repo: host.repo,
      baseline: host.baseline(),
      howToRun: host.howToRun,
      processEnv: host.processEnv,
      ignorePaths: host.ignorePaths,
      strict: host.strict,
      log: host.log,
    }),
};
