import nock from "nock";
import { describe, expect, it } from "vitest";
import { parseTasks } from "../src/core/checklist/parse.js";
import { renderComment } from "../src/core/checklist/render.js";
import { decodeState } from "../src/core/checklist/state-codec.js";
import {
  API,
  BOT,
  CONFIG,
  checkRunWrite,
  commentHistory,
  commentPatch,
  commentPost,
  configReply,
  counted,
  HEAD,
  KEY,
  newProbot,
  permission,
  pullRequestPayload,
  pullRequestReads,
  REPO,
  receive,
} from "./helpers/checklist-app.js";
import { postedComment, setBox } from "./helpers/checklist-comment.js";

describe("app: pull request events", () => {
  it("posts one checklist comment and a completed check 'N of M ticked' on the PR head", async () => {
    const scope = nock(API);
    const calls = counted(scope);
    configReply(scope);
    pullRequestReads(scope, ["api/keys.go"], [{ id: 1, body: "LGTM", user: { login: "x", type: "User" } }]);
    const check = checkRunWrite(scope);
    const posted = commentPost(scope, { id: 9, body: "", html_url: "u" });
    await receive(newProbot(), "pull_request", pullRequestPayload("opened", { labels: ["db-migration"] }));
    expect(scope.isDone()).toBe(true);
    expect(calls).toHaveLength(5);
    expect(parseTasks(posted()).map((t) => t.text)).toEqual([
      "Ran `rack params set` in staging; the API key still works",
      "Migration rehearsed on a production snapshot",
      "Rolled back in the lab environment and forward again",
      "Docs updated",
    ]);
    expect(check()).toMatchObject({
      name: "deploy-gate/checklist",
      head_sha: HEAD,
      status: "completed",
      conclusion: "action_required",
      output: { title: "0 of 3 ticked" },
      details_url: "https://github.com/Codertocat/Hello-World/pull/2",
    });
    expect(decodeState(posted(), KEY)?.sha).toBe(HEAD);
  });

  it("updates the comment in place, found by marker and author, and keeps ticks when reset is never", async () => {
    const never = CONFIG.replace("reset: on-push", "reset: never");
    const state = decodeState(await firstBody(), KEY)!;
    const unticked = renderComment(state, KEY);
    state.items[0].tick = { by: "lead", at: "2026-11-22T04:00:00Z" };
    const existing = renderComment(state, KEY);
    const scope = nock(API);
    configReply(scope, never);
    pullRequestReads(
      scope,
      ["api/keys.go"],
      [
        // A look-alike by a human is not ours.
        { id: 5, body: existing, user: { login: "mallory", type: "User" } },
        { id: 6, body: existing, user: BOT },
      ],
    );
    commentHistory(scope, [
      ["bot", unticked],
      ["lead", setBox(unticked, 0), "2026-11-22T04:00:00Z"],
      ["bot", existing],
    ]);
    permission(scope, "lead", "write");
    scope.post(`${REPO}/check-runs`).reply(201, {});
    const patched = commentPatch(scope, 6);
    await receive(newProbot(), "pull_request", pullRequestPayload("synchronize", { sha: "d".repeat(40) }));
    expect(scope.isDone()).toBe(true);
    expect(decodeState(patched(), KEY)?.items[0].tick?.by).toBe("lead");
    expect(decodeState(patched(), KEY)?.sha).toBe("d".repeat(40));
  });

  it("never counts a signed state made for another PR, nor one rendered for another head", async () => {
    const state = decodeState(await firstBody(), KEY)!;
    for (const item of state.items) item.tick = { by: "lead", at: "2026-11-22T04:00:00Z" };
    const elsewhere = renderComment({ ...state, pr: 99 }, KEY);
    const otherRepo = renderComment({ ...state, repo: "octo-org/octo-repo" }, KEY);
    const olderHead = renderComment({ ...state, sha: "1".repeat(40) }, KEY);
    for (const existing of [elsewhere, otherRepo, olderHead]) {
      const scope = nock(API);
      configReply(scope);
      pullRequestReads(scope, ["api/keys.go"], [{ id: 6, body: existing, user: BOT }]);
      // The app wrote each as it is: no user ever ticked a box.
      commentHistory(scope, [["bot", existing]]);
      const check = checkRunWrite(scope);
      const patched = commentPatch(scope, 6);
      // labeled: no push in this event, yet the state is not for this PR's current head.
      await receive(newProbot(), "pull_request", pullRequestPayload("labeled"));
      expect(scope.isDone()).toBe(true);
      expect(check()).toMatchObject({
        head_sha: HEAD,
        conclusion: "action_required",
        output: { title: "0 of 2 ticked" },
      });
      const written = decodeState(patched(), KEY, { repo: "Codertocat/Hello-World", pr: 2 })!;
      expect(written.sha).toBe(HEAD);
      expect(written.items.map((i) => i.tick)).toEqual([undefined, undefined, undefined]);
      nock.cleanAll();
    }
  });

  it("reads every page of the PR's files and comments", async () => {
    const { body } = postedComment();
    const scope = nock(API);
    const next = (path: string) => ({ link: `<${API}${REPO}/${path}?per_page=100&page=2>; rel="next"` });
    configReply(scope);
    scope
      .get(`${REPO}/pulls/2/files`)
      .query({ per_page: 100 })
      .reply(
        200,
        Array.from({ length: 100 }, (_, i) => ({ filename: `docs/${i}.md` })),
        next("pulls/2/files"),
      );
    scope
      .get(`${REPO}/pulls/2/files`)
      .query({ per_page: 100, page: 2 })
      .reply(200, [{ filename: "api/keys.go" }]);
    scope
      .get(`${REPO}/issues/2/comments`)
      .query({ per_page: 100 })
      .reply(
        200,
        Array.from({ length: 100 }, (_, i) => ({ id: i, body: "+1", user: { login: "u", type: "User" } })),
        next("issues/2/comments"),
      );
    scope
      .get(`${REPO}/issues/2/comments`)
      .query({ per_page: 100, page: 2 })
      .reply(200, [{ id: 500, node_id: "IC_77", body, user: BOT }]);
    commentHistory(scope, [["bot", body]]);
    scope.post(`${REPO}/check-runs`).reply(201, {});
    const patched = commentPatch(scope, 500);
    await receive(newProbot(), "pull_request", pullRequestPayload("synchronize", { sha: "9".repeat(40) }));
    expect(scope.isDone()).toBe(true);
    expect(decodeState(patched(), KEY)?.items[0]).toMatchObject({
      id: "api-key",
      reason: "applies because the change touches `api/keys.go`",
    });
  });

  it("writes nothing for a PR to a branch the config does not name", async () => {
    const scope = nock(API);
    configReply(scope);
    const payload = pullRequestPayload("opened");
    payload.pull_request.base.ref = "develop";
    await receive(newProbot(), "pull_request", payload);
    expect(scope.isDone()).toBe(true);
  });

  it("writes nothing when the repository has no config", async () => {
    const scope = nock(API);
    scope.get(`${REPO}/contents/.github%2Fdeploy-gate.yml`).reply(404, {});
    scope.get("/repos/Codertocat/.github/contents/.github%2Fdeploy-gate.yml").reply(404, {});
    await receive(newProbot(), "pull_request", pullRequestPayload("opened"));
    expect(scope.isDone()).toBe(true);
  });

  it("turns a config error into a failed check that says what to fix, never success", async () => {
    const scope = nock(API);
    configReply(scope, CONFIG.replace("reset: on-push", "reset: sometimes"));
    const check = checkRunWrite(scope);
    await receive(newProbot(), "pull_request", pullRequestPayload("opened"));
    expect(scope.isDone()).toBe(true);
    expect(check().conclusion).toBe("failure");
    expect(check().output.title).toBe("deploy-gate config error");
    expect(check().output.summary).toContain(".github/deploy-gate.yml");
    expect(check().output.summary).toContain("checklist.reset");
  });

  it("turns a YAML syntax error in the config into a failed check", async () => {
    const scope = nock(API);
    configReply(scope, "version: 1\nchecklist: [unclosed\n");
    const check = checkRunWrite(scope);
    await receive(newProbot(), "pull_request", pullRequestPayload("opened"));
    expect(check().conclusion).toBe("failure");
    expect(check().output.summary).toContain(".github/deploy-gate.yml");
  });

  it("fails closed when GitHub answers 500: a failed check, and the error surfaces", async () => {
    const scope = nock(API);
    configReply(scope);
    scope.get(`${REPO}/pulls/2/files`).query(true).reply(500, { message: "boom" });
    scope.get(`${REPO}/issues/2/comments`).query(true).reply(200, []);
    const check = checkRunWrite(scope);
    await expect(receive(newProbot(), "pull_request", pullRequestPayload("opened"))).rejects.toThrow();
    expect(check().conclusion).toBe("failure");
    expect(check().output.title).toContain("GitHub error");
  });
});

describe("app: a GitHub error reading the config", () => {
  it("writes a failed check (never leaves an earlier success standing) and the error surfaces", async () => {
    const scope = nock(API);
    scope.get(`${REPO}/contents/.github%2Fdeploy-gate.yml`).reply(502, { message: "Bad Gateway" });
    const check = checkRunWrite(scope);
    await expect(receive(newProbot(), "pull_request", pullRequestPayload("labeled"))).rejects.toThrow();
    expect(check()).toMatchObject({ head_sha: HEAD, status: "completed", conclusion: "failure" });
    expect(check().output.title).toContain("GitHub error");
  });
});

async function firstBody(): Promise<string> {
  const scope = nock(API);
  configReply(scope);
  pullRequestReads(scope, ["api/keys.go"]);
  scope.post(`${REPO}/check-runs`).reply(201, {});
  const posted = commentPost(scope, { id: 6, html_url: "u" });
  await receive(newProbot(), "pull_request", pullRequestPayload("opened"));
  nock.cleanAll();
  return posted();
}
