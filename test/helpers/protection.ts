import type { components } from "@octokit/openapi-webhooks-types";
import nock from "nock";
import { examplePayload } from "./payloads.js";

type Requested = components["schemas"]["webhook-deployment-protection-rule-requested"];
type Deployment = components["schemas"]["deployment"];
type SimpleUser = components["schemas"]["simple-user"];
type PullRequest = components["schemas"]["pull-request"];
type Repository = components["schemas"]["repository-webhooks"];

export const OWNER = "Codertocat";
export const NAME = "Hello-World";
export const REPO = `/repos/${OWNER}/${NAME}`;
export const REPO_URL = `https://github.com/${OWNER}/${NAME}`;
export const APP_ID = 4242;
export const RUN_ID = 4711;
export const SHA = "6113728f27ae82c7b1a177c8d03f9e96e0adf246";
export const PR_HEAD = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
export const STARTED = "2026-12-02T01:00:00Z";
export const AFTER = "2026-12-02T01:05:00Z";
export const BEFORE = "2026-12-01T09:00:00Z";

export const CONFIG = `version: 1
environments:
  production:
    protection:
      require: [artifacts, preflight, checklist]
      refs: [main, "release/*"]
      events: [push, workflow_dispatch]
      wait: 30m
`;

const sender: SimpleUser = {
  login: "mona",
  id: 21,
  node_id: "MDQ6VXNlcjIx",
  avatar_url: "https://avatars.githubusercontent.com/u/21?v=4",
  gravatar_id: "",
  url: "https://api.github.com/users/mona",
  html_url: "https://github.com/mona",
  followers_url: "https://api.github.com/users/mona/followers",
  following_url: "https://api.github.com/users/mona/following{/other_user}",
  gists_url: "https://api.github.com/users/mona/gists{/gist_id}",
  starred_url: "https://api.github.com/users/mona/starred{/owner}{/repo}",
  subscriptions_url: "https://api.github.com/users/mona/subscriptions",
  organizations_url: "https://api.github.com/users/mona/orgs",
  repos_url: "https://api.github.com/users/mona/repos",
  events_url: "https://api.github.com/users/mona/events{/privacy}",
  received_events_url: "https://api.github.com/users/mona/received_events",
  type: "User",
  site_admin: false,
};

/** The repository as GitHub's own examples carry it (the schema's `repository-webhooks`). */
const repository = (): Repository => examplePayload("pull_request", "closed").repository;

/** A merged pull request (the schema's `pull-request`, from GitHub's example) that brought `sha`. */
export function mergedPull(number: number, mergeSha = SHA, head = PR_HEAD): PullRequest {
  const pr = examplePayload("pull_request", "closed").pull_request;
  return {
    ...pr,
    number,
    state: "closed",
    merged: true,
    merged_at: AFTER,
    merge_commit_sha: mergeSha,
    head: { ...pr.head, sha: head },
  };
}

export interface RequestedOptions {
  environment?: string;
  event?: string;
  ref?: string;
  sha?: string;
  runId?: number;
  /** The API's base as GitHub puts it in the callback URL (`https://HOST/api/v3` on GHES). */
  api?: string;
  pulls?: PullRequest[];
}

/** deployment_protection_rule.requested, built to the schema in @octokit/openapi-webhooks-types. */
export function requestedPayload(options: RequestedOptions = {}): Requested {
  const api = options.api ?? "https://api.github.com";
  const environment = options.environment ?? "production";
  const sha = options.sha ?? SHA;
  const deployment: Deployment = {
    url: `${api}${REPO}/deployments/9001`,
    id: 9001,
    node_id: "DE_kwDOAAAB",
    sha,
    ref: options.ref ?? "main",
    task: "deploy",
    payload: {},
    original_environment: environment,
    environment,
    description: null,
    creator: sender,
    created_at: AFTER,
    updated_at: AFTER,
    statuses_url: `${api}${REPO}/deployments/9001/statuses`,
    repository_url: `${api}${REPO}`,
    transient_environment: false,
    production_environment: true,
  };
  const payload = {
    action: "requested",
    environment,
    event: options.event ?? "push",
    deployment_callback_url: `${api}${REPO}/actions/runs/${options.runId ?? RUN_ID}/deployment_protection_rule`,
    deployment,
    pull_requests: options.pulls ?? [],
    repository: repository(),
    installation: { id: 1, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" },
    sender,
  } satisfies Requested;
  return payload;
}

export interface Status {
  context: string;
  state: string;
  description?: string;
  target_url?: string | null;
  created_at: string;
}

/** A status the action wrote from the run being gated, after it started. */
export const ours = (
  context: string,
  state = "success",
  description = "passed: 0 failed, 0 warned, 3 passed",
): Status => ({
  context,
  state,
  description,
  target_url: `${REPO_URL}/actions/runs/${RUN_ID}`,
  created_at: AFTER,
});

export interface Review {
  environment_name: string;
  state?: string;
  comment: string;
}

/**
 * GitHub as the protection rule sees it, with state: the run, its commit's statuses, the
 * environments still waiting (a decision takes its environment off), the checklist check runs on
 * PR heads and the reviews posted. Review writes can fail with 502 (`failReviews`), optionally
 * after GitHub carried them out (`landDespiteFailure`).
 */
export function protectionGitHub(options: { api?: string; config?: string | null; statusDelayMs?: number } = {}) {
  const state = {
    run: {
      id: RUN_ID,
      event: "push",
      head_branch: "main" as string | null,
      head_sha: SHA,
      run_started_at: STARTED,
      created_at: STARTED,
      html_url: `${REPO_URL}/actions/runs/${RUN_ID}`,
      head_repository: { id: 1296269, full_name: `${OWNER}/${NAME}` } as { id: number; full_name: string } | null,
      repository: { id: 1296269, full_name: `${OWNER}/${NAME}` },
      pull_requests: [] as unknown[],
    },
    statuses: [] as Status[],
    pending: ["production"],
    /** The waiting runs listing answers this run while anything is pending. */
    checkRuns: [
      { id: 1, status: "completed", conclusion: "success", output: { title: "3 of 3 ticked" }, app: { id: APP_ID } },
    ] as unknown[],
    commitPulls: [] as unknown[],
    reviews: [] as Review[],
    failReviews: 0,
    landDespiteFailure: false,
    failStatuses: 0,
    cutStatuses: false,
    /** Status reports answered 422, as GitHub does past its 10 per deployment. */
    refuseReports: false,
    requests: [] as string[],
  };
  const scope = nock(options.api ?? "https://api.github.com").persist();
  scope.on("request", (req: any) => state.requests.push(`${req.method} ${req.path.split("?")[0]}`));
  if (options.config !== null) {
    scope.get(`${REPO}/contents/.github%2Fdeploy-gate.yml`).reply(200, options.config ?? CONFIG);
  } else {
    scope.get(`${REPO}/contents/.github%2Fdeploy-gate.yml`).reply(404, { message: "Not Found" });
    scope.get("/repos/Codertocat/.github/contents/.github%2Fdeploy-gate.yml").reply(404, { message: "Not Found" });
  }
  scope.get(`${REPO}/actions/runs/${RUN_ID}`).reply(() => [200, state.run]);
  scope
    .get(`${REPO}/actions/runs`)
    .query(true)
    .reply((uri) => {
      const query = new URL(uri, "http://x").searchParams;
      const waiting = state.pending.length > 0 && query.get("head_sha") === state.run.head_sha;
      return [200, { total_count: waiting ? 1 : 0, workflow_runs: waiting ? [state.run] : [] }];
    });
  scope.get(`${REPO}/actions/runs/${RUN_ID}/pending_deployments`).reply(() => [
    200,
    state.pending.map((name, i) => ({
      environment: { id: i + 1, name },
      wait_timer: 0,
      wait_timer_started_at: null,
      current_user_can_approve: false,
      reviewers: [],
    })),
  ]);
  scope
    .get(new RegExp(`${REPO}/commits/[0-9a-f]{40}/statuses`))
    .query(true)
    .delay(options.statusDelayMs ?? 0)
    .reply(() => {
      // A body cut mid-answer reaches Octokit as an empty string.
      if (state.cutStatuses) return [200, "", { "content-type": "application/json" }];
      if (state.failStatuses > 0) {
        state.failStatuses--;
        return [502, { message: "Bad Gateway" }];
      }
      return [200, [...state.statuses].reverse()];
    });
  scope.get(`${REPO}/commits/${SHA}/pulls`).reply(() => [200, state.commitPulls]);
  scope
    .get(`${REPO}/commits/${PR_HEAD}/check-runs`)
    .query(true)
    .reply(() => [200, { total_count: state.checkRuns.length, check_runs: state.checkRuns }]);
  scope.post(`${REPO}/actions/runs/${RUN_ID}/deployment_protection_rule`).reply((_uri, body: any) => {
    const decide = () => {
      state.reviews.push(body);
      if (body.state)
        state.pending = state.pending.filter((n) => n.toLowerCase() !== body.environment_name.toLowerCase());
    };
    if (!body.state && state.refuseReports) return [422, { message: "Too many status reports" }];
    if (state.failReviews > 0) {
      state.failReviews--;
      if (state.landDespiteFailure) decide();
      return [502, { message: "Bad Gateway" }];
    }
    decide();
    return [204, ""];
  });
  const decisions = () => state.reviews.filter((r) => r.state);
  const reports = () => state.reviews.filter((r) => !r.state);
  return { state, scope, decisions, reports };
}
