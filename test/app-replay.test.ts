import fc from "fast-check";
import nock from "nock";
import { describe, expect, it } from "vitest";
import { parseTasks } from "../src/core/checklist/parse.js";
import { decodeState } from "../src/core/checklist/state-codec.js";
import { simulatedGitHub } from "./helpers/app-github.js";
import { CONFIG, editPayload, KEY, newProbot, pullRequestPayload, receive } from "./helpers/checklist-app.js";
import { setBox } from "./helpers/checklist-comment.js";

// The PR's author (Codertocat, write access) may not tick; alice and bob may; mallory only reads.
const STRICT = CONFIG.replace("allow_author: true", "allow_author: false");
const ROLES = { alice: "write", bob: "admin", mallory: "read", Codertocat: "write" };
const ALLOWED = new Set(["alice", "bob"]);
/** The comment's boxes for PR #2 (api/ changed, no label): api-key, rollback, docs (optional). */
const REQUIRED = [0, 1];

/**
 * A PR whose checklist the app posted; `edit` saves a body as `sender` (GitHub's edit history has
 * it whatever happens next) and, unless missed, delivers the event.
 */
async function openPr() {
  const gh = simulatedGitHub({ roles: ROLES, config: STRICT });
  const probot = newProbot();
  await receive(probot, "pull_request", pullRequestPayload("opened"));
  const bodies = [gh.state.body as string];
  const edit = async (sender: string, body: string, options: { missed?: boolean } = {}) => {
    const from = gh.state.body as string;
    gh.save(sender, body);
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
      expect(pr.gh.state.body).toContain("@Codertocat wrote this pull request");
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

  it("a tick withdrawn in an edit the app missed never counts again, though another missed edit put the same body back", async () => {
    // alice ticks, unticks (missed), then someone not allowed re-ticks (missed): the comment is
    // byte-identical to the app's last rendering, so only the edit history shows the withdrawal.
    for (const [who, next] of [
      ["mallory", "edit"],
      ["Codertocat", "edit"],
      ["mallory", "labeled"],
    ] as const) {
      const pr = await openPr();
      await pr.tick("alice", 0);
      await pr.tick("alice", 1);
      expect(pr.gh.check()?.conclusion).toBe("success");
      const rendered = pr.gh.state.body as string;
      await pr.edit("alice", setBox(rendered, 1, false), { missed: true });
      await pr.edit(who, rendered, { missed: true });
      expect(pr.gh.state.body).toBe(rendered);
      if (next === "edit") await pr.tick("bob", 2);
      else await pr.labeled();
      expect(pr.gh.check()).toMatchObject({ conclusion: "action_required", output: { title: "1 of 2 ticked" } });
      expect(decodeState(pr.gh.state.body, KEY)?.items[1].tick).toBeUndefined();
      expect(parseTasks(pr.gh.state.body as string)[1].checked).toBe(false);
      nock.cleanAll();
    }
  });

  it("an allowed user's untick in a revision that also changed the text, both events missed, still withdraws the tick", async () => {
    const pr = await openPr();
    await pr.tick("alice", 0);
    await pr.tick("alice", 1);
    const rendered = pr.gh.state.body as string;
    // Someone reworded the intro (missed); alice then unticked on that body (missed too).
    const reworded = rendered.replace("Tick each box", "Please tick each box");
    await pr.edit("bob", reworded, { missed: true });
    await pr.edit("alice", setBox(reworded, 1, false), { missed: true });
    await pr.labeled();
    expect(pr.gh.check()).toMatchObject({ conclusion: "action_required", output: { title: "1 of 2 ticked" } });
    expect(parseTasks(pr.gh.state.body as string).map((t) => t.checked)).toEqual([true, false, false]);
  });

  it("an edit event costs at most 4 requests: the history, the permission, the comment, the check", async () => {
    const pr = await openPr();
    pr.gh.state.requests.length = 0;
    await pr.tick("mallory", 0);
    expect(pr.gh.state.requests).toEqual([
      "POST /graphql",
      "GET /repos/Codertocat/Hello-World/collaborators/mallory/permission",
      "POST /repos/Codertocat/Hello-World/check-runs",
      "PATCH /repos/Codertocat/Hello-World/issues/comments/77",
    ]);
    pr.gh.state.requests.length = 0;
    await pr.tick("alice", 0);
    await pr.tick("alice", 1);
    // alice's role is cached from her first tick: 3 requests (no comment write: nothing to undo).
    pr.gh.state.requests.length = 0;
    await pr.tick("alice", 2);
    expect(pr.gh.state.requests).toEqual([
      "POST /graphql",
      "PATCH /repos/Codertocat/Hello-World/issues/comments/77",
      "POST /repos/Codertocat/Hello-World/check-runs",
    ]);
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
        arbitrary: fc.record({ kind: fc.constant("reword" as const), who, missed: fc.boolean() }),
      },
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
              // Anyone's event may go missing, an allowed user's too: GitHub's history still has it.
              await pr.edit(o.who, body, { missed: o.missed });
            } else if (o.kind === "paste") {
              await pr.edit("Codertocat", pr.bodies[o.index % pr.bodies.length], { missed: o.missed });
            } else if (o.kind === "reword") {
              // More than boxes changed: the app restores it, and box changes on it credit nobody.
              await pr.edit(o.who, (pr.gh.state.body as string).replace("Tick each box", "Please tick each box"), {
                missed: o.missed,
              });
            } else if (o.kind === "labeled") {
              await pr.labeled();
            } else {
              pr.gh.state[o.on]++;
            }
            // A missed edit (or a fault armed) changes nothing until the next event the app sees;
            // then it must tell.
            if (o.kind === "fault" || ("missed" in o && o.missed)) continue;
            if (pr.gh.check()?.conclusion === "success") expect(REQUIRED.every((i) => ok[i])).toBe(true);
          }
        } finally {
          nock.cleanAll();
        }
      }),
      {
        numRuns: 10,
        // Runs that found earlier faults first: an untick whose corrective write failed, a
        // withdrawn tick pasted back while its event was missed, and an allowed user's untick
        // missed, then re-ticked by someone not allowed (the body the app last rendered, again).
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
          [
            [
              { kind: "box", who: "bob", box: 1, checked: false, missed: true },
              { kind: "box", who: "mallory", box: 1, checked: true, missed: true },
              { kind: "labeled" },
            ],
          ],
        ],
      },
    );
  });
});
