import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nock from "nock";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { run } from "../src/action/run.js";
import { renderComment } from "../src/core/checklist/render.js";
import { decodeState } from "../src/core/checklist/state-codec.js";
import { retryAtOnce } from "./helpers/action-octokit.js";
import {
  API,
  CONFIG,
  captureWrite,
  commandPayload,
  commentPatch,
  commentPost,
  editPayload,
  grab,
  HEAD,
  listedComment,
  permission,
  pullRequestPayload,
  pullRequestReads,
  REPO,
  unmatchedRequests,
} from "./helpers/checklist-app.js";
import { postedComment, setBox } from "./helpers/checklist-comment.js";
import { historyReply as gitHubHistory, type Rev } from "./helpers/comment-history.js";
import { tempDir } from "./helpers/tmp.js";

const ACTIONS_BOT = { login: "github-actions[bot]", id: 41898282, type: "Bot" };
const BASE_SHA = "f".repeat(40);
const saved = { ...process.env };
// @actions/core remembers the summary file of its first write: one folder for the whole file.
const SUMMARY_DIR = mkdtempSync(join(tmpdir(), "deploy-gate-summary-"));
const SUMMARY = join(SUMMARY_DIR, "summary.md");
afterAll(() => rmSync(SUMMARY_DIR, { recursive: true, force: true }));
afterEach(() => {
  process.env = { ...saved };
  process.exitCode = undefined;
});

/** A workflow step's environment: the event payload on disk, inputs as INPUT_*, output files. */
function workflow(eventName: string, payload: unknown) {
  const dir = tempDir();
  // @actions/core caches the summary file's path for the process: one file for the whole test file.
  writeFileSync(SUMMARY, "");
  const event = join(dir, "event.json");
  writeFileSync(event, JSON.stringify(payload));
  writeFileSync(join(dir, "output.txt"), "");
  Object.assign(process.env, {
    GITHUB_REPOSITORY: "Codertocat/Hello-World",
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: event,
    GITHUB_SHA: "0".repeat(40),
    GITHUB_API_URL: API,
    GITHUB_WORKSPACE: dir,
    GITHUB_STEP_SUMMARY: SUMMARY,
    GITHUB_OUTPUT: join(dir, "output.txt"),
    RUNNER_TEMP: dir,
    INPUT_STAGE: "checklist",
    INPUT_TOKEN: "ghs_workflow_token",
  });
  return { summary: () => readFileSync(SUMMARY, "utf8") };
}

const configAtBase = (scope: nock.Scope, text = CONFIG) =>
  scope.get(`${REPO}/contents/.github%2Fdeploy-gate.yml`).query({ ref: BASE_SHA }).reply(200, text);

/** A `pull_request`-like event on PR #2 whose base is BASE_SHA, as the workflow step sees it. */
function pullRequestWorkflow(eventName: string, action: string) {
  const payload = pullRequestPayload(action);
  payload.pull_request.base.sha = BASE_SHA;
  return workflow(eventName, payload);
}

/** An issue_comment event on the checklist comment, which the workflow's token (Actions' bot) wrote. */
function commentWorkflow(payload: any) {
  payload.comment.user = { ...payload.comment.user, ...ACTIONS_BOT };
  return workflow("issue_comment", payload);
}

/** The commit statuses set on the PR head, `times` of them, each as sent. */
function statuses(scope: nock.Scope, times = 1) {
  const sent: any[] = [];
  scope
    .post(
      `${REPO}/statuses/${HEAD}`,
      grab((b) => sent.push(b)),
    )
    .times(times)
    .reply(201, {});
  return sent;
}

const statusWrite = (scope: nock.Scope) => captureWrite(scope, "post", `${REPO}/statuses/${HEAD}`, 201);

const NODE_ID = "IC_kwDOchecklist77";
/** The comment the action renders for PR #2 from the base config, with `ticks` (index: login) claimed. */
const rendered = (ticks: Record<number, string> = {}) => renderComment(postedComment(ticks).state);
const historyReply = (scope: nock.Scope, revisions: Rev[]) =>
  gitHubHistory(scope, revisions, { nodeId: NODE_ID, bot: "github-actions" });

const pullReply = (scope: nock.Scope, author = "dev") =>
  scope
    .get(`${REPO}/pulls/2`)
    .reply(200, { number: 2, head: { sha: HEAD }, base: { sha: BASE_SHA, ref: "main" }, user: { login: author } });

/**
 * A workflow run for the newest revision's edit (earlier runs were dropped, as a `concurrency`
 * group does to pending runs): the PR, the base config, the comment and its history are read.
 */
function editRun(revisions: Rev[], options: { config?: string; author?: string } = {}) {
  const [sender, body] = revisions.at(-1)!;
  commentWorkflow(editPayload(revisions.at(-2)![1], body, sender));
  const scope = nock(API);
  pullReply(scope, options.author);
  configAtBase(scope, options.config);
  pullRequestReads(scope, ["api/keys.go"], [{ id: 77, node_id: NODE_ID, body, user: ACTIONS_BOT }]);
  historyReply(scope, revisions);
  return scope;
}

describe("action: the checklist stage", () => {
  it("on pull_request: posts the comment from the BASE config and one status on the PR head, worded as the app's check", async () => {
    const wf = pullRequestWorkflow("pull_request", "opened");
    const scope = nock(API);
    configAtBase(scope);
    pullRequestReads(scope, ["api/keys.go"]);
    // Every status the run posts, however many.
    const sent: any[] = [];
    nock(API)
      .persist()
      .post(
        `${REPO}/statuses/${HEAD}`,
        grab((b) => sent.push(b)),
      )
      .reply(201, {});
    const posted = commentPost(scope, { id: 1, html_url: "u" });
    await run(process.env, { octokit: retryAtOnce });
    expect(scope.isDone()).toBe(true);
    expect(decodeState(posted())?.items.map((i) => i.id)).toEqual(["api-key", "rollback", "docs"]);
    // One status, not a "0 of 2 ticked" overwritten by the report's "failed: 2 failed, ...".
    expect(sent).toMatchObject([{ context: "deploy-gate/checklist", state: "failure", description: "0 of 2 ticked" }]);
    expect(process.exitCode).toBe(1);
    expect(wf.summary()).toContain("unticked");
  });

  it("on issue_comment: counts a tick the edit history shows an allowed user made, and sets the status on the PR head", async () => {
    const created = rendered();
    const afterLead = rendered({ 1: "lead" });
    const scope = editRun([
      ["bot", created],
      ["lead", setBox(created, 1)],
      ["bot", afterLead],
      ["lead", setBox(afterLead, 0)],
    ]);
    permission(scope, "lead", "write");
    const patched = commentPatch(scope, 77);
    const sent = statuses(scope);
    await run(process.env, { octokit: retryAtOnce });
    expect(scope.isDone()).toBe(true);
    expect(decodeState(patched())?.items.map((i) => i.tick?.by)).toEqual(["lead", "lead", undefined]);
    expect(sent).toMatchObject([{ context: "deploy-gate/checklist", state: "success", description: "2 of 2 ticked" }]);
    expect(process.exitCode).toBeUndefined();
  });

  it("a tick on a comment rendered for an older head never puts success on the new head: it is re-synced", async () => {
    const OLD = "1".repeat(40);
    const created = renderComment({ ...postedComment().state, sha: OLD });
    const scope = editRun([
      ["bot", created],
      ["lead", setBox(created, 1)],
      ["lead", setBox(setBox(created, 1), 0)],
    ]);
    permission(scope, "lead", "write");
    const patched = commentPatch(scope, 77);
    const sent = statuses(scope);
    const old: string[] = [];
    scope.on("request", (req: any) => req.path.includes(OLD) && old.push(req.path));
    await run(process.env, { octokit: retryAtOnce });
    expect(scope.isDone()).toBe(true);
    expect(old).toEqual([]);
    // on-push: the ticks were for other code, so both are cleared on the new head.
    const synced = decodeState(patched())!;
    expect(synced.sha).toBe(HEAD);
    expect(synced.items.map((i) => i.tick?.by)).toEqual([undefined, undefined, undefined]);
    expect(sent).toMatchObject([{ state: "failure", description: "0 of 2 ticked" }]);
    expect(process.exitCode).toBe(1);
  });

  it("on a plain issue's comment: no write at all", async () => {
    const { body } = postedComment();
    commentWorkflow(editPayload(body, setBox(body, 0), "lead", { plainIssue: true }));
    const scope = nock(API);
    const calls: string[] = [];
    scope.on("request", (req: any) => calls.push(req.path));
    await run(process.env, { octokit: retryAtOnce });
    expect(calls).toEqual([]);
  });

  it("a config error at the base commit posts a failed status and exits 2", async () => {
    pullRequestWorkflow("pull_request", "opened");
    const scope = nock(API);
    configAtBase(scope, CONFIG.replace("reset: on-push", "reset: weekly"));
    const status = statusWrite(scope);
    await run(process.env, { octokit: retryAtOnce });
    expect(status().state).toBe("failure");
    expect(status().description).toContain("checklist.reset");
    expect(process.exitCode).toBe(2);
  });

  it("a GitHub error reading the base config posts a failed status and fails the step", async () => {
    pullRequestWorkflow("pull_request_target", "labeled");
    const scope = nock(API);
    // Three answers: the first try and the client's two retries of a 5xx.
    scope
      .get(`${REPO}/contents/.github%2Fdeploy-gate.yml`)
      .query({ ref: BASE_SHA })
      .times(3)
      .reply(502, { message: "Bad Gateway" });
    const status = statusWrite(scope);
    await run(process.env, { octokit: retryAtOnce });
    expect(scope.isDone()).toBe(true);
    expect(status()).toMatchObject({ context: "deploy-gate/checklist", state: "failure" });
    expect(status().description).toContain("GitHub error");
    expect(process.exitCode).toBe(1);
  });

  it("refuses events it has no checklist for", async () => {
    workflow("push", {});
    await run(process.env, { octokit: retryAtOnce });
    expect(process.exitCode).toBe(2);
  });

  // The checklist stage never reads the `secrets` input, so a "no secret in any output" check here
  // could not fail; masking is tested where secrets are read (the preflight and inputs tests).
  it("on pull_request_target synchronize: resets ticks", async () => {
    const created = rendered();
    const ticked = setBox(setBox(created, 0), 1);
    pullRequestWorkflow("pull_request_target", "synchronize");
    const scope = nock(API);
    configAtBase(scope);
    pullRequestReads(scope, ["api/keys.go"], [{ id: 9, node_id: NODE_ID, body: ticked, user: ACTIONS_BOT }]);
    historyReply(scope, [
      ["bot", created],
      ["lead", ticked],
    ]);
    permission(scope, "lead", "write");
    const sent = statuses(scope);
    const patched = commentPatch(scope, 9);
    await run(process.env, { octokit: retryAtOnce });
    expect(scope.isDone()).toBe(true);
    expect(decodeState(patched())?.items.map((i) => i.tick)).toEqual([undefined, undefined, undefined]);
    expect(sent.map((s) => s.state)).toEqual(["failure"]);
  });

  it("on a deleted checklist comment: posts it again, its ticks cleared (its history went with it)", async () => {
    const { state } = postedComment({ 0: "lead", 1: "lead" });
    const body = renderComment(state);
    const payload = editPayload(body, body, "mallory");
    payload.action = "deleted";
    commentWorkflow(payload);
    const scope = nock(API);
    pullReply(scope);
    configAtBase(scope);
    pullRequestReads(scope, ["api/keys.go"], []);
    const posted = commentPost(scope, { id: 10 });
    const sent = statuses(scope);
    await run(process.env, { octokit: retryAtOnce });
    expect(scope.isDone()).toBe(true);
    expect(decodeState(posted())?.items.map((i) => i.tick)).toEqual([undefined, undefined, undefined]);
    expect(sent).toMatchObject([{ state: "failure", description: "0 of 2 ticked" }]);
  });

  it("rebuilds from the base config when the edited comment has no state, and exits 2 when the base has no config", async () => {
    const payload = editPayload(
      "<!-- deploy-gate:checklist -->\n- [ ] x",
      "<!-- deploy-gate:checklist -->\n- [x] x",
      "lead",
    );
    commentWorkflow(payload);
    const scope = nock(API);
    scope
      .get(`${REPO}/pulls/2`)
      .reply(200, { number: 2, head: { sha: HEAD }, base: { sha: BASE_SHA, ref: "main" }, user: { login: "dev" } });
    scope
      .get(`${REPO}/contents/.github%2Fdeploy-gate.yml`)
      .query({ ref: BASE_SHA })
      .reply(404, { message: "Not Found" });
    const status = statusWrite(scope);
    await run(process.env, { octokit: retryAtOnce });
    expect(scope.isDone()).toBe(true);
    expect(status().state).toBe("failure");
    expect(status().description).toContain("no config at the PR's base commit");
    expect(process.exitCode).toBe(2);
  });

  it("says what to do when the token may not write (a fork's pull_request)", async () => {
    pullRequestWorkflow("pull_request", "opened");
    const scope = nock(API);
    configAtBase(scope);
    pullRequestReads(scope);
    scope.post(`${REPO}/issues/2/comments`).reply(201, { id: 1 });
    scope.post(`${REPO}/statuses/${HEAD}`).reply(403, { message: "Resource not accessible by integration" });
    const lines: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => lines.push(String(chunk)) > 0) as typeof process.stdout.write;
    try {
      await run(process.env, { octokit: retryAtOnce });
    } finally {
      process.stdout.write = write;
    }
    expect(process.exitCode).toBe(1);
    expect(lines.join("")).toContain("run the stage on pull_request_target");
    // The endpoint that refused names the one permission to add.
    expect(lines.join("")).toContain("the job's token lacks `statuses: write`; add it under the job's `permissions:`");
  });
});

describe("action: ticks are proven from the comment's edit history, never from its hidden state", () => {
  const strict = CONFIG.replace("allow_author: true", "allow_author: false");

  it("a hand-written state claiming every item ticked by alice never counts, even when the run for that edit was dropped", async () => {
    const created = rendered();
    // The PR's author (write access) saves a body whose hidden state says alice ticked both...
    const forged = rendered({ 0: "alice", 1: "alice" });
    // ...and then one more small edit; only this one's run survives the concurrency group.
    const scope = editRun(
      [
        ["bot", created],
        ["dev", forged],
        ["dev", `${forged}\n`],
      ],
      { config: strict },
    );
    permission(scope, "dev", "write");
    const patched = commentPatch(scope, 77);
    const sent = statuses(scope);
    await run(process.env, { octokit: retryAtOnce });
    expect(scope.isDone()).toBe(true);
    expect(decodeState(patched())?.items.map((i) => i.tick)).toEqual([undefined, undefined, undefined]);
    expect(patched()).toContain("forbids its author to tick");
    expect(sent).toMatchObject([{ state: "failure", description: "0 of 2 ticked" }]);
    expect(process.exitCode).toBe(1);
  });

  it("nor on the next pull_request run", async () => {
    const forged = rendered({ 0: "alice", 1: "alice" });
    // The PR is Codertocat's, who may not tick (allow_author: false).
    pullRequestWorkflow("pull_request", "labeled");
    const scope = nock(API);
    configAtBase(scope, strict);
    pullRequestReads(scope, ["api/keys.go"], [{ id: 77, node_id: NODE_ID, body: forged, user: ACTIONS_BOT }]);
    historyReply(scope, [
      ["bot", rendered()],
      ["Codertocat", forged],
    ]);
    permission(scope, "Codertocat", "write");
    const sent = statuses(scope);
    const patched = commentPatch(scope, 77);
    await run(process.env, { octokit: retryAtOnce });
    expect(scope.isDone()).toBe(true);
    expect(decodeState(patched())?.items.map((i) => i.tick)).toEqual([undefined, undefined, undefined]);
    expect(sent).toMatchObject([{ state: "failure", description: "0 of 2 ticked" }]);
  });

  it("a tick deploy-gate's own revision shows but no allowed user made (a copied state) never counts", async () => {
    pullRequestWorkflow("pull_request", "labeled");
    const claimed = rendered({ 0: "alice", 1: "alice" });
    const scope = nock(API);
    configAtBase(scope);
    pullRequestReads(scope, ["api/keys.go"], [{ id: 77, node_id: NODE_ID, body: claimed, user: ACTIONS_BOT }]);
    historyReply(scope, [["bot", claimed]]);
    const sent = statuses(scope);
    commentPatch(scope, 77);
    await run(process.env, { octokit: retryAtOnce });
    expect(scope.isDone()).toBe(true);
    expect(sent).toMatchObject([{ state: "failure", description: "0 of 2 ticked" }]);
  });

  it("replays every edit of dropped runs: allowed ticks count, a read-only user's is set back", async () => {
    const created = rendered();
    const byAlice = setBox(created, 0);
    const byBob = setBox(byAlice, 1);
    const scope = editRun([
      ["bot", created],
      ["alice", byAlice],
      ["bob", byBob],
      ["mallory", setBox(byBob, 2)],
    ]);
    permission(scope, "alice", "write");
    permission(scope, "bob", "maintain");
    permission(scope, "mallory", "read");
    const patched = commentPatch(scope, 77);
    const sent = statuses(scope);
    await run(process.env, { octokit: retryAtOnce });
    expect(scope.isDone()).toBe(true);
    expect(decodeState(patched())?.items.map((i) => i.tick?.by)).toEqual(["alice", "bob", undefined]);
    expect(patched()).toContain("@mallory has read permission");
    expect(sent).toMatchObject([{ state: "success", description: "2 of 2 ticked" }]);
  });

  it("a withdrawn tick never counts again when the author pastes back the older body", async () => {
    const created = rendered();
    const shown = rendered({ 0: "alice", 1: "alice" });
    const scope = editRun(
      [
        ["bot", created],
        ["alice", setBox(setBox(created, 0), 1)],
        ["bot", shown],
        ["alice", setBox(shown, 1, false)],
        ["dev", shown],
      ],
      { config: strict },
    );
    permission(scope, "alice", "write");
    permission(scope, "dev", "write");
    const patched = commentPatch(scope, 77);
    const sent = statuses(scope);
    await run(process.env, { octokit: retryAtOnce });
    expect(scope.isDone()).toBe(true);
    expect(decodeState(patched())?.items.map((i) => i.tick?.by)).toEqual(["alice", undefined, undefined]);
    expect(sent).toMatchObject([{ state: "failure", description: "1 of 2 ticked" }]);
  });

  it("fails closed when GitHub gives no edit history", async () => {
    pullRequestWorkflow("pull_request", "labeled");
    const scope = nock(API);
    configAtBase(scope);
    pullRequestReads(scope, ["api/keys.go"], [{ id: 77, node_id: NODE_ID, body: rendered(), user: ACTIONS_BOT }]);
    scope.post("/graphql").reply(200, { data: { node: null }, errors: [{ message: "Something went wrong" }] });
    const status = statusWrite(scope);
    await run(process.env, { octokit: retryAtOnce });
    expect(scope.isDone()).toBe(true);
    expect(status()).toMatchObject({ state: "failure" });
    expect(status().description).toContain("GitHub error");
    expect(process.exitCode).toBe(1);
  });
});

describe("action: commands in PR comments", () => {
  /** A `/deploy-gate` comment's run: the PR, the base config, the files, the comments, the history. */
  function commandRun(body: string, sender: string, config = CONFIG, others: unknown[] = []) {
    workflow("issue_comment", commandPayload(body, sender));
    const scope = nock(API);
    pullReply(scope);
    configAtBase(scope, config);
    const created = rendered();
    pullRequestReads(
      scope,
      ["api/keys.go"],
      [{ id: 77, node_id: NODE_ID, body: created, user: ACTIONS_BOT }, ...others, listedComment(900, sender, body)],
    );
    historyReply(scope, [["bot", created]]);
    return scope;
  }

  const unmatched = unmatchedRequests();

  it("a new comment that is not a command makes no request", async () => {
    workflow("issue_comment", commandPayload("Looks good to me", "lead"));
    await run(process.env);
    expect(unmatched).toEqual([]);
    expect(process.exitCode).toBeUndefined();
  });

  it("waive: the item counts as done (verdict `waived`), from the comment GitHub records, with a 👍", async () => {
    const body = "/deploy-gate waive rollback the lab is down";
    const scope = commandRun(body, "lead");
    permission(scope, "lead", "write");
    const patched = commentPatch(scope, 77);
    const sent = statuses(scope);
    const thumbs = captureWrite(scope, "post", `${REPO}/issues/comments/900/reactions`, 201);
    const wf = { summary: () => readFileSync(SUMMARY, "utf8") };
    await run(process.env);
    expect(scope.isDone()).toBe(true);
    expect(decodeState(patched())?.items[1].waiver).toMatchObject({ by: "lead", reason: "the lab is down" });
    expect(sent).toMatchObject([{ state: "failure", description: "1 of 2 ticked" }]);
    expect(wf.summary()).toContain("waived");
    expect(thumbs()).toEqual({ content: "+1" });
  });

  it("override by a user below `override.permission`: one reply naming it, nothing changed", async () => {
    const body = "/deploy-gate override ship it";
    const scope = commandRun(body, "dev");
    permission(scope, "dev", "write");
    const reply = captureWrite(scope, "post", `${REPO}/issues/2/comments`, 201, { id: 901 });
    await run(process.env);
    expect(scope.isDone()).toBe(true);
    expect(reply().body).toContain("@dev has write permission; `override` needs admin or more. Nothing was changed.");
  });

  it("override by an admin: the status passes, every unticked item `overridden`", async () => {
    const body = "/deploy-gate override prod is down";
    const scope = commandRun(body, "boss");
    permission(scope, "boss", "admin");
    const patched = commentPatch(scope, 77);
    const sent = statuses(scope);
    captureWrite(scope, "post", `${REPO}/issues/comments/900/reactions`, 201);
    await run(process.env);
    expect(scope.isDone()).toBe(true);
    expect(decodeState(patched())?.override).toMatchObject({ by: "boss", sha: HEAD, comment: 900 });
    expect(sent).toMatchObject([{ state: "success", description: "overridden by @boss" }]);
    expect(process.exitCode).toBeUndefined();
  });

  it("an override holds for its head only: the next push clears it, even with `reset: never`", async () => {
    const { state } = postedComment();
    state.override = {
      by: "boss",
      at: "2026-11-22T06:00:00Z",
      reason: "prod is down",
      comment: 900,
      sha: "1".repeat(40),
    };
    const overridden = renderComment({ ...state, sha: "1".repeat(40) });
    pullRequestWorkflow("pull_request", "synchronize");
    const scope = nock(API);
    configAtBase(scope, CONFIG.replace("reset: on-push", "reset: never"));
    pullRequestReads(
      scope,
      ["api/keys.go"],
      [
        { id: 77, node_id: NODE_ID, body: overridden, user: ACTIONS_BOT },
        listedComment(900, "boss", "/deploy-gate override prod is down"),
      ],
    );
    historyReply(scope, [["bot", overridden]]);
    permission(scope, "boss", "admin");
    const patched = commentPatch(scope, 77);
    const sent = statuses(scope);
    await run(process.env);
    expect(decodeState(patched())?.override).toBeUndefined();
    expect(sent).toMatchObject([{ state: "failure", description: "0 of 2 ticked" }]);
  });

  it("a waiver the hidden state claims with no waive comment by an allowed user never counts", async () => {
    const { state } = postedComment();
    state.items[1].waiver = { by: "boss", at: "2026-11-22T04:00:00Z", reason: "forged", comment: 555 };
    const claimed = renderComment(state);
    pullRequestWorkflow("pull_request", "labeled");
    const scope = nock(API);
    configAtBase(scope);
    pullRequestReads(
      scope,
      ["api/keys.go"],
      [
        { id: 77, node_id: NODE_ID, body: claimed, user: ACTIONS_BOT },
        // A waive comment by a read-only user, and one edited after it was made: neither counts.
        listedComment(555, "mallory", "/deploy-gate waive rollback because"),
        {
          ...listedComment(556, "lead", "/deploy-gate waive rollback edited later"),
          updated_at: "2026-11-22T09:00:00Z",
        },
      ],
    );
    historyReply(scope, [["bot", claimed]]);
    permission(scope, "mallory", "read");
    const patched = commentPatch(scope, 77);
    const sent = statuses(scope);
    await run(process.env);
    expect(scope.isDone()).toBe(true);
    expect(decodeState(patched())?.items[1].waiver).toBeUndefined();
    expect(sent).toMatchObject([{ state: "failure", description: "0 of 2 ticked" }]);
  });
});
