import nock from "nock";
import { describe, expect, it } from "vitest";
import { renderComment } from "../src/core/checklist/render.js";
import {
  API,
  BOT,
  CONFIG,
  checkRunWrite,
  commentHistory,
  configReply,
  counted,
  HEAD,
  KEY,
  newProbot,
  pullRequestReads,
  REPO,
  receive,
} from "./helpers/checklist-app.js";
import { postedComment, setBox } from "./helpers/checklist-comment.js";
import type { Rev } from "./helpers/comment-history.js";
import { examplePayload } from "./helpers/payloads.js";

const OCTO = "/repos/octo-org/octo-repo";

/** PR #104's checklist as the app renders it (for HEAD), with `ticks` (index: login). */
const octoBody = (ticks: Record<number, string> = {}) =>
  renderComment({ ...postedComment(ticks).state, repo: "octo-org/octo-repo", pr: 104 }, KEY);

/** The comment's history: lead ticked both boxes, each recorded by the app. */
const bothTicked: Rev[] = [
  ["bot", octoBody()],
  ["lead", setBox(octoBody(), 0)],
  ["bot", octoBody({ 0: "lead" })],
  ["lead", setBox(octoBody({ 0: "lead" }), 1)],
  ["bot", octoBody({ 0: "lead", 1: "lead" })],
];

/**
 * A merge group for PR #104, whose comment has every box ticked (rendered for HEAD) and whose head
 * is `prHead`; `history` is the comment's edit history on GitHub.
 */
async function mergeGroupOf(prHead: string, history: Rev[] = bothTicked, roles: Record<string, string> = {}) {
  const payload = examplePayload("merge_group", "checks_requested");
  const scope = nock(API);
  const body = octoBody({ 0: "lead", 1: "lead" });
  scope
    .get(`${OCTO}/issues/104/comments`)
    .query(true)
    .reply(200, [{ id: 3, node_id: "IC_77", body, user: BOT, html_url: "c" }]);
  scope.get(`${OCTO}/pulls/104`).reply(200, { number: 104, head: { sha: prHead } });
  commentHistory(scope, history);
  // Replaying the history asks each ticker's role (one lookup each, unless cached).
  for (const [login, role] of Object.entries({ lead: "write", ...roles }))
    scope.get(`${OCTO}/collaborators/${login}/permission`).reply(200, { permission: role, role_name: role });
  const check = checkRunWrite(scope, OCTO);
  await receive(newProbot(), "merge_group", payload);
  return { payload, scope, check, body };
}

describe("app: merge queue and re-runs", () => {
  it("gives a merge group the verdict of the PR it came from, on the group's commit", async () => {
    const { payload, scope, check } = await mergeGroupOf(HEAD);
    expect(scope.isDone()).toBe(true);
    expect(check()).toMatchObject({ head_sha: payload.merge_group.head_sha, conclusion: "success", details_url: "c" });
  });

  it("gives a merge group the verdict the history proves, not a withdrawn tick pasted back into the comment", async () => {
    // lead withdrew the second tick; someone pasted the older all-ticked body back (event missed).
    const { scope, check } = await mergeGroupOf(
      HEAD,
      [
        ...bothTicked,
        ["lead", setBox(octoBody({ 0: "lead", 1: "lead" }), 1, false)],
        ["bot", octoBody({ 0: "lead" })],
        ["mallory", octoBody({ 0: "lead", 1: "lead" })],
      ],
      { mallory: "read" },
    );
    expect(scope.isDone()).toBe(true);
    expect(check()).toMatchObject({ conclusion: "action_required", output: { title: "1 of 2 ticked" } });
  });

  it("fails a merge group whose PR's comment was rendered for another head than the PR's", async () => {
    // A push moved the PR's head; the comment (every box ticked) is still for the old one.
    const { payload, scope, check } = await mergeGroupOf("d".repeat(40));
    expect(scope.isDone()).toBe(true);
    expect(check()).toMatchObject({ head_sha: payload.merge_group.head_sha, conclusion: "failure" });
    expect(check().output.title).toBe("The checklist is not for the PR's head");
  });

  it("fails a merge group whose PR has no checklist comment", async () => {
    const scope = nock(API);
    scope.get(`${OCTO}/issues/104/comments`).query(true).reply(200, []);
    scope.get(`${OCTO}/pulls/104`).reply(200, { number: 104, head: { sha: HEAD } });
    const check = checkRunWrite(scope, OCTO);
    await receive(newProbot(), "merge_group", examplePayload("merge_group", "checks_requested"));
    expect(check().conclusion).toBe("failure");
  });

  it("recomputes on check_run.rerequested for its own check only", async () => {
    const payload = examplePayload("check_run", "rerequested");
    payload.repository.full_name = "Codertocat/Hello-World";
    payload.repository.owner.login = "Codertocat";
    payload.repository.name = "Hello-World";
    payload.check_run.name = "deploy-gate/checklist";
    payload.check_run.pull_requests = [{ number: 2 }];
    const pr = examplePayload("pull_request", "opened").pull_request;
    pr.number = 2;
    pr.base.ref = "main";
    pr.head.sha = HEAD;
    const scope = nock(API);
    scope.get(`${REPO}/pulls/2`).reply(200, pr);
    configReply(scope);
    pullRequestReads(scope);
    const check = checkRunWrite(scope);
    scope.post(`${REPO}/issues/2/comments`).reply(201, { id: 1, html_url: "u" });
    await receive(newProbot(), "check_run", payload);
    expect(scope.isDone()).toBe(true);
    expect(check().output.title).toBe("0 of 1 ticked");

    const other = examplePayload("check_run", "rerequested");
    const quiet = nock(API);
    const calls = counted(quiet);
    await receive(newProbot(), "check_run", other);
    expect(calls).toEqual([]);

    // A fork's PR is not listed on the check run: it is found by its head commit.
    payload.check_run.pull_requests = [];
    payload.check_run.head_sha = HEAD;
    const fork = nock(API);
    fork.get(`${REPO}/commits/${HEAD}/pulls`).reply(200, [{ number: 2, state: "open", head: { sha: HEAD } }]);
    fork.get(`${REPO}/pulls/2`).reply(200, pr);
    configReply(fork);
    pullRequestReads(fork);
    fork.post(`${REPO}/check-runs`).reply(201, {});
    fork.post(`${REPO}/issues/2/comments`).reply(201, { id: 1 });
    await receive(newProbot(), "check_run", payload);
    expect(fork.isDone()).toBe(true);
  });

  it("counts the PR description's task list when pr_body is on", async () => {
    const payload = examplePayload("pull_request", "opened");
    Object.assign(payload.repository, { full_name: "Codertocat/Hello-World", name: "Hello-World" });
    payload.repository.owner.login = "Codertocat";
    Object.assign(payload.pull_request, {
      number: 2,
      body: "- [x] tested\n- [ ] screenshots (optional)\n```\n- [ ] not a task\n```",
    });
    payload.pull_request.base.ref = "main";
    const scope = nock(API);
    configReply(scope, CONFIG.replace("reset: on-push", "reset: on-push\n  pr_body: true"));
    pullRequestReads(scope);
    const check = checkRunWrite(scope);
    scope.post(`${REPO}/issues/2/comments`).reply(201, { id: 1 });
    await receive(newProbot(), "pull_request", payload);
    expect(check().output.title).toBe("1 of 2 ticked");
    expect(check().output.summary).toContain("PR description: screenshots (optional)");
  });
});
