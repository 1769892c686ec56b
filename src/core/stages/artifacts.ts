import { type ArtifactsStageOptions, recordArtifacts, runArtifactsStage } from "../artifacts/stage.js";
import { appliesTo } from "../config/scope.js";
import type { StagePart, StageRun } from "./types.js";

const artifactsOptions = ({ host, prepared, commit, scan }: StageRun): ArtifactsStageOptions => ({
  loaded: prepared.loaded,
  environment: prepared.environment.name,
  repo: host.repo,
  commit,
  values: prepared.environment.values,
  baseline: host.baseline(),
  howToRun: host.howToRun,
  ignorePaths: host.ignorePaths,
  maxRecordedPaths: host.maxRecordedPaths,
  checked: host.checked,
  strict: host.strict,
  log: host.log,
  processEnv: host.processEnv,
  scan,
});

/** No artifact applying is nothing to check: an empty record would also hide the earlier ones. */
const applies: StagePart["applies"] = (loaded, environment) =>
  (loaded.config.artifacts ?? []).some((artifact) => appliesTo(artifact, environment.name));

/** Each artifact against the last deploy to the environment; never writes. */
export const artifactsPart: StagePart = {
  name: "artifacts",
  nothing: "no artifact",
  applies,
  readsWorkTree: true,
  run: (run) => runArtifactsStage(artifactsOptions(run)),
};

/** Stores what was deployed as the next baseline, or refuses when an artifact cannot be known. */
export const recordPart: StagePart = {
  name: "artifacts",
  nothing: "no artifact",
  applies,
  readsWorkTree: true,
  run: async (run) => (await recordArtifacts(artifactsOptions(run))).stage,
};
