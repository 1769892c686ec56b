import { withinBudget } from "../budget.js";
import { parseDuration } from "../config/duration.js";
import type { LoadedConfig } from "../config/load.js";
import type { ArtifactConfig } from "../config/schema.js";
import { appliesTo } from "../config/scope.js";
import { askAll, predicts } from "../predict/ask.js";
import type { Asked } from "../predict/types.js";
import { stageReport } from "../report/build.js";
import type { Result, StageReport } from "../report/types.js";
import type { HowToRun } from "../wording.js";
import { changedPaths, changedSinceCommit, committedChanges, type TreeChanges } from "./changed-inputs.js";
import { type ArtifactInputs, type InputMatcher, listPaths } from "./fingerprint.js";
import type { InputIds, WorkTreeScan } from "./input-ids.js";
import { fingerprintArtifacts } from "./inputs.js";
import { artifactPlace, type Observation, observe } from "./observe.js";
import type { ArtifactRecord, BaselineStore, DeployRecord } from "./records.js";
import { shortSha } from "./records.js";
import type { RegistryCredentials, RegistryOptions } from "./registry.js";
import { fingerprintAt, sameCommit } from "./revision.js";
import type { GitCapabilities } from "./tree-listing.js";
import { decide, type VerdictFacts } from "./verdict.js";

export interface ArtifactsStageOptions {
  loaded: LoadedConfig;
  environment: string;
  /** The checkout of the commit being deployed. */
  repo: string;
  /** That commit (HEAD), as runStage read it for the report: never read again. */
  commit: string;
  /** The environment's variables, for `${NAME}` in `image`. */
  values: Record<string, string>;
  baseline: BaselineStore;
  /** The front end's words for running a stage, for messages such as "record the first deploy". */
  howToRun: HowToRun;
  log?: (line: string) => void;
  strict?: boolean;
  registry?: RegistryOptions;
  /** Repository-relative paths that are never inputs (the state file and its lock, when inside the repository). */
  ignorePaths?: string[];
  /** Inputs listed path by path in a record up to this many; beyond, only the fingerprint. */
  maxRecordedPaths?: number;
  /** The environment the build tools of `predict:` run in (record stores their build keys). */
  processEnv?: Record<string, string | undefined>;
  /** record: what the gate checked for this commit; an artifact that differs from it is not recorded. */
  checked?: CheckedArtifacts;
  /** git's look at the work tree of `commit`, when runStage started it already. */
  scan?: WorkTreeScan;
}

/** The digests the artifacts stage found at a commit: the gate job hands them to `record`. */
export interface CheckedArtifacts {
  commit: string;
  artifacts: Record<string, string>;
}

/** One artifact as examining found it: its inputs, and what is built or deployed. */
interface ArtifactFindings {
  index: number;
  artifact: ArtifactConfig;
  matcher: InputMatcher;
  inputs: ArtifactInputs;
  seen: Observation;
}

/** Registry credentials from the environment's variables (the action's `secrets` input included). */
export function registryCredentials(values: Record<string, string>): RegistryOptions["credentials"] {
  const username = values.DEPLOY_GATE_REGISTRY_USERNAME;
  const password = values.DEPLOY_GATE_REGISTRY_PASSWORD;
  const credentials: RegistryCredentials | undefined =
    username && password !== undefined ? { username, password } : undefined;
  return () => credentials;
}

/**
 * What each artifact is still waiting for, so a stage cut short by its budget can say so. Entries
 * leave when the artifact's verdict is known.
 */
type Progress = Map<string, string>;

const FINGERPRINTING = "fingerprinting its inputs";
const READING_RECORDS = "reading the recorded deploys";

const applying = (opts: ArtifactsStageOptions) =>
  (opts.loaded.config.artifacts ?? [])
    .map((artifact, index) => ({ artifact, index }))
    .filter(({ artifact }) => appliesTo(artifact, opts.environment));

const waitingFor = (artifact: ArtifactConfig): string => {
  if (artifact.path !== undefined) return `reading ${artifact.path}`;
  return artifact.resolve ? `asking the registry about ${artifact.image}` : `reading ${artifact.image}`;
};

/**
 * Runs a stage's work under `defaults.budget`. When it runs out, every artifact without a verdict
 * fails as `timeout`, naming what it was waiting for; nothing is recorded.
 */
async function budgeted<T>(
  opts: ArtifactsStageOptions,
  work: (signal: AbortSignal, progress: Progress) => Promise<T>,
): Promise<{ done: T } | { timedOut: StageReport }> {
  const artifacts = applying(opts);
  const progress: Progress = new Map(artifacts.map(({ artifact }) => [artifact.name, FINGERPRINTING]));
  const budget = opts.loaded.config.defaults.budget;
  const outcome = await withinBudget(parseDuration(budget), (signal) => work(signal, progress));
  if (outcome) return { done: outcome.value };
  const results: Result[] = artifacts
    .filter(({ artifact }) => progress.has(artifact.name))
    .map(({ artifact, index }) => ({
      id: artifact.name,
      status: "fail",
      verdict: "timeout",
      message: `the budget of ${budget} ran out while ${progress.get(artifact.name)}, so ${artifact.name} was not checked; make that answer sooner or raise \`defaults.budget\``,
      ...artifactPlace(opts.loaded, index),
    }));
  return { timedOut: stageReport("artifacts", results, opts.strict) };
}

/** git's diff from a baseline commit to the one checked, asked once per baseline. */
type TreeDiffs = (since: string) => Promise<TreeChanges | undefined>;

/** What every verdict is read from: the inputs as the work tree holds them, and each artifact's findings. */
interface Evidence {
  /** What the installed git can do, as the first listing found: for every listing after it. */
  git: GitCapabilities;
  ids: InputIds;
  found: ArtifactFindings[];
}

/**
 * Fingerprints every artifact's inputs while looking at every artifact (a registry's answer takes
 * as long as `git status` may); a glob matching nothing is a config error.
 */
async function examine(opts: ArtifactsStageOptions, signal: AbortSignal, progress: Progress): Promise<Evidence> {
  const { loaded, repo, commit } = opts;
  const artifacts = applying(opts);
  // A fingerprint that fails (a glob matching nothing) ends the looks still in flight.
  const failed = new AbortController();
  const registry: RegistryOptions = {
    credentials: registryCredentials(opts.values),
    timeoutMs: parseDuration(loaded.config.defaults.timeout),
    ...opts.registry,
    signal: AbortSignal.any([signal, failed.signal]),
  };
  // Until the inputs are fingerprinted, that is what every artifact waits for; then its look, while it lasts.
  let inputsKnown = false;
  const looked = new Set<string>();
  const seen = artifacts.map(async ({ artifact }) => {
    const observation = await observe(artifact, { repo, values: opts.values, registry });
    looked.add(artifact.name);
    if (inputsKnown) progress.set(artifact.name, READING_RECORDS);
    return observation;
  });
  const observed = Promise.all(seen);
  observed.catch(() => {});
  const { git, ids, fingerprinted } = await fingerprintArtifacts(
    loaded,
    repo,
    commit,
    artifacts,
    opts.ignorePaths,
    opts.scan,
  ).catch((error) => {
    failed.abort(error);
    throw error;
  });
  inputsKnown = true;
  for (const { artifact } of artifacts)
    progress.set(artifact.name, looked.has(artifact.name) ? READING_RECORDS : waitingFor(artifact));
  const observations = await observed;
  return { git, ids, found: fingerprinted.map((a, k) => ({ ...a, seen: observations[k] })) };
}

function missingVariables(e: ArtifactFindings, loaded: LoadedConfig): Result | undefined {
  const names = e.seen.missingVariables;
  if (!names?.length) return undefined;
  return {
    id: e.artifact.name,
    status: "fail",
    verdict: "missing-variable",
    message: `\`image\` names ${names.map((n) => `\${${n}}`).join(", ")}, which the environment does not define; add ${names.length > 1 ? "them" : "it"} to the environment's variables`,
    ...artifactPlace(loaded, e.index),
  };
}

async function wrongRevision(
  e: ArtifactFindings,
  opts: ArtifactsStageOptions,
  git: GitCapabilities,
  history: DeployRecord[],
  baseline: ArtifactRecord | undefined,
): Promise<string | undefined> {
  const { seen, inputs } = e;
  const { commit } = opts;
  const revision = seen.revision;
  if (revision && !sameCommit(revision, commit)) {
    const other = await fingerprintAt(opts.repo, git, revision, e.artifact.name, e.matcher, history);
    if (!other) {
      return `the image says it was built from ${shortSha(revision)}, which is not in this clone and has no record, so its inputs cannot be compared; fetch the full history (actions/checkout with fetch-depth: 0) or rebuild it from ${shortSha(commit)}`;
    }
    if (other.fingerprint !== inputs.fingerprint) {
      const paths = other.files ? changedPaths(other.files, inputs.files()) : [];
      return `the image says it was built from ${shortSha(revision)}, whose inputs differ from ${shortSha(commit)}'s${paths.length ? ` (${listPaths(paths)})` : ""}; rebuild it from ${shortSha(commit)}`;
    }
    return undefined;
  }
  if (!seen.digest || seen.digest === baseline?.digest) return undefined;
  // The record: this exact artifact was deployed before from another commit.
  for (const record of history) {
    const earlier = record.artifacts[e.artifact.name];
    if (!earlier || earlier.digest !== seen.digest || sameCommit(record.commit, commit)) continue;
    if (earlier.fingerprint === inputs.fingerprint) return undefined;
    return `this artifact is byte-identical to the one built from ${shortSha(record.commit)} (deployed ${record.recordedAt}), whose inputs differ from ${shortSha(commit)}'s; rebuild it from ${shortSha(commit)}`;
  }
  return undefined;
}

/**
 * Names the inputs that changed since the baseline: from the record's paths, else from git's diff
 * of the baseline commit's tree and this one, with the work tree over it.
 */
async function changedSince(
  e: ArtifactFindings,
  opts: ArtifactsStageOptions,
  ids: InputIds,
  baseline: DeployRecord,
  prior: ArtifactRecord,
  diffs: TreeDiffs,
): Promise<string> {
  const paths = prior.files
    ? changedPaths(prior.files, e.inputs.files())
    : await changedSinceCommit(opts.repo, baseline.commit, opts.commit, ids, e.matcher, diffs(baseline.commit));
  if (!paths) {
    return `inputs changed since ${shortSha(baseline.commit)} (to name the changed paths the clone needs that commit: use fetch-depth: 0)`;
  }
  return `inputs changed (${listPaths(paths)})`;
}

async function verdictFor(
  e: ArtifactFindings,
  opts: ArtifactsStageOptions,
  evidence: Evidence,
  latest: DeployRecord | undefined,
  history: DeployRecord[],
  diffs: TreeDiffs,
): Promise<Result> {
  const place = artifactPlace(opts.loaded, e.index);
  const variables = missingVariables(e, opts.loaded);
  if (variables) return variables;
  const baseline = baselineOf(e.artifact.name, latest, history);
  const prior = baseline?.artifacts[e.artifact.name];
  const facts: VerdictFacts = {
    missing: e.seen.missing,
    mutableRef: e.seen.mutableRef,
    firstDeploy: `no deploy of ${e.artifact.name} to ${opts.environment} is recorded yet; after deploying, ${opts.howToRun("record", opts.environment)}`,
  };
  if (!facts.missing && !facts.mutableRef) {
    facts.wrongRevision = await wrongRevision(e, opts, evidence.git, history, prior);
  }
  if (baseline && prior && e.seen.digest) {
    const inputsChanged = prior.fingerprint !== e.inputs.fingerprint;
    facts.baseline = {
      inputsChanged,
      artifactChanged: prior.digest !== e.seen.digest,
      changed: inputsChanged ? await changedSince(e, opts, evidence.ids, baseline, prior, diffs) : "",
      at: shortSha(baseline.commit),
    };
  }
  return { id: e.artifact.name, ...decide(facts), ...place };
}

/** The last deploy that recorded `name`: a later record may lack it (its scope or the config changed). */
const baselineOf = (name: string, latest: DeployRecord | undefined, history: DeployRecord[]) =>
  [latest, ...history].find((record) => record?.artifacts[name]);

function treeDiffs(opts: ArtifactsStageOptions, signal: AbortSignal): TreeDiffs {
  const asked = new Map<string, Promise<TreeChanges | undefined>>();
  return (since) => {
    let diff = asked.get(since);
    if (!diff) {
      diff = committedChanges(opts.repo, since, opts.commit, signal);
      asked.set(since, diff);
    }
    return diff;
  };
}

/**
 * `deploy-gate artifacts`: each artifact against the last deploy to the environment. Never writes.
 * runStage (core/stages/run-stage.ts) has already refused an environment no artifact applies to.
 */
export async function runArtifactsStage(opts: ArtifactsStageOptions): Promise<StageReport> {
  const outcome = await budgeted(opts, async (signal, progress) => {
    // The recorded deploys are read while the work tree is, and so is git's diff from each
    // baseline without per-path ids (the one thing that names changed inputs then). Both end
    // with the budget, or when examining fails and nothing will use them.
    const unwanted = new AbortController();
    const reading = AbortSignal.any([signal, unwanted.signal]);
    const records = Promise.all([
      opts.baseline.latest(opts.environment, reading),
      opts.baseline.history(opts.environment, reading),
    ]);
    const diffs = treeDiffs(opts, reading);
    records
      .then(([latest, history]) => {
        for (const { artifact } of applying(opts)) {
          const baseline = baselineOf(artifact.name, latest, history);
          if (baseline && !baseline.artifacts[artifact.name].files && !sameCommit(baseline.commit, opts.commit))
            diffs(baseline.commit).catch(() => {});
        }
      })
      .catch(() => {});
    const evidence = await examine(opts, signal, progress).catch((error) => {
      unwanted.abort(error);
      throw error;
    });
    opts.log?.(`artifacts: ${evidence.found.length} artifact(s) at ${shortSha(opts.commit)} for ${opts.environment}`);
    const [latest, history] = await records;
    const results: Result[] = [];
    for (const e of evidence.found) {
      progress.set(e.artifact.name, "comparing it with the recorded deploys");
      results.push(await verdictFor(e, opts, evidence, latest, history, diffs));
      progress.delete(e.artifact.name);
    }
    return { ...stageReport("artifacts", results, opts.strict), digests: digestsOf(evidence.found) };
  });
  return "done" in outcome ? outcome.done : outcome.timedOut;
}

/** The stage's digests, for `record` to compare with (artifacts without one are left out). */
const digestsOf = (found: ArtifactFindings[]): Record<string, string> =>
  Object.fromEntries(found.flatMap((e) => (e.seen.digest ? [[e.artifact.name, e.seen.digest]] : [])));

/**
 * Why an artifact that differs from what the gate checked is not recorded: a baseline must be what
 * was checked and deployed, not something swapped in between (a re-pushed tag, another build).
 */
function notChecked(
  checked: CheckedArtifacts | undefined,
  e: ArtifactFindings,
  commit: string,
): { verdict: string; message: string } | undefined {
  if (!checked) return undefined;
  const refuse = (verdict: string, message: string) => ({ verdict, message });
  if (!sameCommit(checked.commit, commit)) {
    return refuse(
      "not-checked",
      `not recorded: the gate checked ${shortSha(checked.commit)}, but this is ${shortSha(commit)}; record the commit the gate checked, or gate this one`,
    );
  }
  const expected = checked.artifacts[e.artifact.name];
  if (!expected) {
    return refuse(
      "not-checked",
      `not recorded: the gate checked no digest of ${e.artifact.name} at ${shortSha(commit)}; pass the gate job's \`checked\` output to record`,
    );
  }
  if (expected !== e.seen.digest) {
    return refuse(
      "digest-changed",
      `not recorded: its digest ${e.seen.digest?.slice(0, 19)}… is not the ${expected.slice(0, 19)}… the gate checked at ${shortSha(commit)}, so what was deployed is not what was checked; gate and deploy it again`,
    );
  }
  return undefined;
}

/** Why an artifact cannot be recorded, as its result; or the digest (and build key) to record. */
function recordable(
  e: ArtifactFindings,
  opts: ArtifactsStageOptions,
  asked: Asked | undefined,
): { refusal: Result } | { digest: string; buildKey?: string } {
  const variables = missingVariables(e, opts.loaded);
  if (variables) return { refusal: variables };
  const { missing, digest, mutableRef } = e.seen;
  const refuse = (verdict: string, message: string) => ({
    refusal: { id: e.artifact.name, status: "fail" as const, verdict, message, ...artifactPlace(opts.loaded, e.index) },
  });
  if (missing) return refuse("missing", `not recorded: ${missing}`);
  // observe() gives an image without a digest only with a mutable tag.
  if (!digest) return refuse("mutable-ref", `not recorded: ${mutableRef ?? "its digest cannot be known"}`);
  const unchecked = notChecked(opts.checked, e, opts.commit);
  if (unchecked) return refuse(unchecked.verdict, unchecked.message);
  if (asked && !asked.ok)
    return refuse(asked.verdict, `not recorded: the build key could not be read: ${asked.message}`);
  return { digest, ...(asked?.ok ? { buildKey: asked.prediction.key } : {}) };
}

/** The record that `record` would write, or the results that refuse it. */
type Decided = { refused: StageReport; record?: undefined } | { refused?: undefined; record: DeployRecord };

function decideRecord(
  opts: ArtifactsStageOptions & { now?: () => Date },
  found: ArtifactFindings[],
  keys: Map<string, Asked>,
): Decided {
  const limit = opts.maxRecordedPaths ?? 5000;
  const refusals: Result[] = [];
  const artifacts: Record<string, ArtifactRecord> = {};
  for (const e of found) {
    const decided = recordable(e, opts, keys.get(e.artifact.name));
    if ("refusal" in decided) {
      refusals.push(decided.refusal);
      continue;
    }
    artifacts[e.artifact.name] = {
      kind: e.seen.kind,
      digest: decided.digest,
      fingerprint: e.inputs.fingerprint,
      // One input is one path: the paths are built only when the record can carry them.
      ...(e.inputs.count <= limit ? { files: e.inputs.files() } : {}),
      ...(e.seen.revision ? { revision: e.seen.revision } : {}),
      ...(decided.buildKey !== undefined ? { buildKey: decided.buildKey } : {}),
    };
  }
  if (refusals.length) {
    const skipped: Result[] = found
      .filter((e) => artifacts[e.artifact.name])
      .map((e) => ({
        id: e.artifact.name,
        status: "pass",
        verdict: "not-recorded",
        message: `not recorded because another artifact could not be; fix that and run record again`,
        ...artifactPlace(opts.loaded, e.index),
      }));
    return { refused: stageReport("artifacts", [...refusals, ...skipped]) };
  }
  return {
    record: {
      tool: "deploy-gate",
      version: 1,
      environment: opts.environment,
      commit: opts.commit,
      recordedAt: (opts.now?.() ?? new Date()).toISOString(),
      artifacts,
    },
  };
}

/**
 * `deploy-gate record`: stores what was deployed as the next baseline. Refuses (fail results,
 * nothing written) when any artifact is missing or its digest cannot be known, or when the budget
 * runs out before every artifact was looked at.
 */
export async function recordArtifacts(
  opts: ArtifactsStageOptions & { now?: () => Date },
): Promise<{ stage: StageReport; record?: DeployRecord }> {
  const outcome = await budgeted(opts, async (signal, progress) => {
    // The build keys `predict` compares next time, asked while the artifacts are looked at.
    const predicting = applying(opts)
      .map((a) => a.artifact)
      .filter(predicts);
    const keys = askAll(predicting, { repo: opts.repo, env: opts.processEnv ?? process.env, signal });
    keys.catch(() => {});
    const { found } = await examine(opts, signal, progress);
    return { ...decideRecord(opts, found, await keys), found };
  });
  if ("timedOut" in outcome) return { stage: outcome.timedOut };
  if (outcome.done.refused) return { stage: outcome.done.refused };
  // Written outside the budget, once every artifact is known: a record is never half-decided.
  const { record, found } = outcome.done;
  await opts.baseline.save(opts.environment, record);
  const results: Result[] = found.map((e) => ({
    id: e.artifact.name,
    status: "pass",
    verdict: "recorded",
    message: `recorded ${record.artifacts[e.artifact.name].digest.slice(0, 19)}… at ${shortSha(record.commit)} as the baseline for ${opts.environment}`,
    ...artifactPlace(opts.loaded, e.index),
  }));
  return { stage: stageReport("artifacts", results), record };
}
