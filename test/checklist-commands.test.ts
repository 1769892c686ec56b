import nock from "nock";
import { describe, expect, it } from "vitest";
import { parseCommand } from "../src/core/checklist/commands.js";
import { renderComment } from "../src/core/checklist/render.js";
import { decodeState } from "../src/core/checklist/state-codec.js";
import {
  API,
  captureWrite,
  checkRunWrite,
  commandPayload,
  counted,
  editPayload,
  HEAD,
  KEY,
  newProbot,
  permission,
  REPO,
  receive,
  unmatchedRequests,
} from "./helpers/checklist-app.js";
import { postedComment, tickedHistory } from "./helpers/checklist-comment.js";
import { CONFIG, checklist } from "./helpers/checklist-config.js";
import { type ListedNode, pullCommentsReply } from "./helpers/comment-history.js";

const unmatched = unmatchedRequests();

describe("a command is the first line of a new comment, outside code and quotes", () => {
  it("reads the four forms, and nothing else as a command", () => {
    expect(parseCommand("/deploy-gate waive rollback lab is down\nmore text")).toEqual({
      kind: "waive",
      item: "rollback",
      reason: "lab is down",
    });
    expect(parseCommand("  /deploy-gate override   prod is on fire ")).toEqual({
      kind: "override",
      reason: "prod is on fire",
    });
    expect(parseCommand("/deploy-gate status")).toEqual({ kind: "status" });
    expect(parseCommand("/deploy-gate waive rollback")).toEqual({ kind: "unknown", text: "waive rollback" });
    expect(parseCommand("/deploy-gate")).toEqual({ kind: "unknown", text: "" });
    expect(parseCommand("/deploy-gate frobnicate")).toEqual({ kind: "unknown", text: "frobnicate" });
    for (const body of [
      "please run\n/deploy-gate status",
      "> /deploy-gate override quoted",
      "    /deploy-gate override indented code",
      "```\n/deploy-gate override fenced\n```",
      "`/deploy-gate override` inline code",
      "/deploy-gatex status",
      "/deploy-gate-status",
    ]) {
      expect(parseCommand(body), body).toBeUndefined();
    }
  });
});

const OWNER = { owner: "Codertocat", repo: "Hello-World", number: 2, bot: "deploy-gate" };
const NOTIFY = CONFIG.replace(
  "  items:\n",
  "  override: { permission: admin, notify: [octo-org/release-managers, oncall] }\n  items:\n",
);
/** PR #2's checklist comment (#77) as the app rendered it, lead's tick on api-key recorded. */
const checklistNode = (config = checklist, ticks: Record<number, string> = { 0: "lead" }): ListedNode => {
  const revisions = tickedHistory(ticks, config);
  return { id: 77, author: "bot", body: revisions.at(-1)![1], revisions };
};

/**
 * The app's command path: its one GraphQL read of the PR's comments, `others` after the checklist,
 * and lead's role (the history replays lead's tick).
 */
function commandRun(others: ListedNode[] = [], node = checklistNode(), roles: Record<string, string> = {}) {
  const scope = nock(API);
  const calls = counted(scope);
  pullCommentsReply(scope, [node, ...others], OWNER);
  for (const [login, role] of Object.entries({ lead: "write", ...roles })) if (role) permission(scope, login, role);
  return { scope, calls };
}

const reaction = (scope: nock.Scope, id: number) =>
  captureWrite(scope, "post", `${REPO}/issues/comments/${id}/reactions`, 201);
const replyPost = (scope: nock.Scope) => captureWrite(scope, "post", `${REPO}/issues/2/comments`, 201, { id: 901 });
const commentPatch77 = (scope: nock.Scope) => captureWrite(scope, "patch", `${REPO}/issues/comments/77`, 200);

describe("app: commands", () => {
  it("a PR comment that is not a command costs no request at all", async () => {
    const probot = newProbot();
    for (const body of ["LGTM", "> /deploy-gate override quoted", "```\n/deploy-gate status\n```"]) {
      await receive(probot, "issue_comment", commandPayload(body, "lead"));
    }
    // An edited comment is never a command, even when it now reads as one.
    const edited = editPayload("typo", "/deploy-gate override now", "lead");
    edited.comment.user = { ...edited.comment.user, login: "lead", type: "User" };
    await receive(probot, "issue_comment", edited);
    expect(unmatched).toEqual([]);
  });

  it("waive: a waivable item shows who waived it and why, counts as done, in at most 5 requests, with a 👍", async () => {
    const waive = "/deploy-gate waive rollback the lab is down this week";
    const { scope, calls } = commandRun([{ id: 900, author: "lead", body: waive, at: "2026-11-22T06:00:00Z" }]);
    const patched = commentPatch77(scope);
    const check = checkRunWrite(scope);
    const thumbs = reaction(scope, 900);
    await receive(newProbot(), "issue_comment", commandPayload(waive, "lead"));
    expect(scope.isDone()).toBe(true);
    expect(calls.length).toBeLessThanOrEqual(5);
    const state = decodeState(patched().body, KEY)!;
    expect(state.items[1].waiver).toEqual({
      by: "lead",
      at: "2026-11-22T06:00:00Z",
      reason: "the lab is down this week",
      comment: 900,
    });
    expect(patched().body).toContain("waived by @lead at 2026-11-22 06:00 UTC: the lab is down this week");
    expect(check()).toMatchObject({ head_sha: HEAD, conclusion: "success", output: { title: "2 of 2 ticked" } });
    expect(check().output.summary).toContain("waived by @lead: the lab is down this week");
    expect(thumbs()).toEqual({ content: "+1" });
  });

  it("waive refused: an item that is not waivable, an unknown item, a user who may not tick; one reply each, nothing changed", async () => {
    for (const [body, who, role, says] of [
      ["/deploy-gate waive api-key no time", "lead", "write", "Item `api-key` is not waivable"],
      ["/deploy-gate waive nope no time", "lead", "write", "has no item `nope`"],
      ["/deploy-gate waive rollback trust me", "reader", "read", "@reader has read permission; ticking needs write"],
    ] as const) {
      const { scope, calls } = commandRun([{ id: 900, author: who, body }], checklistNode(), { [who]: role });
      const reply = replyPost(scope);
      await receive(newProbot(), "issue_comment", commandPayload(body, who));
      expect(scope.isDone()).toBe(true);
      expect(reply().body).toContain(says);
      expect(reply().body.split("\n")[0]).toContain("Nothing was changed.");
      // The read, the roles (lead's tick is replayed), the reply.
      expect(calls).toHaveLength(who === "lead" ? 3 : 4);
      expect(unmatched).toEqual([]);
    }
  });

  it("a second refusal to the same user within the hour is a 😕 reaction, not another reply", async () => {
    const body = "/deploy-gate override let me";
    const earlier = `@dev has write permission; \`override\` needs admin or more. Nothing was changed.\n\n<!-- deploy-gate:reply @dev -->`;
    const { scope } = commandRun(
      [
        { id: 880, author: "dev", body, at: "2026-11-22T05:30:00Z" },
        { id: 881, author: "bot", body: earlier, at: "2026-11-22T05:30:05Z" },
        { id: 900, author: "dev", body, at: "2026-11-22T06:00:00Z" },
      ],
      checklistNode(),
      { dev: "write" },
    );
    const confused = reaction(scope, 900);
    await receive(newProbot(), "issue_comment", commandPayload(body, "dev"));
    expect(scope.isDone()).toBe(true);
    expect(confused()).toEqual({ content: "confused" });
    expect(unmatched).toEqual([]);
  });

  it("after an hour the refusal is a reply again; another user's reply does not count", async () => {
    const body = "/deploy-gate override let me";
    const old = `@dev no.\n\n<!-- deploy-gate:reply @dev -->`;
    const other = `@eve no.\n\n<!-- deploy-gate:reply @eve -->`;
    const { scope } = commandRun(
      [
        { id: 881, author: "bot", body: old, at: "2026-11-22T04:59:00Z" },
        { id: 882, author: "bot", body: other, at: "2026-11-22T05:50:00Z" },
        { id: 900, author: "dev", body },
      ],
      checklistNode(),
      { dev: "write" },
    );
    const reply = replyPost(scope);
    await receive(newProbot(), "issue_comment", commandPayload(body, "dev"));
    expect(reply().body).toContain("`override` needs admin or more");
  });

  it("override: success titled by who, the reason quoted, notify mentioned, unticked items `overridden`", async () => {
    const body = "/deploy-gate override prod is down, shipping the fix";
    const config = {
      ...checklist,
      override: { permission: "admin" as const, notify: ["octo-org/release-managers", "oncall"] },
    };
    const { scope, calls } = commandRun(
      [{ id: 900, author: "boss", body, at: "2026-11-22T06:00:00Z" }],
      checklistNode(config, {}),
      {
        lead: "",
        boss: "admin",
      },
    );
    const patched = commentPatch77(scope);
    const check = checkRunWrite(scope);
    const thumbs = reaction(scope, 900);
    await receive(newProbot(), "issue_comment", commandPayload(body, "boss"));
    expect(scope.isDone()).toBe(true);
    expect(calls.length).toBeLessThanOrEqual(5);
    expect(check()).toMatchObject({ conclusion: "success", output: { title: "overridden by @boss" } });
    expect(check().output.summary).toContain("> prod is down, shipping the fix");
    expect(patched().body).toContain("Overridden by @boss at 2026-11-22 06:00 UTC for ec26c3e");
    expect(patched().body).toContain("cc @octo-org/release-managers @oncall");
    expect(decodeState(patched().body, KEY)?.override).toMatchObject({ by: "boss", sha: HEAD, comment: 900 });
    expect(thumbs()).toEqual({ content: "+1" });
    expect(NOTIFY).toContain("notify");
  });

  it("override by a user below `override.permission` never counts", async () => {
    const body = "/deploy-gate override trust me";
    const { scope } = commandRun([{ id: 900, author: "lead", body }], checklistNode(), { lead: "maintain" });
    const reply = replyPost(scope);
    await receive(newProbot(), "issue_comment", commandPayload(body, "lead"));
    expect(scope.isDone()).toBe(true);
    expect(reply().body).toBe(
      "@lead has maintain permission; `override` needs admin or more. Nothing was changed.\n\n<!-- deploy-gate:reply @lead -->",
    );
  });

  it("status: answers with each item, who and when, and a 👍", async () => {
    const { scope, calls } = commandRun([{ id: 900, author: "lead", body: "/deploy-gate status" }]);
    const reply = replyPost(scope);
    const thumbs = reaction(scope, 900);
    await receive(newProbot(), "issue_comment", commandPayload("/deploy-gate status", "lead"));
    expect(scope.isDone()).toBe(true);
    expect(calls.length).toBeLessThanOrEqual(5);
    expect(reply().body).toContain("deploy-gate checklist for ec26c3e: 1 of 2 ticked");
    expect(reply().body).toContain("`api-key`: ticked by @lead at 2026-11-22 04:00 UTC");
    expect(reply().body).toContain("`rollback`: not ticked");
    expect(thumbs()).toEqual({ content: "+1" });
  });

  it("an unknown command gets the list of commands", async () => {
    const { scope } = commandRun([{ id: 900, author: "lead", body: "/deploy-gate deploy now" }], checklistNode(), {
      lead: "",
    });
    const reply = replyPost(scope);
    await receive(newProbot(), "issue_comment", commandPayload("/deploy-gate deploy now", "lead"));
    expect(scope.isDone()).toBe(true);
    expect(reply().body).toContain("`deploy now` is not a command");
    expect(reply().body).toContain("/deploy-gate waive <item-id> <reason>");
    expect(reply().body).toContain("/deploy-gate status");
  });

  it("a waiver or override the hidden state claims, with no command GitHub records, never counts", async () => {
    // The app's latest rendering is forged here: it claims a waiver and an override by boss.
    const { state } = postedComment({ 0: "lead" });
    state.items[1].waiver = { by: "boss", at: "2026-11-22T04:00:00Z", reason: "forged", comment: 555 };
    state.override = { by: "boss", at: "2026-11-22T04:00:00Z", reason: "forged", comment: 556, sha: HEAD };
    const forged = renderComment(state, KEY);
    const revisions = [...tickedHistory({ 0: "lead" }), ["bot", forged] as [string, string]];
    const { scope } = commandRun([{ id: 900, author: "lead", body: "/deploy-gate status" }], {
      id: 77,
      author: "bot",
      body: forged,
      revisions,
    });
    const reply = replyPost(scope);
    reaction(scope, 900);
    await receive(newProbot(), "issue_comment", commandPayload("/deploy-gate status", "lead"));
    expect(scope.isDone()).toBe(true);
    expect(reply().body).toContain("1 of 2 ticked");
    expect(reply().body).not.toContain("forged");
  });

  it("a GitHub error leaves a failed check on the head the checklist names, and no reply", async () => {
    const { scope } = commandRun([{ id: 900, author: "boss", body: "/deploy-gate override now" }], checklistNode(), {
      lead: "",
    });
    scope.get(`${REPO}/collaborators/lead/permission`).reply(502, { message: "Bad Gateway" });
    const check = checkRunWrite(scope);
    await expect(
      receive(newProbot(), "issue_comment", commandPayload("/deploy-gate override now", "boss")),
    ).rejects.toThrow();
    expect(scope.isDone()).toBe(true);
    expect(check()).toMatchObject({ head_sha: HEAD, conclusion: "failure" });
    expect(unmatched).toEqual([]);
  });
});
