import {
  decide,
  type PolicySource,
  type ProtectionDecision,
  type RunFacts,
  refusals,
} from "../core/protection/decide.js";
import type { Api, RepoRef } from "./api.js";
import { faultOf, type PullLike, pendingEnvironments, postReview, requiredVerdicts } from "./protection.js";

/** What the rule would decide for one environment of a run: reads only what the policy needs. */
export async function evaluate(
  api: Api,
  ref: RepoRef,
  input: {
    environment: string;
    policy: PolicySource;
    run: RunFacts;
    repoUrl: string;
    appId?: number;
    pulls?: PullLike[];
    now: number;
    /** What already failed to be read (the config, the run): the decision cannot be an approval. */
    faults?: string[];
  },
): Promise<ProtectionDecision> {
  const { policy, run } = input;
  // A run refused by its ref, event or origin, a broken config or a failed read needs no verdict read.
  if (policy.kind !== "ok" || refusals(policy, run).length || input.faults?.length) return decide(input);
  const { verdicts, faults } = await requiredVerdicts(
    api,
    ref,
    { sha: run.sha, repoUrl: input.repoUrl, run, appId: input.appId, pulls: input.pulls },
    policy,
  );
  return decide({ ...input, verdicts, faults });
}

/** Status reports GitHub keeps per deployment; one more is refused. */
export const MAX_REPORTS = 10;

/** What this process posted per (run, environment): how many reports, the last one's text, a decision. */
export interface ReviewMemory {
  get(key: string): { reports: number; last?: string; decided?: boolean } | undefined;
  set(key: string, value: { reports: number; last?: string; decided?: boolean }): void;
}

export function reviewMemory(size = 5000): ReviewMemory {
  const seen = new Map<string, { reports: number; last?: string; decided?: boolean }>();
  return {
    get: (key) => seen.get(key),
    set: (key, value) => {
      seen.delete(key);
      seen.set(key, value);
      if (seen.size > size) seen.delete(seen.keys().next().value as string);
    },
  };
}

const isWaiting = (names: string[], environment: string) =>
  names.some((n) => n.toLowerCase() === environment.toLowerCase());

/** 5xx, a timeout or a dropped connection: the write may or may not have landed. */
const isTransient = (error: unknown) => {
  const status = (error as { status?: number }).status;
  return status === undefined || status >= 500;
};

export type Outcome = "decided" | "reported" | "already-decided" | "unchanged" | "report-limit";

/**
 * Posts a decision once per (run, environment). Before each try it re-reads which environments
 * still wait, so a redelivery, a second job of the run or another process deciding first makes
 * this a no-op; a try that failed on GitHub's side is retried only after that re-read. A pending
 * decision posts a report unless it says what the last one said, and never more than GitHub keeps.
 */
export async function settle(
  api: Api,
  ref: RepoRef,
  target: { runId: number; environment: string; memory: ReviewMemory; attempts?: number },
  decision: ProtectionDecision,
): Promise<Outcome> {
  const key = `${ref.owner}/${ref.repo}:${target.runId}:${target.environment.toLowerCase()}`;
  const seen = target.memory.get(key) ?? { reports: 0 };
  if (seen.decided) return "already-decided";
  if (decision.state === "pending") {
    if (seen.last === decision.comment) return "unchanged";
    if (seen.reports >= MAX_REPORTS) return "report-limit";
    try {
      await postReview(api, ref, target.runId, target.environment, decision);
    } catch (error) {
      // GitHub refusing a report (its limit, reached by another process; a deployment no longer
      // waiting) changes no decision: the next event decides.
      if (isTransient(error)) throw error;
      target.memory.set(key, { reports: MAX_REPORTS, last: decision.comment });
      return "report-limit";
    }
    target.memory.set(key, { reports: seen.reports + 1, last: decision.comment });
    return "reported";
  }
  const attempts = target.attempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    let waiting: string[];
    try {
      waiting = await pendingEnvironments(api, ref, target.runId);
    } catch (error) {
      throw new Error(faultOf(`reading the pending deployments of run ${target.runId}`, error));
    }
    if (!isWaiting(waiting, target.environment)) {
      target.memory.set(key, { ...seen, decided: true });
      return attempt === 1 ? "already-decided" : "decided";
    }
    try {
      await postReview(api, ref, target.runId, target.environment, decision);
      target.memory.set(key, { ...seen, decided: true });
      return "decided";
    } catch (error) {
      if (!isTransient(error) || attempt >= attempts) throw error;
    }
  }
}
