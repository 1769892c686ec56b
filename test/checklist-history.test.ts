import fc from "fast-check";
import nock from "nock";
import { describe, expect, it } from "vitest";
import { syncPullRequest } from "../src/core/checklist/flow.js";
import { type Revision, upToBody } from "../src/core/checklist/history.js";
import type { ChecklistPort } from "../src/core/checklist/port.js";
import { renderComment } from "../src/core/checklist/render.js";
import { decodeState } from "../src/core/checklist/state-codec.js";
import type { ChecklistVerdict } from "../src/core/checklist/types.js";
import { commentRevisions } from "../src/github/comment-history.js";
import { createOctokit } from "../src/github/octokit.js";
import { API, grab, HEAD } from "./helpers/checklist-app.js";
import { postedComment, setBox } from "./helpers/checklist-comment.js";
import { checklist as fixtureChecklist } from "./helpers/checklist-config.js";

const BOT = "github-actions[bot]";
const ROLES: Record<string, string> = { alice: "write", bob: "admin", mallory: "read", dev: "write" };
const ALLOWED = new Set(["alice", "bob"]);
// The PR is dev's, who may not tick; boxes: api-key, rollback (both required), docs (optional).
const checklist = { ...fixtureChecklist, tickers: { ...fixtureChecklist.tickers, allow_author: false } };
const REQUIRED = [0, 1];

/**
 * The action's view of one PR in memory: the comment's revisions as GitHub records them, and a
 * run that syncs it the way the checklist stage does (a failed comment write fails the run).
 */
function actionPr() {
  const revisions: Revision[] = [];
  let clock = 0;
  const save = (editor: string, body: string) =>
    revisions.push({ editor, body, at: new Date(Date.UTC(2026, 10, 22, 5, 0, clock++)).toISOString() });
  const body = () => revisions.at(-1)?.body ?? undefined;
  let failWrites = 0;
  const failures: ChecklistVerdict[] = [];
  const port: ChecklistPort = {
    target: { repo: "Codertocat/Hello-World", pr: 2 },
    prFiles: async () => [{ path: "api/keys.go" }],
    findComment: async () =>
      body() === undefined ? undefined : { id: 77, nodeId: "IC_77", body: body() as string, author: BOT },
    createComment: async (text) => {
      save(BOT, text);
      return { id: 77, body: text };
    },
    updateComment: async (_id, text) => {
      if (failWrites > 0) {
        failWrites--;
        throw Object.assign(new Error("Bad Gateway"), { status: 502 });
      }
      save(BOT, text);
    },
    conversation: async () => ({ commands: [], replies: [] }),
    prCommits: async () => [],
    codeowners: async () => undefined,
    isTeamMember: async () => false,
    reply: async () => undefined,
    react: async () => undefined,
    roleOf: async (login) => ROLES[login] ?? "none",
    setVerdict: async (_sha, verdict) => {
      if (verdict.conclusion === "failure") failures.push(verdict);
    },
    proof: { revisions: async () => ({ body: body() as string, revisions: [...revisions] }) },
  };
  const pr = { number: 2, headSha: HEAD, author: "dev", labels: [], baseRef: "main" };
  /** One run that was not dropped: its verdict (failure when GitHub failed it). */
  const run = async (): Promise<ChecklistVerdict> => {
    try {
      const outcome = await syncPullRequest({ checklist, pr }, port);
      return outcome!.verdict;
    } catch {
      return failures.at(-1) as ChecklistVerdict;
    }
  };
  return { revisions, save, body, run, fail: () => failWrites++ };
}

describe("action: reading the comment's edit history", () => {
  it("reads every page, oldest first, names bots as REST does, and marks deleted revisions and a missing creation", async () => {
    const cursors: unknown[] = [];
    const page = (nodes: unknown[], next: string | null) => ({
      data: {
        node: {
          body: "now",
          createdAt: "2026-11-22T05:00:00Z",
          includesCreatedEdit: false,
          author: { __typename: "Bot", login: "github-actions" },
          userContentEdits: { pageInfo: { hasNextPage: next !== null, endCursor: next }, nodes },
        },
      },
    });
    const edit = (at: string, diff: string | null, login: string, type = "User") => ({
      editedAt: at,
      deletedAt: diff === null ? at : null,
      diff,
      editor: { __typename: type, login },
    });
    nock(API)
      .post(
        "/graphql",
        grab((b) => cursors.push(b.variables.cursor)),
      )
      .reply(200, page([edit("2026-11-22T05:03:00Z", "now", "alice"), edit("2026-11-22T05:02:00Z", null, "bob")], "c1"))
      .post(
        "/graphql",
        grab((b) => cursors.push(b.variables.cursor)),
      )
      .reply(200, page([edit("2026-11-22T05:01:00Z", "first", "github-actions", "Bot")], null));
    const { revisions } = await commentRevisions(createOctokit({ token: "t", retries: 0 }), "IC_77");
    expect(cursors).toEqual([null, "c1"]);
    expect(revisions).toEqual([
      { editor: null, body: null, at: "2026-11-22T05:00:00Z" },
      { editor: "github-actions[bot]", body: "first", at: "2026-11-22T05:01:00Z" },
      { editor: "bob", body: null, at: "2026-11-22T05:02:00Z" },
      { editor: "alice", body: "now", at: "2026-11-22T05:03:00Z" },
    ]);
    // Listed oldest first instead, the timestamps show it and the order is kept.
    nock(API)
      .post("/graphql")
      .reply(200, page([edit("2026-11-22T05:01:00Z", "a", "alice"), edit("2026-11-22T05:02:00Z", "b", "bob")], null));
    const { revisions: kept } = await commentRevisions(createOctokit({ token: "t", retries: 0 }), "IC_77");
    expect(kept.map((r) => r.editor)).toEqual([null, "alice", "bob"]);
  });
});

describe("action: replaying the comment's edit history", () => {
  it("credits each box to the revision that ticked it, across dropped runs", async () => {
    const pr = actionPr();
    await pr.run();
    pr.save("alice", setBox(pr.body()!, 0));
    pr.save("mallory", setBox(pr.body()!, 1));
    pr.save("bob", setBox(pr.body()!, 1, false));
    pr.save("bob", setBox(pr.body()!, 1));
    const verdict = await pr.run();
    expect(decodeState(pr.body())?.items.map((i) => i.tick?.by)).toEqual(["alice", "bob", undefined]);
    expect(verdict.conclusion).toBe("success");
  });

  it("after a revision deleted from the history (or by a deleted account) nothing can be credited until deploy-gate renders again", async () => {
    const pr = actionPr();
    await pr.run();
    pr.revisions.push({ editor: null, body: setBox(pr.body()!, 0), at: "2026-11-22T06:00:00Z" });
    pr.save("alice", setBox(pr.body()!, 1));
    expect(decodeState(pr.body())).toBeDefined();
    const verdict = await pr.run();
    // What alice's revision changed is unknown: the one before it cannot be read.
    expect(decodeState(pr.body())?.items.map((i) => i.tick?.by)).toEqual([undefined, undefined, undefined]);
    expect(pr.body()).toContain(
      'Nobody allowed to tick can be credited with the tick on "Ran `rack params set` in staging; the API key still works"',
    );
    expect(verdict.conclusion).toBe("action_required");
  });

  it("a revision deleted from the history withdraws every tick before it: it may have been an untick", async () => {
    const pr = actionPr();
    await pr.run();
    pr.save("alice", setBox(pr.body()!, 0));
    pr.save("alice", setBox(pr.body()!, 1));
    expect((await pr.run()).conclusion).toBe("success");
    // alice's untick was deleted from the history; mallory's revision shows the box ticked again.
    const rendered = pr.body()!;
    pr.revisions.push({ editor: "alice", body: null, at: "2026-11-22T06:00:00Z" });
    pr.save("mallory", rendered);
    const verdict = await pr.run();
    expect(verdict.conclusion).not.toBe("success");
    expect(decodeState(pr.body())?.items.map((i) => i.tick?.by)).toEqual([undefined, undefined, undefined]);
  });

  it("a newest revision GitHub does not list yet counts for the editor the event names, and for nobody otherwise", () => {
    const listed: Revision[] = [{ editor: BOT, body: "a", at: "t0" }];
    const event = { from: "a", body: "b", sender: "alice", at: "t1" };
    expect(upToBody(listed, "b", event).at(-1)).toEqual({ editor: "alice", body: "b", at: "t1" });
    // The event is for another body than the comment's: whoever saved this one is unknown.
    expect(upToBody(listed, "c", event).at(-1)).toEqual({ editor: null, body: "c", at: "t1" });
    expect(upToBody(listed, "a", event)).toEqual(listed);
  });

  it("property: a status is success only if every required item's latest change by an allowed user ticked it", async () => {
    const who = fc.constantFrom("alice", "bob", "mallory", "dev");
    const op = fc.oneof(
      {
        weight: 4,
        arbitrary: fc.record({
          kind: fc.constant("box" as const),
          who,
          box: fc.integer({ min: 0, max: 2 }),
          checked: fc.boolean(),
        }),
      },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant("paste" as const), index: fc.nat() }) },
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant("forge" as const),
          ticks: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
        }),
      },
      { weight: 3, arbitrary: fc.record({ kind: fc.constant("run" as const), fault: fc.boolean() }) },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 10 }), async (ops) => {
        const pr = actionPr();
        await pr.run();
        const ok = [false, false, false];
        for (const o of ops) {
          const body = pr.body() as string;
          if (o.kind === "box") {
            const next = setBox(body, o.box, o.checked);
            if (next === body) continue;
            if (ALLOWED.has(o.who)) ok[o.box] = o.checked;
            pr.save(o.who, next);
          } else if (o.kind === "paste") {
            const earlier = pr.revisions.map((r) => r.body).filter((b): b is string => b !== null);
            pr.save("dev", earlier[o.index % earlier.length]);
          } else if (o.kind === "forge") {
            // The author writes a hidden state (and boxes) claiming ticks by alice.
            const claimed = Object.fromEntries(o.ticks.flatMap((t, i) => (t ? [[i, "alice"]] : [])));
            pr.save("dev", renderComment(postedComment(claimed, checklist, "dev").state));
          } else {
            if (o.fault) pr.fail();
            const verdict = await pr.run();
            if (verdict.conclusion === "success") expect(REQUIRED.every((i) => ok[i])).toBe(true);
          }
        }
      }),
      // The run that found main's fault first: a hand-written state, then a run.
      {
        numRuns: 12,
        examples: [
          [
            [
              { kind: "forge", ticks: [true, true, false] },
              { kind: "run", fault: false },
            ],
          ],
        ],
      },
    );
  });
});
