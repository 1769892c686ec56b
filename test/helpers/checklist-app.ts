import nock from "nock";
import { Probot, ProbotOctokit } from "probot";
import { afterEach, beforeEach } from "vitest";
import type { AppDeps } from "../../src/app/deps.js";
import { createApp } from "../../src/app/index.js";
import { createRoleLookup } from "../../src/github/permissions.js";
import { CONFIG } from "./checklist-config.js";
import { historyReply, type Rev } from "./comment-history.js";
import { examplePayload } from "./payloads.js";

export const API = "https://api.github.com";
export const REPO = "/repos/Codertocat/Hello-World";
export const KEY = "webhook-secret-for-tests";
export const BOT = { login: "deploy-gate[bot]", id: 4242, type: "Bot" };
export const HEAD = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
export { CONFIG };

/**
 * Every request no interceptor answered, in each test of the calling file or `describe`: a path
 * that must make no request shows them here.
 */
export function unmatchedRequests(): string[] {
  const unmatched: string[] = [];
  const onNoMatch = (req: { method?: string; path?: string }) => unmatched.push(`${req.method} ${req.path}`);
  beforeEach(() => {
    unmatched.length = 0;
    nock.emitter.on("no match", onNoMatch);
  });
  afterEach(() => {
    nock.emitter.removeListener("no match", onNoMatch);
  });
  return unmatched;
}

/** A pull_request payload for the example repository, aimed at `main`. */
export function pullRequestPayload(
  action: string,
  changes: { labels?: string[]; sha?: string; author?: string; before?: string } = {},
) {
  const payload = examplePayload("pull_request", action === "synchronize" ? "synchronize" : "opened");
  payload.action = action;
  payload.repository.full_name = "Codertocat/Hello-World";
  payload.repository.owner.login = "Codertocat";
  payload.repository.name = "Hello-World";
  payload.pull_request.number = 2;
  payload.number = 2;
  payload.pull_request.base.ref = "main";
  payload.pull_request.head.sha = changes.sha ?? HEAD;
  // A push moves the head from the one the comment was rendered for (HEAD, unless said otherwise).
  if (action === "synchronize")
    Object.assign(payload, { before: changes.before ?? HEAD, after: payload.pull_request.head.sha });
  payload.pull_request.user.login = changes.author ?? "Codertocat";
  payload.pull_request.labels = (changes.labels ?? []).map((name) => ({ name }));
  return payload;
}

/**
 * issue_comment.edited on a PR: the examples have it only for a plain issue, so adapt that one
 * (GitHub's examples have no PR comment edit): set `issue.pull_request`, the comment's author and `changes.body.from`.
 */
export function editPayload(
  from: string,
  body: string,
  sender: string,
  options: { plainIssue?: boolean; at?: string } = {},
) {
  const payload = examplePayload("issue_comment", "edited");
  payload.issue.number = 2;
  if (!options.plainIssue) payload.issue.pull_request = { url: `${API}${REPO}/pulls/2` };
  payload.changes = { body: { from } };
  payload.comment.id = 77;
  payload.comment.node_id = "IC_77";
  payload.comment.body = body;
  payload.comment.user = { ...payload.comment.user, ...BOT };
  payload.comment.updated_at = options.at ?? "2026-11-22T05:00:00Z";
  payload.sender =
    sender === BOT.login ? { ...payload.sender, ...BOT } : { ...payload.sender, login: sender, id: 1, type: "User" };
  return payload;
}

/**
 * Deterministic under nock: no retries, no throttling. Probot replaces a plain `throttle` default
 * with its own options (throttling back on), so the function form overrides it last.
 */
export const QuietOctokit = ProbotOctokit.defaults((options: any) => ({
  ...options,
  retry: { enabled: false },
  throttle: { ...options.throttle, enabled: false },
})) as typeof ProbotOctokit;

export function newProbot(overrides: Partial<AppDeps> = {}) {
  const probot = new Probot({ githubToken: "test-token", logLevel: "fatal", Octokit: QuietOctokit });
  probot.load(createApp({ key: KEY, roleLookup: createRoleLookup(), ...overrides }));
  return probot;
}

let delivery = 0;
export const receive = (probot: Probot, name: string, payload: unknown, id = `delivery-${++delivery}`) =>
  probot.receive({ id, name, payload } as any);

/** Counts every request a nock scope answers: the API economy tests read it. */
export function counted(scope: nock.Scope) {
  const seen: string[] = [];
  scope.on("request", (req: any, _interceptor: unknown, _body: string) => seen.push(`${req.method} ${req.path}`));
  return seen;
}

export const configReply = (scope: nock.Scope, text = CONFIG) =>
  scope.get(`${REPO}/contents/.github%2Fdeploy-gate.yml`).reply(200, text);

/** A nock body matcher that keeps what was sent and accepts it. */
export const grab =
  (keep: (body: any) => void) =>
  (body: any): boolean => {
    keep(body);
    return true;
  };

type ChangedFile = string | { filename: string; sha?: string };

/** GitHub's answers for PR #2's changed files and its comments, one page each. */
export function pullRequestReads(scope: nock.Scope, files: ChangedFile[] = [], comments: unknown[] = []) {
  const changed = files.map((f) => (typeof f === "string" ? { filename: f } : f));
  scope.get(`${REPO}/pulls/2/files`).query(true).reply(200, changed);
  // Each comment has a GraphQL node id, as GitHub gives; the checklist's history is read by it.
  const withIds = comments.map((c: any) => ({ node_id: `IC_${c.id === 6 || c.id === 500 ? 77 : c.id}`, ...c }));
  scope.get(`${REPO}/issues/2/comments`).query(true).reply(200, withIds);
}

/**
 * A write GitHub accepts with `status` and `reply`; the returned function gives what was sent
 * (undefined until then).
 */
export function captureWrite(
  scope: nock.Scope,
  method: "post" | "patch",
  path: string,
  status: number,
  reply: object = {},
): () => any {
  let sent: any;
  scope[method](
    path,
    grab((b) => {
      sent = b;
    }),
  ).reply(status, reply);
  return () => sent;
}

/** The check run the app writes for PR #2 (or on `repo`): gives what was sent. */
export const checkRunWrite = (scope: nock.Scope, repo = REPO) => captureWrite(scope, "post", `${repo}/check-runs`, 201);

/** A new comment on PR #2: gives the body posted ("" until then). */
export function commentPost(scope: nock.Scope, reply: object) {
  const sent = captureWrite(scope, "post", `${REPO}/issues/2/comments`, 201, reply);
  return (): string => sent()?.body ?? "";
}

/** An update of comment `id`: gives the body written ("" until then). */
export function commentPatch(scope: nock.Scope, id: number) {
  const sent = captureWrite(scope, "patch", `${REPO}/issues/comments/${id}`, 200);
  return (): string => sent()?.body ?? "";
}

/** The collaborator permission GitHub reports for `login`. */
export const permission = (scope: nock.Scope, login: string, role: string) =>
  scope
    .get(`${REPO}/collaborators/${encodeURIComponent(login)}/permission`)
    .reply(200, { permission: role, role_name: role });

/** GitHub's edit history of the checklist comment #77 (node IC_77); "bot" is the app's revisions. */
export const commentHistory = (scope: nock.Scope, revisions: Rev[], current?: string) =>
  historyReply(scope, revisions, { nodeId: "IC_77", bot: BOT.login.replace(/\[bot\]$/, ""), current });

/**
 * issue_comment.created on PR #2 by `sender` (a user): GitHub's example is a plain issue's, so it
 * is put on the PR, as `editPayload` does for edits.
 */
export function commandPayload(body: string, sender: string, options: { id?: number; at?: string } = {}) {
  const payload = examplePayload("issue_comment", "created");
  payload.issue.number = 2;
  payload.issue.pull_request = { url: `${API}${REPO}/pulls/2` };
  payload.comment.id = options.id ?? 900;
  payload.comment.node_id = `IC_${options.id ?? 900}`;
  payload.comment.body = body;
  payload.comment.created_at = options.at ?? "2026-11-22T06:00:00Z";
  payload.comment.updated_at = payload.comment.created_at;
  payload.comment.user = { ...payload.comment.user, login: sender, id: 1, type: "User" };
  payload.sender = { ...payload.sender, login: sender, id: 1, type: "User" };
  return payload;
}

/** A comment of PR #2 as GitHub's listing gives it: `login`'s command (or any text) at `at`. */
export const listedComment = (id: number, login: string, body: string, at = "2026-11-22T06:00:00Z") => ({
  id,
  node_id: `IC_${id}`,
  body,
  user: { login, id: 1, type: "User" },
  created_at: at,
  updated_at: at,
});
