import nock from "nock";
import { describe, expect, it } from "vitest";
import { parseTasks } from "../src/core/checklist/parse.js";
import { renderComment } from "../src/core/checklist/render.js";
import { decodeState } from "../src/core/checklist/state-codec.js";
import {
  API,
  BOT,
  captureWrite,
  checkRunWrite,
  commentHistory,
  commentPost,
  counted,
  editPayload,
  grab,
  HEAD,
  KEY,
  newProbot,
  permission,
  REPO,
  receive,
} from "./helpers/checklist-app.js";
import { postedComment, setBox, tickedHistory } from "./helpers/checklist-comment.js";
import { checklist } from "./helpers/checklist-config.js";

/** The app's two writes for an edit: the checklist comment (#77) rewritten, then the check run. */
function expectWrites(scope: nock.Scope) {
  const comment = captureWrite(scope, "patch", `${REPO}/issues/comments/77`, 200);
  const check = checkRunWrite(scope);
  return {
    get body(): string | undefined {
      return comment()?.body;
    },
    get check(): any {
      return check();
    },
  };
}

describe("app: edits of the checklist comment", () => {
  it("counts a tick by a user with write permission, in at most 4 requests (one reads the edit history)", async () => {
    const { body } = postedComment();
    const scope = nock(API);
    commentHistory(scope, [
      ["bot", body],
      ["lead", setBox(body, 0), "2026-11-22T05:00:00Z"],
    ]);
    const calls = counted(scope);
    permission(scope, "lead", "write");
    const out = expectWrites(scope);
    await receive(newProbot(), "issue_comment", editPayload(body, setBox(body, 0), "lead"));
    expect(scope.isDone()).toBe(true);
    expect(calls.length).toBeLessThanOrEqual(4);
    expect(decodeState(out.body, KEY)?.items[0].tick).toEqual({ by: "lead", at: "2026-11-22T05:00:00Z" });
    expect(out.check).toMatchObject({
      head_sha: HEAD,
      conclusion: "action_required",
      output: { title: "1 of 2 ticked" },
    });
  });

  it("turns the check green when the last required item is ticked, comment written first", async () => {
    const { body } = postedComment({ 0: "lead" });
    const scope = nock(API);
    // GitHub's list may lag behind the event: the payload then names the newest revision's editor.
    commentHistory(scope, tickedHistory({ 0: "lead" }), setBox(body, 1));
    const order: string[] = [];
    scope.on("request", (req: any) => order.push(req.method));
    permission(scope, "lead", "admin");
    const out = expectWrites(scope);
    await receive(newProbot(), "issue_comment", editPayload(body, setBox(body, 1), "lead"));
    expect(out.check).toMatchObject({ conclusion: "success", output: { title: "2 of 2 ticked" } });
    expect(order).toEqual(["POST", "GET", "PATCH", "POST"]);
  });

  it("undoes a tick by a read-only user, with the reason, and the check stays red", async () => {
    const { body } = postedComment();
    const scope = nock(API);
    commentHistory(scope, [
      ["bot", body],
      ["reader", setBox(body, 0)],
    ]);
    permission(scope, "reader", "read");
    const out = expectWrites(scope);
    await receive(newProbot(), "issue_comment", editPayload(body, setBox(body, 0), "reader"));
    expect(parseTasks(out.body!).every((t) => !t.checked)).toBe(true);
    expect(out.body).toContain("@reader has read permission; ticking needs write or more");
    expect(out.check.conclusion).toBe("action_required");
  });

  it("treats a non-collaborator (404) as having no permission", async () => {
    const { body } = postedComment();
    const scope = nock(API);
    commentHistory(scope, [
      ["bot", body],
      ["stranger", setBox(body, 0)],
    ]);
    scope.get(`${REPO}/collaborators/stranger/permission`).reply(404, { message: "Not Found" });
    const out = expectWrites(scope);
    await receive(newProbot(), "issue_comment", editPayload(body, setBox(body, 0), "stranger"));
    expect(out.body).toContain("@stranger has none permission");
  });

  it("undoes a tick by the PR's author when allow_author is false", async () => {
    const strict = { ...checklist, tickers: { ...checklist.tickers, allow_author: false } };
    const { body } = postedComment({}, strict, "Codertocat");
    const scope = nock(API);
    commentHistory(scope, [
      ["bot", body],
      ["Codertocat", setBox(body, 1)],
    ]);
    permission(scope, "Codertocat", "admin");
    const out = expectWrites(scope);
    await receive(newProbot(), "issue_comment", editPayload(body, setBox(body, 1), "Codertocat"));
    expect(parseTasks(out.body!)[1].checked).toBe(false);
    expect(out.body).toContain("forbids its author to tick");
  });

  it("undoes an edited item text and an edited marker, without asking for permissions", async () => {
    for (const edit of [
      (b: string) => b.replace("Rolled back in the lab environment", "Skipped the rollback in the lab environment"),
      (b: string) => b.replace("<!-- deploy-gate:checklist -->", "<!-- gone -->"),
    ]) {
      const { body } = postedComment();
      const scope = nock(API);
      commentHistory(scope, [
        ["bot", body],
        ["lead", edit(setBox(body, 1))],
      ]);
      const out = expectWrites(scope);
      await receive(newProbot(), "issue_comment", editPayload(body, edit(setBox(body, 1)), "lead"));
      expect(scope.isDone()).toBe(true);
      expect(out.body!.replace(/\n\n> ⚠️[^\n]*/, "")).toBe(body);
      expect(out.body).toContain("changed the checklist beyond its boxes");
      expect(out.check.conclusion).toBe("action_required");
      nock.cleanAll();
    }
  });

  it("makes no write at all for an edit on a plain issue's comment", async () => {
    const { body } = postedComment();
    const scope = nock(API);
    const calls = counted(scope);
    await receive(newProbot(), "issue_comment", editPayload(body, setBox(body, 0), "lead", { plainIssue: true }));
    expect(calls).toEqual([]);
  });

  it("makes no write for its own edits (GitHub sends them back), nor for comments that are not the checklist", async () => {
    const { body } = postedComment();
    const scope = nock(API);
    const calls = counted(scope);
    await receive(newProbot(), "issue_comment", editPayload(body, setBox(body, 0), BOT.login));
    const human = editPayload("- [ ] mine", "- [x] mine", "lead");
    human.comment.user = { login: "lead", id: 1, type: "User" };
    await receive(newProbot(), "issue_comment", human);
    await receive(newProbot(), "issue_comment", editPayload("hello", "hello!", "lead"));
    expect(calls).toEqual([]);
  });

  it("ignores a comment with the marker that the app did not write: no write, never a second checklist", async () => {
    const { body, state } = postedComment();
    const scope = nock(API);
    const calls = counted(scope);
    // Another bot's look-alike (the action's, unsigned), and one whose signature is forged.
    const unsigned = renderComment(state);
    const other = editPayload(unsigned, setBox(unsigned, 0), "lead");
    other.comment.user = { login: "github-actions[bot]", id: 41898282, type: "Bot" };
    await receive(newProbot(), "issue_comment", other);
    const forged = body.replace(/\.[A-Za-z0-9_-]+ -->/, ".forged -->");
    await receive(newProbot(), "issue_comment", editPayload(forged, setBox(forged, 0), "lead"));
    const deleted = editPayload(forged, forged, "lead");
    deleted.action = "deleted";
    await receive(newProbot(), "issue_comment", deleted);
    expect(calls).toEqual([]);
  });

  it("changes nothing twice for a redelivered webhook", async () => {
    const { body } = postedComment();
    const scope = nock(API);
    commentHistory(scope, [
      ["bot", body],
      ["lead", setBox(body, 0)],
    ]);
    const calls = counted(scope);
    permission(scope, "lead", "write");
    expectWrites(scope);
    const probot = newProbot();
    const payload = editPayload(body, setBox(body, 0), "lead");
    await receive(probot, "issue_comment", payload, "same-delivery");
    await receive(probot, "issue_comment", payload, "same-delivery");
    expect(calls).toHaveLength(4);
  });

  it("caches permissions per installation: a second tick costs no lookup", async () => {
    const first = postedComment();
    const scope = nock(API);
    const calls = counted(scope);
    commentHistory(scope, [
      ["bot", first.body],
      ["lead", setBox(first.body, 0)],
    ]);
    permission(scope, "lead", "write");
    const out = expectWrites(scope);
    const probot = newProbot();
    await receive(probot, "issue_comment", editPayload(first.body, setBox(first.body, 0), "lead"));
    const again = out.body!;
    commentHistory(scope, [
      ["bot", first.body],
      ["lead", setBox(first.body, 0)],
      ["bot", again],
      ["lead", setBox(again, 1)],
    ]);
    expectWrites(scope);
    await receive(probot, "issue_comment", editPayload(again, setBox(again, 1), "lead"));
    expect(calls.filter((c) => c.includes("/permission"))).toHaveLength(1);
  });

  it("posts a deleted checklist again without its ticks (their proof went with it), and sets the check", async () => {
    const { body } = postedComment({ 0: "lead" });
    const payload = editPayload(body, body, "mallory");
    payload.action = "deleted";
    delete payload.changes;
    const scope = nock(API);
    const check = checkRunWrite(scope);
    const posted = commentPost(scope, { id: 78, html_url: "u" });
    await receive(newProbot(), "issue_comment", payload);
    expect(scope.isDone()).toBe(true);
    expect(decodeState(posted(), KEY)?.items.map((i) => i.tick)).toEqual([undefined, undefined, undefined]);
    expect(posted()).toContain("its edit history with it, so it was posted again without ticks");
    expect(check().output.title).toBe("0 of 2 ticked");
  });

  it("fails closed when GitHub errors on the comment write, and the next edit recovers", async () => {
    const { body } = postedComment({ 0: "lead" });
    const scope = nock(API);
    const checks: any[] = [];
    const history = tickedHistory({ 0: "lead" });
    const ticked = setBox(body, 1);
    commentHistory(scope, [...history, ["lead", ticked]]);
    permission(scope, "lead", "write");
    scope.patch(`${REPO}/issues/comments/77`).reply(500, { message: "boom" });
    scope
      .post(
        `${REPO}/check-runs`,
        grab((b) => checks.push(b)),
      )
      .reply(201, {});
    const probot = newProbot();
    await expect(receive(probot, "issue_comment", editPayload(body, ticked, "lead"))).rejects.toThrow();
    expect(checks.map((c) => c.conclusion)).not.toContain("success");
    expect(checks.at(-1).conclusion).toBe("failure");
    // The comment still shows the user's edit; the next event replays the history again, where
    // lead's tick is on record: the check recovers to what lead did.
    commentHistory(scope, [...history, ["lead", ticked]]);
    const out = expectWrites(scope);
    await receive(probot, "issue_comment", editPayload(ticked, ticked, "lead"));
    expect(out.check).toMatchObject({ conclusion: "success", output: { title: "2 of 2 ticked" } });
  });
});
