import { changedPaths, changedSinceCommit } from "../artifacts/changed-inputs.js";
import type { InputIds } from "../artifacts/input-ids.js";
import { type Fingerprinted, fingerprintArtifacts } from "../artifacts/inputs.js";
import { artifactPlace } from "../artifacts/observe.js";
import type { BaselineStore, DeployRecord } from "../artifacts/records.js";
import { shortSha } from "../artifacts/records.js";
import { withinBudget } from "../budget.js";
import { parseDuration } from "../config/duration.js";
import type { LoadedConfig } from "../config/load.js";
import { appliesTo } from "../config/scope.js";
import { stageReport } from "../report/build.js";
import type { Result, StageReport } from "../report/types.js";
import type { HowToRun } from "../wording.js";
import { askAll, type Predicting, predicts } from "./ask.js";
import type { Asked } from "./types.js";
import { decidePrediction, type PredictFacts } from "./verdict.js";

export interface PredictStageOptions {
  loaded: LoadedConfig;
  environment: string;
  /** The checkout of the commit about to be built. */
  repo: string;
  baseline: BaselineStore;
  howToRun: HowToRun;
  /** The environment the build tools run in (PATH, HOME, their own settings); process.env when absent. */
  processEnv?: Record<string, string | undefined>;
  log?: (line: string) => void;
  strict?: boolean;
  /** Repository-relative paths that are never inputs (the state file and its lock). */
  ignorePaths?: string[];
}

const applying = (opts: PredictStageOptions) =>
  (opts.loaded.config.artifacts ?? [])
    .map((artifact, index) => ({ artifact, index }))
    .filter((a): a is { artifact: Predicting; index: number } => predicts(a.artifact))
    .filter(({ artifact }) => appliesTo(artifact, opts.environment));

/** What the gate knows of one artifact's last deploy, compared with the work tree. */
async function baselineFacts(
  e: Fingerprinted<Predicting>,
  opts: PredictStageOptions,
  records: DeployRecord[],
  ids: InputIds,
): Promise<PredictFacts["baseline"]> {
  const carrier = records.find((record) => record.artifacts[e.artifact.name]);
  const prior = carrier?.artifacts[e.artifact.name];
  if (!carrier || !prior) return undefined;
  const now = e.inputs.files();
  const inputsChanged = prior.fingerprint !== e.inputs.fingerprint;
  // As the artifacts stage names them: from the record's paths, else git's diff of the two commits
  // with the work tree over it (never a second listing of the baseline's whole tree).
  const changed = !inputsChanged
    ? undefined
    : prior.files
      ? changedPaths(prior.files, now)
      : await changedSinceCommit(opts.repo, carrier.commit, "HEAD", ids, e.matcher);
  const at = shortSha(carrier.commit);
  return {
    at,
    inputsChanged,
    changed,
    present: (path) => Object.hasOwn(now, path),
    key: prior.buildKey,
    noKey: `the deploy at ${at} was recorded without a build key, so there is nothing to compare the build system's answer with; after deploying, ${opts.howToRun("record", opts.environment)}`,
  };
}

function resultFor(
  e: Fingerprinted<Predicting>,
  asked: Asked,
  baseline: PredictFacts["baseline"],
  opts: PredictStageOptions,
): Result {
  const place = artifactPlace(opts.loaded, e.index);
  if (!asked.ok)
    return { id: e.artifact.name, status: "fail", verdict: asked.verdict, message: asked.message, ...place };
  const files = asked.prediction.files;
  const undeclared = files ? [...files].filter((path) => e.matcher.match(path) < 0).sort() : [];
  const decided = decidePrediction({
    prediction: asked.prediction,
    undeclared,
    baseline,
    firstDeploy: `no deploy of ${e.artifact.name} to ${opts.environment} is recorded yet; after deploying, ${opts.howToRun("record", opts.environment)}`,
  });
  return { id: e.artifact.name, ...decided, ...place };
}

/**
 * `deploy-gate predict`: before the build, asks each artifact's build system (turbo, nx, nix or a
 * command) what it counts and what its build key is, and compares that with the inputs changed
 * since the environment's last deploy. Never writes.
 */
export async function runPredictStage(opts: PredictStageOptions): Promise<StageReport> {
  const artifacts = applying(opts);
  const budget = opts.loaded.config.defaults.budget;
  const outcome = await withinBudget(parseDuration(budget), async (signal) => {
    const answers = askAll(
      artifacts.map((a) => a.artifact),
      { repo: opts.repo, env: opts.processEnv ?? process.env, signal },
    );
    answers.catch(() => {});
    const [{ fingerprinted, ids }, latest, history] = await Promise.all([
      fingerprintArtifacts(opts.loaded, opts.repo, "HEAD", artifacts, opts.ignorePaths),
      opts.baseline.latest(opts.environment, signal),
      opts.baseline.history(opts.environment, signal),
    ]);
    const records = latest ? [latest, ...history] : history;
    const baselines = await Promise.all(fingerprinted.map((e) => baselineFacts(e, opts, records, ids)));
    const asked = await answers;
    opts.log?.(`predict: ${fingerprinted.length} artifact(s) for ${opts.environment}`);
    return fingerprinted.map((e, k) => resultFor(e, asked.get(e.artifact.name)!, baselines[k], opts));
  });
  if (outcome) return stageReport("predict", outcome.value, opts.strict);
  // Nothing is known until every build tool has answered: each artifact is a timeout.
  const results: Result[] = artifacts.map(({ artifact, index }) => ({
    id: artifact.name,
    status: "fail",
    verdict: "timeout",
    message: `the budget of ${budget} ran out while asking the build system about ${artifact.name}; make it answer sooner or raise \`defaults.budget\``,
    ...artifactPlace(opts.loaded, index),
  }));
  return stageReport("predict", results, opts.strict);
}
