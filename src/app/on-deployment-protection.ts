import type { Context } from "probot";
import { type PolicySource, policyFor, type RunFacts } from "../core/protection/decide.js";
import type { Api, RepoRef } from "../github/api.js";
import {
  CHECKLIST,
  faultOf,
  getRun,
  type PullLike,
  pendingEnvironments,
  runFactsOf,
  runIdFromCallback,
  type WorkflowRun,
  waitingRuns,
} from "../github/protection.js";
import { evaluate, settle } from "../github/protection-review.js";
import { FILE, readConfig } from "./config.js";
import { type AppDeps, apiOf } from "./deps.js";

/** Reads for one decision end by then, so the delivery is answered within GitHub's 10 s. */
export const READ_DEADLINE_MS = 7000;

/** Every read of `api` ends when `signal` does: a timed-out read is a fault, never a pass. */
const bounded = (api: Api, signal: AbortSignal): Api =>
  ({
    ...api,
    request: (route: string, params?: Record<string, unknown>) =>
      api.request(route as never, { ...params, request: { ...(params?.request as object), signal } } as never),
  }) as unknown as Api;

const runKey = (ref: RepoRef, runId: number) => `${ref.owner}/${ref.repo}:run:${runId}`;

interface Gating {
  runId: number;
  environments: string[];
  /** The rule was asked about these environments (deployment_protection_rule): no policy is a rejection. */
  asked: boolean;
  run?: WorkflowRun;
  given?: { ref?: string; event?: string; sha?: string };
  pulls?: PullLike[];
}

/** Decides (or reports on) each environment of one run that waits for the rule. */
async function gateRun(context: Context, deps: AppDeps, gating: Gating): Promise<void> {
  const ref = context.repo();
  const api = apiOf(context);
  const repoUrl = (context.payload as { repository: { html_url: string } }).repository.html_url;
  const reads = bounded(api, AbortSignal.timeout(deps.readDeadlineMs ?? READ_DEADLINE_MS));
  const faults: string[] = [];
  let source: Awaited<ReturnType<typeof readConfig>> | undefined;
  try {
    source = await readConfig(context);
  } catch (error) {
    faults.push(faultOf(`reading ${FILE}`, error));
  }
  let run: RunFacts | undefined;
  try {
    run = runFactsOf(gating.run ?? (await getRun(reads, ref, gating.runId)), gating.given);
  } catch (error) {
    faults.push(faultOf(`reading workflow run ${gating.runId}`, error));
  }
  const facts: RunFacts = run ?? {
    id: gating.runId,
    event: gating.given?.event ?? "",
    ref: gating.given?.ref ?? "",
    sha: gating.given?.sha ?? "",
    fromFork: false,
    startedAt: Number.NaN,
  };
  const failed: unknown[] = [];
  for (const environment of gating.environments) {
    const policy: PolicySource = !source
      ? { kind: "error", message: faults[0] ?? "the config was not read" }
      : source.kind === "none"
        ? policyFor(undefined, environment, FILE)
        : source.kind === "error"
          ? { kind: "error", message: `${FILE} on the default branch is invalid (${source.message}); fix it` }
          : policyFor(source.config, environment, FILE);
    // Found by a status or check event: only environments deploy-gate protects are its to decide.
    if (!gating.asked && policy.kind === "none") continue;
    const decision = await evaluate(reads, ref, {
      environment,
      policy,
      run: facts,
      repoUrl,
      appId: deps.appId,
      pulls: gating.pulls,
      now: (deps.now ?? Date.now)(),
      faults,
    });
    try {
      const outcome = await settle(api, ref, { runId: gating.runId, environment, memory: deps.reviews }, decision);
      context.log.info(`run ${gating.runId} ${environment}: ${decision.state} (${outcome})`);
    } catch (error) {
      failed.push(error);
    }
  }
  // The delivery fails, so it can be redelivered; the next event finds the run again anyway.
  if (failed.length === 1) throw failed[0];
  if (failed.length) throw new AggregateError(failed, "several reviews failed");
}

/** deployment_protection_rule.requested: a job waits for the rule on one environment. */
export async function onProtectionRequested(
  context: Context<"deployment_protection_rule.requested">,
  deps: AppDeps,
): Promise<void> {
  const p = context.payload;
  const ref = context.repo();
  const runId = runIdFromCallback(p.deployment_callback_url, ref);
  if (!runId || !p.environment || !p.deployment) {
    throw new Error(
      "the deployment_protection_rule delivery names no run of this repository (deployment_callback_url), environment or deployment, so it cannot be reviewed",
    );
  }
  const environment = p.environment;
  await deps.serialize(runKey(ref, runId), () =>
    gateRun(context, deps, {
      runId,
      environments: [environment],
      asked: true,
      given: { ref: p.deployment?.ref, event: p.event, sha: p.deployment?.sha },
      pulls: p.pull_requests as PullLike[] | undefined,
    }),
  );
}

/** Every run of `sha` still waiting, found again from GitHub: nothing is kept between events. */
async function gateWaitingRuns(context: Context, deps: AppDeps, sha: string): Promise<void> {
  const ref = context.repo();
  const api = apiOf(context);
  for (const run of await waitingRuns(api, ref, sha)) {
    await deps.serialize(runKey(ref, run.id), async () => {
      const environments = await pendingEnvironments(api, ref, run.id);
      if (!environments.length) return;
      await gateRun(context, deps, { runId: run.id, environments, asked: false, run, pulls: run.pull_requests ?? [] });
    });
  }
}

/** status: one of deploy-gate's own statuses changed on a commit a deploy may wait for. */
export async function onStatus(context: Context<"status">, deps: AppDeps): Promise<void> {
  if (!context.payload.context.startsWith("deploy-gate/")) return;
  await gateWaitingRuns(context, deps, context.payload.sha);
}

/** check_run.completed: a check on a commit completed; our checklist also frees its PR's merge commit. */
export async function onCheckCompleted(context: Context<"check_run.completed">, deps: AppDeps): Promise<void> {
  const run = context.payload.check_run;
  await gateWaitingRuns(context, deps, run.head_sha);
  if (run.name !== CHECKLIST || !deps.appId || run.app?.id !== deps.appId) return;
  for (const { number } of run.pull_requests ?? []) {
    const { data } = await apiOf(context).request("GET /repos/{owner}/{repo}/pulls/{pull_number}", {
      ...context.repo(),
      pull_number: number,
    });
    if (data.merged_at && data.merge_commit_sha) await gateWaitingRuns(context, deps, data.merge_commit_sha);
  }
}
