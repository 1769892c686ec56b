import fc from "fast-check";
import nock from "nock";
import { describe, expect, it } from "vitest";
import { parseTasks } from "../src/core/checklist/parse.js";
import { decodeState } from "../src/core/checklist/state-codec.js";
import { simulatedGitHub } from "./helpers/app-github.js";
import {
  API,
  anchorRead,
  BOT,
  CONFIG,
  checkRunWrite,
  configReply,
  editPayload,
  KEY,
  newProbot,
  pullRequestPayload,
  REPO,
  receive,
  stateLine,
  useNock,
} from "./helpers/checklist-app.js";
import { postedComment, setBox } from "./helpers/checklist-comment.js";

useNock();

// The PR's author (Codertocat, write access) may not tick; alice and bob may; mallory only reads.
const STRICT = CONFIG.replace("allow_author: true", "allow_author: false");
const ROLES = { alice: "write", bob: "admin", mallory: "read", Codertocat: "write" };
const ALLOWED = new Set(["alice", "bob"]);
/** The comment's boxes for PR #2 (api/ changed, no label): api-key, rollback, docs (optional). */
const REQUIRED = [0, 1];

/** A PR whose checklist the app posted; `edit` saves a body as `sender` and, unless missed, delivers the event. */
async function openPr() {
  const gh = simulatedGitHub({ roles: ROLES, config: STRICT });
  const probot = newProbot();
  await receive(probot, "pull_request", pullRequestPayload("opened"));
  const bodies = [gh.state.body as string];
  const edit = async (sender: string, body: string, options: { missed?: boolean } = {}) => {
    const from = gh.state.body as string;
    gh.state.body = body;
    if (!options.missed) await receive(probot, "issue_comment", editPayload(from, body, sender)).catch(() => undefined);
    bodies.push(gh.state.body as string);
  };
  const labeled = () => receive(probot, "pull_request", pullRequestPayload("labeled")).catch(() => undefined);
  const tick = (sender: string, box: number, checked = true) =>
    edit(sender, setBox(gh.state.body as string, box, checked));
  return { gh, probot, bodies, edit, tick, labeled };
}

describe("app: a withdrawn tick never counts again", () => {
  it("a pasted older body whose edit event the app missed never turns the check green, on an edit or a PR event", async () => {
    for (const next of ["edit", "labeled"] as const) {
      const pr = await openPr();
      await pr.tick("alice", 0);
      await pr.tick("alice", 1);
      expect(pr.gh.check()?.conclusion).toBe("success");
      const allTicked = pr.gh.state.body as string;
      await pr.tick("alice", 1, false);
      expect(pr.gh.check()?.conclusion).toBe("action_required");
      // The author pastes the older, validly signed, all-ticked body back; the app misses the event.
      await pr.edit("Codertocat", allTicked, { missed: true });
      if (next === "edit") await pr.tick("bob", 2);
      else await pr.labeled();
      expect(pr.gh.check()).toMatchObject({ conclusion: "action_required", output: { title: "1 of 2 ticked" } });
      expect(decodeState(pr.gh.state.body, KEY)?.items.map((i) => i.tick?.by)).toEqual([
        "alice",
        undefined,
        next === "edit" ? "bob" : undefined,
      ]);
      expect(pr.gh.state.body).toContain("did not match deploy-gate's own record");
      nock.cleanAll();
    }
  });

  it("nor when GitHub answered 502 to the corrective write until retries ran out", async () => {
    const pr = await openPr();
    await pr.tick("alice", 0);
    await pr.tick("alice", 1);
    const allTicked = pr.gh.state.body as string;
    await pr.tick("alice", 1, false);
    pr.gh.state.failPatches = 1;
    await pr.edit("Codertocat", allTicked);
    // The undo never reached the comment, which still shows the pasted body.
    expect(pr.gh.state.body).toBe(allTicked);
    expect(pr.gh.check()?.conclusion).not.toBe("success");
    await pr.labeled();
    expect(pr.gh.check()).toMatchObject({ conclusion: "action_required", output: { title: "1 of 2 ticked" } });
    expect(parseTasks(pr.gh.state.body as string).map((t) => t.checked)).toEqual([true, false, false]);
  });

  it("an older anchor copied into someone else's check run of the same name never wins", async () => {
    const pr = await openPr();
    await pr.tick("alice", 0);
    await pr.tick("alice", 1);
    const allTicked = pr.gh.state.body as string;
    await pr.tick("alice", 1, false);
    // A workflow posts `deploy-gate/checklist` on the head with the all-ticked anchor, then the
    // author pastes that body back (event missed).
    pr.gh.state.foreign.push({ sha: decodeState(allTicked, KEY)!.sha, text: stateLine(allTicked) });
    await pr.edit("Codertocat", allTicked, { missed: true });
    await pr.labeled();
    expect(pr.gh.check()).toMatchObject({ conclusion: "action_required", output: { title: "1 of 2 ticked" } });
  });

  it("a failed check posted on a GitHub error keeps the anchor, so the ticks survive the error", async () => {
    const { body } = postedComment({ 0: "alice" }, undefined, "Codertocat");
    const scope = nock(API);
    configReply(scope, STRICT);
    scope.get(`${REPO}/pulls/2/files`).query(true).reply(500, { message: "boom" });
    scope
      .get(`${REPO}/issues/2/comments`)
      .query(true)
      .reply(200, [{ id: 77, body, user: BOT }]);
    anchorRead(scope, [body]);
    const check = checkRunWrite(scope);
    await expect(receive(newProbot(), "pull_request", pullRequestPayload("labeled"))).rejects.toThrow();
    expect(scope.isDone()).toBe(true);
    expect(check()).toMatchObject({ conclusion: "failure", output: { text: stateLine(body) } });
  });

  it("property: the check is success only if every required item's latest tick by an allowed user stands", async () => {
    const who = fc.constantFrom("alice", "bob", "mallory", "Codertocat");
    const op = fc.oneof(
      {
        weight: 4,
        arbitrary: fc.record({
          kind: fc.constant("box" as const),
          who,
          box: fc.integer({ min: 0, max: 2 }),
          checked: fc.boolean(),
          missed: fc.boolean(),
        }),
      },
      {
        weight: 3,
        arbitrary: fc.record({ kind: fc.constant("paste" as const), index: fc.nat(), missed: fc.boolean() }),
      },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant("labeled" as const) }) },
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant("fault" as const),
          on: fc.constantFrom("failPatches" as const, "failChecks" as const),
        }),
      },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 6 }), async (ops) => {
        const pr = await openPr();
        // Per box: did the latest change an allowed user made tick it? Each run starts green.
        const ok = [true, true, false];
        try {
          await pr.tick("alice", 0);
          await pr.tick("bob", 1);
          for (const o of ops) {
            if (o.kind === "box") {
              const body = setBox(pr.gh.state.body as string, o.box, o.checked);
              if (body === pr.gh.state.body) continue;
              if (ALLOWED.has(o.who)) ok[o.box] = o.checked;
              // The app cannot know of an allowed user's edit it never saw while the comment no
              // longer shows it; only the attacker's (disallowed) events go missing here.
              await pr.edit(o.who, body, { missed: o.missed && !ALLOWED.has(o.who) });
            } else if (o.kind === "paste") {
              await pr.edit("Codertocat", pr.bodies[o.index % pr.bodies.length], { missed: o.missed });
            } else if (o.kind === "labeled") {
              await pr.labeled();
            } else {
              pr.gh.state[o.on]++;
            }
            if (pr.gh.check()?.conclusion === "success") expect(REQUIRED.every((i) => ok[i])).toBe(true);
          }
        } finally {
          nock.cleanAll();
        }
      }),
      {
        numRuns: 8,
        // Runs that found main's faults first: an untick whose corrective write failed, and a
        // withdrawn tick pasted back while its event was missed.
        examples: [
          [
            [
              { kind: "fault", on: "failPatches" },
              { kind: "box", who: "alice", box: 0, checked: false, missed: false },
              { kind: "labeled" },
            ],
          ],
          [
            [
              { kind: "box", who: "alice", box: 1, checked: false, missed: false },
              { kind: "paste", index: 2, missed: true },
              { kind: "labeled" },
            ],
          ],
        ],
      },
    );
  });
});
