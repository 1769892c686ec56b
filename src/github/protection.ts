import type { ProtectionRequirement } from "../core/config/schema.js";
import { describeError } from "../core/errors.js";
import type { PolicySource, ProtectionDecision, RunFacts, VerdictFact } from "../core/protection/decide.js";
import { statusContext } from "../core/protection/decide.js";
import type { Api, RepoRef } from "./api.js";

/**
 * GitHub's side of the deployment protection rule: the run being gated, the verdicts on its
 * commit, the environments still waiting, and the review that decides them.
 */

/** Pages of 100 statuses read per commit: a commit with more has its oldest ones left unread. */
const STATUS_PAGES = 3;

/**
 * The run a `deployment_callback_url` reviews. The payload has no run id field; the URL is
 * `<api>/repos/{o}/{r}/actions/runs/{id}/deployment_protection_rule`, with `/api/v3` on GHES.
 * It must name the repository the delivery is about.
 */
export function runIdFromCallback(url: string | undefined, ref: RepoRef): number | undefined {
  if (!url) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(new URL(url).pathname);
  } catch {
    return undefined;
  }
  const m = /\/repos\/([^/]+)\/([^/]+)\/actions\/runs\/(\d+)\/deployment_protection_rule\/?$/.exec(path);
  if (!m || m[1].toLowerCase() !== ref.owner.toLowerCase() || m[2].toLowerCase() !== ref.repo.toLowerCase()) {
    return undefined;
  }
  const id = Number(m[3]);
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

/** The parts of a workflow run the rule reads. */
export interface WorkflowRun {
  id: number;
  event: string;
  head_branch: string | null;
  head_sha: string;
  run_started_at?: string | null;
  created_at: string;
  html_url: string;
  head_repository?: { id?: number; full_name?: string } | null;
  repository?: { id?: number; full_name?: string } | null;
  pull_requests?: PullLike[] | null;
}

export interface PullLike {
  number: number;
  merge_commit_sha?: string | null;
  merged_at?: string | null;
  head: { sha: string };
  html_url?: string;
}

/** The run's facts; `ref` and `event` from the delivery when it has them (the deployment's own). */
export function runFactsOf(run: WorkflowRun, given: { ref?: string; event?: string; sha?: string } = {}): RunFacts {
  const head = run.head_repository;
  const base = run.repository;
  // No head repository (deleted fork) is treated as a fork: the code's origin is unknown.
  const fromFork =
    !head ||
    (head.id !== undefined && base?.id !== undefined ? head.id !== base.id : head.full_name !== base?.full_name);
  return {
    id: run.id,
    event: given.event ?? run.event,
    ref: given.ref ?? run.head_branch ?? "",
    sha: given.sha ?? run.head_sha,
    fromFork,
    startedAt: Date.parse(run.run_started_at ?? run.created_at),
  };
}

/**
 * A list GitHub answered, or an error: Octokit hands over an empty string when a body was cut (a
 * timeout mid-answer), and an empty list must never stand for "none".
 */
function listOf<T>(data: unknown, what: string): T[] {
  if (!Array.isArray(data)) throw new Error(`GitHub's answer for ${what} is not a list`);
  return data as T[];
}

/** A workflow run as GitHub answers it; anything else (an empty or cut answer) is an error, never facts. */
function asRun(data: unknown, what: string): WorkflowRun {
  const run = data as Partial<WorkflowRun> | null;
  if (
    !run ||
    typeof run !== "object" ||
    typeof run.id !== "number" ||
    typeof run.head_sha !== "string" ||
    !run.repository
  ) {
    throw new Error(`GitHub's answer for ${what} is not a workflow run`);
  }
  return run as WorkflowRun;
}

export async function getRun(api: Api, ref: RepoRef, runId: number): Promise<WorkflowRun> {
  const { data } = await api.request("GET /repos/{owner}/{repo}/actions/runs/{run_id}", { ...ref, run_id: runId });
  return asRun(data, `workflow run ${runId}`);
}

/** Runs of a commit whose jobs wait for a protection rule or a reviewer (first 100). */
export async function waitingRuns(api: Api, ref: RepoRef, sha: string): Promise<WorkflowRun[]> {
  const { data } = await api.request("GET /repos/{owner}/{repo}/actions/runs", {
    ...ref,
    head_sha: sha,
    status: "waiting",
    per_page: 100,
  });
  const runs = (data as unknown as { workflow_runs?: unknown[] }).workflow_runs;
  if (!Array.isArray(runs)) throw new Error(`GitHub's answer for the waiting runs of ${sha.slice(0, 7)} lists no runs`);
  return runs.map((run) => asRun(run, `a waiting run of ${sha.slice(0, 7)}`));
}

/** The environments of a run still waiting: what may still be decided. */
export async function pendingEnvironments(api: Api, ref: RepoRef, runId: number): Promise<string[]> {
  const { data } = await api.request("GET /repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments", {
    ...ref,
    run_id: runId,
  });
  return listOf<{ environment?: { name?: string } }>(data, `the pending deployments of run ${runId}`).flatMap((d) =>
    d.environment?.name ? [d.environment.name] : [],
  );
}

interface CommitStatus {
  context: string;
  state: string;
  description?: string | null;
  target_url?: string | null;
  created_at: string;
}

/**
 * Whether a status names this run as its origin: the action sets `target_url` to the run's page
 * (`<repository page>/actions/runs/<id>`, an attempt's page below it).
 */
export function namesRun(targetUrl: string | null | undefined, repoUrl: string, runId: number): boolean {
  if (!targetUrl) return false;
  const prefix = `${repoUrl.replace(/\/+$/, "")}/actions/runs/${runId}`.toLowerCase();
  const url = targetUrl.toLowerCase();
  return url === prefix || (url.startsWith(prefix) && /^[/?#]/.test(url.slice(prefix.length)));
}

/**
 * Each required status's verdict for this run: the newest status of its context (as the action
 * names it, case aside) that names the run and was written after the run started. Others prove
 * nothing about this deploy: last week's green, or one another workflow posted.
 */
export async function statusVerdicts(
  api: Api,
  ref: RepoRef,
  target: { sha: string; repoUrl: string; run: RunFacts; environment: string },
  requirements: ProtectionRequirement[],
): Promise<VerdictFact[]> {
  const statuses: CommitStatus[] = [];
  for (let page = 1; page <= STATUS_PAGES; page++) {
    const { data } = await api.request("GET /repos/{owner}/{repo}/commits/{ref}/statuses", {
      ...ref,
      ref: target.sha,
      per_page: 100,
      page,
    });
    const listed = listOf<CommitStatus>(data, `the statuses of ${target.sha.slice(0, 7)}`);
    statuses.push(...listed);
    if (listed.length < 100) break;
  }
  return requirements.map((requirement) => {
    const name = statusContext(requirement, target.environment);
    const found = statuses
      .filter(
        (s) =>
          s.context.toLowerCase() === name.toLowerCase() &&
          namesRun(s.target_url, target.repoUrl, target.run.id) &&
          Date.parse(s.created_at) >= target.run.startedAt,
      )
      .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at))[0];
    if (!found) return { requirement, name, state: "absent" };
    const state = found.state === "success" ? "success" : found.state === "pending" ? "pending" : "failure";
    return {
      requirement,
      name,
      state,
      ...(found.description ? { description: found.description } : {}),
      ...(found.target_url ? { url: found.target_url } : {}),
    };
  });
}

export const CHECKLIST = "deploy-gate/checklist";

interface CheckRun {
  id: number;
  status: string;
  conclusion: string | null;
  html_url?: string | null;
  details_url?: string | null;
  output?: { title?: string | null };
  app?: { id: number } | null;
}

/**
 * The merged pull request that brought `sha`, and whether its last head had `deploy-gate/checklist`
 * green from this app (a check run's app cannot be forged, a status's author can).
 */
export async function checklistVerdict(
  api: Api,
  ref: RepoRef,
  sha: string,
  appId: number | undefined,
  given: PullLike[] = [],
): Promise<VerdictFact> {
  const base = { requirement: "checklist", name: CHECKLIST } as const;
  if (!appId) throw new Error("the app does not know its own id (APP_ID), so it cannot tell its checklist check");
  const merged = (pulls: PullLike[]) => pulls.find((p) => p.merged_at && p.merge_commit_sha === sha);
  let pull = merged(given);
  if (!pull) {
    const { data } = await api.request("GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls", {
      ...ref,
      commit_sha: sha,
    });
    pull = merged(listOf<PullLike>(data, `the pull requests of ${sha.slice(0, 7)}`));
  }
  if (!pull) {
    return {
      ...base,
      state: "failure",
      description: `no merged pull request brought ${sha.slice(0, 7)} (a direct push), so no checklist was ticked for it`,
    };
  }
  const { data } = await api.request("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", {
    ...ref,
    ref: pull.head.sha,
    check_name: CHECKLIST,
    app_id: appId,
    filter: "latest",
    per_page: 100,
  });
  const ours = listOf<CheckRun>(
    (data as { check_runs?: unknown }).check_runs,
    `the check runs of ${pull.head.sha.slice(0, 7)}`,
  )
    .filter((c) => c.app?.id === appId)
    .sort((a, b) => b.id - a.id)[0];
  const url = ours?.html_url ?? pull.html_url;
  if (!ours) {
    return {
      ...base,
      state: "failure",
      description: `#${pull.number} was merged without a deploy-gate/checklist check from the deploy-gate app on its last head ${pull.head.sha.slice(0, 7)}`,
      ...(url ? { url } : {}),
    };
  }
  const title = ours.output?.title ?? ours.conclusion ?? ours.status;
  if (ours.status !== "completed")
    return { ...base, state: "pending", description: `#${pull.number}: ${title}`, ...(url ? { url } : {}) };
  return {
    ...base,
    state: ours.conclusion === "success" ? "success" : "failure",
    description:
      ours.conclusion === "success"
        ? `#${pull.number}: ${title}`
        : `#${pull.number} was merged with the checklist at "${title}"`,
    ...(url ? { url } : {}),
  };
}

/** A failed read in one sentence, for a report. */
export const faultOf = (doing: string, error: unknown): string =>
  `${doing} failed: ${describeError(error).split("\n")[0]}`;

/** Every verdict the policy requires, each read on its own: a failed read is a fault, never a pass. */
export async function requiredVerdicts(
  api: Api,
  ref: RepoRef,
  target: { sha: string; repoUrl: string; run: RunFacts; appId?: number; pulls?: PullLike[] },
  policy: Extract<PolicySource, { kind: "ok" }>,
): Promise<{ verdicts: VerdictFact[]; faults: string[] }> {
  const faults: string[] = [];
  const verdicts: VerdictFact[] = [];
  const statuses = policy.protection.require.filter((r) => r !== "checklist");
  const reads: Promise<void>[] = [];
  if (statuses.length) {
    reads.push(
      statusVerdicts(api, ref, { ...target, environment: policy.name }, statuses).then(
        (found) => void verdicts.push(...found),
        (error) => void faults.push(faultOf(`reading the statuses of ${target.sha.slice(0, 7)}`, error)),
      ),
    );
  }
  if (policy.protection.require.includes("checklist")) {
    reads.push(
      checklistVerdict(api, ref, target.sha, target.appId, target.pulls).then(
        (found) => void verdicts.push(found),
        (error) => void faults.push(faultOf("reading the checklist", error)),
      ),
    );
  }
  await Promise.all(reads);
  const order = policy.protection.require;
  verdicts.sort((a, b) => order.indexOf(a.requirement) - order.indexOf(b.requirement));
  return { verdicts, faults };
}

/**
 * Posts the decision, or (pending) a status report: the same endpoint, a report without `state`.
 * Octokit's own retries are off here: a retry must first learn whether the last try landed.
 */
export async function postReview(
  api: Api,
  ref: RepoRef,
  runId: number,
  environment: string,
  decision: ProtectionDecision,
): Promise<void> {
  await api.request("POST /repos/{owner}/{repo}/actions/runs/{run_id}/deployment_protection_rule", {
    ...ref,
    run_id: runId,
    environment_name: environment,
    comment: decision.comment,
    ...(decision.state === "pending" ? {} : { state: decision.state }),
    request: { retries: 0 },
  } as never);
}
