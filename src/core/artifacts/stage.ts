import { withinBudget } from "../budget.js";
import { parseDuration } from "../config/duration.js";
import type { LoadedConfig } from "../config/load.js";
import type { ArtifactConfig } from "../config/schema.js";
import { appliesTo } from "../config/scope.js";
import { UserError } from "../errors.js";
import { headCommit } from "../git.js";
import { stageReport } from "../report/build.js";
import type { Result, StageReport } from "../report/types.js";
import type { HowToRun } from "../wording.js";
import {
  type ArtifactInputs,
  changedPaths,
  fingerprintInputs,
  type InputMatcher,
  inputMatcher,
} from "./fingerprint.js";
import { committedIds } from "./git-objects.js";
import { artifactPlace, type Observation, observe } from "./observe.js";
import type { ArtifactRecord, BaselineStore, DeployRecord } from "./records.js";
import { shortSha } from "./records.js";
import type { RegistryCredentials, RegistryOptions } from "./registry.js";
import { fingerprintAt, resolveCommit, sameCommit } from "./revision.js";
import { decide, type VerdictFacts } from "./verdict.js";
import { fingerprintWorkTree } from "./work-tree-fingerprints.js";

export interface ArtifactsStageOptions {
  loaded: LoadedConfig;
  environment: string;
  /** The checkout of the commit being deployed. */
  repo: string;
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
}

interface Examined {
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

const listPaths = (paths: string[]): string => {
  const shown = paths.slice(0, 3).join(", ");
  return paths.length > 3 ? `${shown}, and ${paths.length - 3} more` : shown;
};

/**
 * What each artifact is still waiting for, so a stage cut short by its budget can say so. Entries
 * leave when the artifact's verdict is known.
 */
type Progress = Map<string, string>;

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
  const progress: Progress = new Map(
    applying(opts).map(({ artifact }) => [artifact.name, "fingerprinting its inputs"]),
  );
  const budget = opts.loaded.config.defaults.budget;
  const outcome = await withinBudget(parseDuration(budget), (signal) => work(signal, progress));
  if (outcome) return { done: outcome.value };
  const results: Result[] = applying(opts)
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

/** Fingerprints every artifact's inputs and looks at every artifact; a glob matching nothing is a config error. */
async function examine(
  opts: ArtifactsStageOptions,
  signal: AbortSignal,
  progress: Progress,
): Promise<{ commit: string; examined: Examined[] }> {
  const { loaded, repo } = opts;
  const commit = await headCommit(repo);
  const ignore = new Set(opts.ignorePaths ?? []);
  const artifacts = applying(opts).map((a) => ({ ...a, matcher: inputMatcher(a.artifact.inputs, ignore) }));
  const fingerprints = await fingerprintWorkTree(
    repo,
    artifacts.map((a) => a.matcher),
  );
  const fingerprinted = artifacts.map((a, k) => {
    const inputs = fingerprints[k];
    const unmatched = inputs.unmatched[0];
    if (unmatched !== undefined) {
      const keyPath = ["artifacts", a.index, "inputs", unmatched];
      throw new UserError(
        `glob "${a.artifact.inputs[unmatched]}" matches no file in the repository, so ${a.artifact.name} could never be checked; fix the pattern or remove it`,
        { file: loaded.file, line: loaded.lineOf(keyPath), path: `artifacts[${a.index}].inputs[${unmatched}]` },
      );
    }
    return { ...a, inputs };
  });
  const registry: RegistryOptions = {
    credentials: registryCredentials(opts.values),
    timeoutMs: parseDuration(loaded.config.defaults.timeout),
    ...opts.registry,
    signal,
  };
  const examined = await Promise.all(
    fingerprinted.map(async (a) => {
      progress.set(a.artifact.name, waitingFor(a.artifact));
      const seen = await observe(a.artifact, { repo, values: opts.values, registry });
      progress.set(a.artifact.name, "reading the recorded deploys");
      return { ...a, seen };
    }),
  );
  return { commit, examined };
}

function missingVariables(e: Examined, loaded: LoadedConfig): Result | undefined {
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
  e: Examined,
  commit: string,
  opts: ArtifactsStageOptions,
  history: DeployRecord[],
  baseline: ArtifactRecord | undefined,
): Promise<string | undefined> {
  const { seen, inputs } = e;
  const revision = seen.revision;
  if (revision && !sameCommit(revision, commit)) {
    const other = await fingerprintAt(opts.repo, revision, e.artifact.name, e.matcher, history);
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

/** Names the inputs that changed since the baseline, from the record or the baseline commit's tree. */
async function changedSince(e: Examined, baseline: DeployRecord, prior: ArtifactRecord, repo: string) {
  let before = prior.files;
  if (!before) {
    const full = await resolveCommit(repo, baseline.commit);
    if (full) before = fingerprintInputs(await committedIds(repo, full), e.matcher).files();
  }
  if (!before) {
    return `inputs changed since ${shortSha(baseline.commit)} (to name the changed paths the clone needs that commit: use fetch-depth: 0)`;
  }
  return `inputs changed (${listPaths(changedPaths(before, e.inputs.files()))})`;
}

async function verdictFor(
  e: Examined,
  commit: string,
  opts: ArtifactsStageOptions,
  latest: DeployRecord | undefined,
  history: DeployRecord[],
): Promise<Result> {
  const place = artifactPlace(opts.loaded, e.index);
  const variables = missingVariables(e, opts.loaded);
  if (variables) return variables;
  // The last deploy that carried this artifact: a later record may lack it (its scope or the config changed).
  const carrier = [latest, ...history].find((record) => record?.artifacts[e.artifact.name]);
  const prior = carrier?.artifacts[e.artifact.name];
  const facts: VerdictFacts = {
    missing: e.seen.missing,
    mutableRef: e.seen.mutableRef,
    firstDeploy: `no deploy of ${e.artifact.name} to ${opts.environment} is recorded yet; after deploying, ${opts.howToRun("record", opts.environment)}`,
  };
  if (!facts.missing && !facts.mutableRef) facts.wrongRevision = await wrongRevision(e, commit, opts, history, prior);
  if (carrier && prior && e.seen.digest) {
    const inputsChanged = prior.fingerprint !== e.inputs.fingerprint;
    const at = shortSha(carrier.commit);
    const changed = inputsChanged ? await changedSince(e, carrier, prior, opts.repo) : "";
    facts.baseline = {
      inputsChanged,
      artifactChanged: prior.digest !== e.seen.digest,
      describe: (verdict) => {
        switch (verdict) {
          case "skipped-rebuild":
            return `${changed} but the artifact is byte-identical to the one deployed at ${at}; rebuild it (the build skipped it) before deploying`;
          case "undeclared-change":
            return `the artifact changed since the deploy at ${at} but its inputs did not; declare the missing input in \`inputs\`, or make the build reproducible`;
          case "rebuilt":
            return `${changed} and the artifact was rebuilt since the deploy at ${at}`;
          default:
            return `neither the inputs nor the artifact changed since the deploy at ${at}`;
        }
      },
    };
  }
  const decided = decide(facts);
  return { id: e.artifact.name, ...decided, ...place };
}

/**
 * `deploy-gate artifacts`: each artifact against the last deploy to the environment. Never writes.
 * runStage (core/stages/run-stage.ts) has already refused an environment no artifact applies to.
 */
export async function runArtifactsStage(opts: ArtifactsStageOptions): Promise<StageReport> {
  const outcome = await budgeted(opts, async (signal, progress) => {
    const { commit, examined } = await examine(opts, signal, progress);
    opts.log?.(`artifacts: ${examined.length} artifact(s) at ${shortSha(commit)} for ${opts.environment}`);
    const [latest, history] = await Promise.all([
      opts.baseline.latest(opts.environment),
      opts.baseline.history(opts.environment),
    ]);
    const results: Result[] = [];
    for (const e of examined) {
      progress.set(e.artifact.name, "comparing it with the recorded deploys");
      results.push(await verdictFor(e, commit, opts, latest, history));
      progress.delete(e.artifact.name);
    }
    return stageReport("artifacts", results, opts.strict);
  });
  return "done" in outcome ? outcome.done : outcome.timedOut;
}

/** The record that `record` would write, or the results that refuse it. */
type Decided = { refused: StageReport; record?: undefined } | { refused?: undefined; record: DeployRecord };

async function decideRecord(
  opts: ArtifactsStageOptions & { now?: () => Date },
  examined: Examined[],
  commit: string,
): Promise<Decided> {
  const limit = opts.maxRecordedPaths ?? 5000;
  const refusals: Result[] = [];
  const artifacts: Record<string, ArtifactRecord> = {};
  for (const e of examined) {
    const place = artifactPlace(opts.loaded, e.index);
    const variables = missingVariables(e, opts.loaded);
    const why = variables ? undefined : (e.seen.missing ?? (e.seen.digest ? undefined : e.seen.mutableRef));
    if (variables) refusals.push(variables);
    else if (why) {
      const verdict = e.seen.missing ? "missing" : "mutable-ref";
      refusals.push({ id: e.artifact.name, status: "fail", verdict, message: `not recorded: ${why}`, ...place });
    } else {
      const all = e.inputs.files();
      const files = Object.keys(all).length <= limit ? all : undefined;
      artifacts[e.artifact.name] = {
        kind: e.seen.kind,
        digest: e.seen.digest!,
        fingerprint: e.inputs.fingerprint,
        ...(files ? { files } : {}),
        ...(e.seen.revision ? { revision: e.seen.revision } : {}),
      };
    }
  }
  if (refusals.length) {
    const skipped: Result[] = examined
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
      commit,
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
    const { commit, examined } = await examine(opts, signal, progress);
    return { ...(await decideRecord(opts, examined, commit)), examined };
  });
  if ("timedOut" in outcome) return { stage: outcome.timedOut };
  if (outcome.done.refused) return { stage: outcome.done.refused };
  // Written outside the budget, once every artifact is known: a record is never half-decided.
  const { record, examined } = outcome.done;
  await opts.baseline.save(opts.environment, record);
  const results: Result[] = examined.map((e) => ({
    id: e.artifact.name,
    status: "pass",
    verdict: "recorded",
    message: `recorded ${record.artifacts[e.artifact.name].digest.slice(0, 19)}… at ${shortSha(record.commit)} as the baseline for ${opts.environment}`,
    ...artifactPlace(opts.loaded, e.index),
  }));
  return { stage: stageReport("artifacts", results), record };
}
