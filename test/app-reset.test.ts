import nock from "nock";
import { describe, expect, it } from "vitest";
import { decodeState } from "../src/core/checklist/state-codec.js";
import {
  API,
  BOT,
  commentHistory,
  commentPatch,
  configReply,
  counted,
  KEY,
  newProbot,
  permission,
  pullRequestPayload,
  pullRequestReads,
  REPO,
  receive,
} from "./helpers/checklist-app.js";
import { postedComment, tickedHistory } from "./helpers/checklist-comment.js";
import { CONFIG } from "./helpers/checklist-config.js";

const yaml = (reset: string) => CONFIG.replace("reset: on-push", `reset: ${reset}`);

/**
 * A push to PR #2 whose comment has api-key and rollback ticked. `blob` is api/keys.go's blob id
 * after the push (before it, the comment was rendered with none).
 */
async function push(reset: string, options: { blob?: string } = {}) {
  const { body } = postedComment({ 0: "lead", 1: "lead" });
  const payload = pullRequestPayload("synchronize", { sha: "e".repeat(40) });
  const scope = nock(API);
  const calls = counted(scope);
  configReply(scope, yaml(reset));
  pullRequestReads(scope, [{ filename: "api/keys.go", sha: options.blob }], [{ id: 6, body, user: BOT }]);
  // lead ticked both boxes (GitHub's history says so), each recorded by the app.
  commentHistory(scope, [...tickedHistory({ 0: "lead", 1: "lead" }).slice(0, -1), ["bot", body]]);
  permission(scope, "lead", "write");
  scope.post(`${REPO}/check-runs`).reply(201, {});
  const patched = commentPatch(scope, 6);
  await receive(newProbot(), "pull_request", payload);
  expect(scope.isDone()).toBe(true);
  return { state: decodeState(patched(), KEY)!, calls, patched: patched() };
}

describe("app: reset on push", () => {
  it("on-push clears every tick, in at most 7 requests (the edit history, and a role not cached yet)", async () => {
    const { state, calls, patched } = await push("on-push");
    expect(state.items.map((i) => i.tick)).toEqual([undefined, undefined, undefined]);
    expect(state.sha).toBe("e".repeat(40));
    expect(patched).toContain("New commits (eeeeeee) cleared the ticks of");
    expect(calls.length).toBeLessThanOrEqual(7);
  });

  it("on-relevant-push clears only the items whose files the push changed, in at most 7 requests (the edit history, and a role not cached yet)", async () => {
    const touched = await push("on-relevant-push", { blob: "b10b" });
    expect(touched.state.items.map((i) => i.tick?.by)).toEqual([undefined, "lead", undefined]);
    expect(touched.calls.length).toBeLessThanOrEqual(7);
    const untouched = await push("on-relevant-push");
    expect(untouched.state.items.map((i) => i.tick?.by)).toEqual(["lead", "lead", undefined]);
  });

  it("never keeps the ticks", async () => {
    const { state } = await push("never", { blob: "b10b" });
    expect(state.items.map((i) => i.tick?.by)).toEqual(["lead", "lead", undefined]);
  });

  it("labels and description edits re-sync without clearing ticks", async () => {
    const { body } = postedComment({ 1: "lead" });
    const scope = nock(API);
    configReply(scope, yaml("on-push"));
    pullRequestReads(scope, ["api/keys.go"], [{ id: 6, body, user: BOT }]);
    commentHistory(scope, tickedHistory({ 1: "lead" }));
    permission(scope, "lead", "write");
    scope.post(`${REPO}/check-runs`).reply(201, {});
    const patched = commentPatch(scope, 6);
    await receive(newProbot(), "pull_request", pullRequestPayload("labeled", { labels: ["db-migration"] }));
    const state = decodeState(patched(), KEY)!;
    expect(state.items.map((i) => [i.id, i.tick?.by])).toEqual([
      ["api-key", undefined],
      ["migration", undefined],
      ["rollback", "lead"],
      ["docs", undefined],
    ]);
  });
});
