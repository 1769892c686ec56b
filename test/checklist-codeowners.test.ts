import nock from "nock";
import { describe, expect, it } from "vitest";
import { renderComment } from "../src/core/checklist/render.js";
import { decodeState } from "../src/core/checklist/state-codec.js";
import {
  API,
  BOT,
  checkRunWrite,
  commentHistory,
  commentPatch,
  configReply,
  editPayload,
  KEY,
  newProbot,
  permission,
  pullRequestPayload,
  pullRequestReads,
  REPO,
  receive,
} from "./helpers/checklist-app.js";
import { postedComment, setBox } from "./helpers/checklist-comment.js";
import { CONFIG, checklist } from "./helpers/checklist-config.js";

const OWNED = CONFIG.replace("allow_author: true }", "allow_author: true, codeowners: true }");
const BASE = "f95f852bd8fca8fcc58a9a2d6c842781e32a215e";
const ownedChecklist = { ...checklist, tickers: { ...checklist.tickers, codeowners: true } };

/** CODEOWNERS at the base commit, in .github/ (the first place GitHub looks). */
const codeownersAtBase = (scope: nock.Scope, text: string) =>
  scope.get(`${REPO}/contents/.github%2FCODEOWNERS`).query({ ref: BASE }).reply(200, text);

/**
 * A labeled event on PR #2 (api/keys.go changed) whose comment history shows `who` ticking
 * api-key; gives the state the app writes.
 */
async function tickedBy(who: string, codeowners: string, files: string[] = ["api/keys.go"]) {
  const { body } = postedComment({}, ownedChecklist);
  const ticked = setBox(body, 0);
  const scope = nock(API);
  configReply(scope, OWNED);
  pullRequestReads(scope, files, [{ id: 77, body: ticked, user: BOT }]);
  codeownersAtBase(scope, codeowners);
  commentHistory(scope, [
    ["bot", body],
    [who, ticked, "2026-11-22T05:10:00Z"],
  ]);
  permission(scope, who, "write");
  const patched = commentPatch(scope, 77);
  checkRunWrite(scope);
  return {
    scope,
    run: async () => {
      await receive(newProbot(), "pull_request", pullRequestPayload("labeled"));
      expect(scope.isDone()).toBe(true);
      return { state: decodeState(patched(), KEY)!, body: patched() };
    },
  };
}

describe("tickers.codeowners: only an owner of a changed file an item's paths match may tick it", () => {
  it("a user the base branch's CODEOWNERS names counts (last matching rule wins)", async () => {
    const { run } = await tickedBy("alice", "* @everyone\napi/ @bob\napi/keys.go @alice\n");
    const { state } = await run();
    expect(state.items[0].tick?.by).toBe("alice");
    expect(state.items[0].owners).toEqual(["@alice"]);
  });

  it("a writer who owns none of them is undone, the owners named", async () => {
    const { run } = await tickedBy("bob", "* @everyone\napi/ @bob\napi/keys.go @alice\n");
    const { state, body } = await run();
    expect(state.items[0].tick).toBeUndefined();
    expect(body).toContain(
      '@bob owns none of the changed files "Ran `rack params set` in staging; the API key still works" covers; they are owned by @alice',
    );
  });

  it("a team owner counts through GitHub's team membership; a pending invitation does not", async () => {
    for (const [state, counts] of [
      ["active", true],
      ["pending", false],
    ] as const) {
      const { scope, run } = await tickedBy("carol", "api/** @acme/api-team\n");
      scope.get("/orgs/acme/teams/api-team/memberships/carol").reply(200, { state, role: "member" });
      const out = await run();
      expect(Boolean(out.state.items[0].tick), state).toBe(counts);
    }
  });

  it("a matched file no rule owns falls back to tickers.permission", async () => {
    const { run } = await tickedBy("bob", "api/keys.go @alice\n", ["api/keys.go", "api/new.go"]);
    const { state } = await run();
    expect(state.items[0].tick?.by).toBe("bob");
    expect(state.items[0].owners).toBeUndefined();
  });
});

describe("tickers.codeowners on the app's edit path: the owners of its own signed rendering", () => {
  it("a tick by a writer who is not an owner is undone, without reading CODEOWNERS again", async () => {
    const { state } = postedComment({}, ownedChecklist);
    state.items[0].owners = ["@alice"];
    const body = renderComment(state, KEY);
    const scope = nock(API);
    commentHistory(scope, [
      ["bot", body],
      ["bob", setBox(body, 0)],
    ]);
    permission(scope, "bob", "write");
    const patched = commentPatch(scope, 77);
    const check = checkRunWrite(scope);
    await receive(newProbot(), "issue_comment", editPayload(body, setBox(body, 0), "bob"));
    expect(scope.isDone()).toBe(true);
    expect(decodeState(patched(), KEY)?.items[0].tick).toBeUndefined();
    expect(patched()).toContain("@bob owns none of the changed files");
    expect(check().conclusion).toBe("action_required");
  });
});
