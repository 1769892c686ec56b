import { describe, expect, it } from "vitest";
import { buildState } from "../src/core/checklist/build-state.js";
import { parseTasks } from "../src/core/checklist/parse.js";
import { effectiveRole } from "../src/core/checklist/permission.js";
import { reconcileEdit } from "../src/core/checklist/reconcile.js";
import { renderComment, userVisibleShape } from "../src/core/checklist/render.js";
import { decodeState } from "../src/core/checklist/state-codec.js";
import { checklist } from "./helpers/checklist-config.js";

const KEY = "secret";
const pr = { number: 7, headSha: "c".repeat(40), author: "dev", labels: [], files: ["api/x.go"] };
const roles: Record<string, string> = { lead: "write", dev: "admin", reader: "read", triager: "triage" };
const roleOf = async (login: string) => roles[login] ?? "none";
const at = "2026-11-22T05:00:00Z";

const tick = (body: string, index: number, mark = "x") => {
  const task = parseTasks(body)[index];
  return `${body.slice(0, task.boxOffset)}[${mark}]${body.slice(task.boxOffset + 3)}`;
};

function start(tickers = { permission: "write" as const, allow_author: true }) {
  const state = buildState({ ...checklist, tickers }, pr, undefined);
  return renderComment(state, KEY);
}

describe("reconciling an edit of the checklist comment", () => {
  it("counts a tick by an allowed user and shows who and when", async () => {
    const from = start();
    const r = await reconcileEdit({ from, body: tick(from, 0), sender: "lead", at }, roleOf, KEY);
    expect(r.kind).toBe("reconciled");
    if (r.kind !== "reconciled") return;
    expect(r.state.items[0].tick).toEqual({ by: "lead", at });
    expect(r.write).toBe(true);
    expect(r.body).toContain("ticked by @lead at 2026-11-22 05:00 UTC");
    expect(decodeState(r.body, KEY)?.items[0].tick?.by).toBe("lead");
  });

  it("undoes a tick by a read-only user, with the reason", async () => {
    const from = start();
    const r = await reconcileEdit({ from, body: tick(from, 1), sender: "reader", at }, roleOf, KEY);
    if (r.kind !== "reconciled") throw new Error("not reconciled");
    expect(r.state.items.every((i) => !i.tick)).toBe(true);
    expect(parseTasks(r.body).every((t) => !t.checked)).toBe(true);
    expect(r.body).toContain("@reader has read permission; ticking needs write or more");
  });

  it("undoes a tick by the PR's author when allow_author is false, even an admin", async () => {
    const from = start({ permission: "write", allow_author: false });
    const r = await reconcileEdit({ from, body: tick(from, 0, "X"), sender: "dev", at }, roleOf, KEY);
    if (r.kind !== "reconciled") throw new Error("not reconciled");
    expect(r.state.items[0].tick).toBeUndefined();
    expect(r.body).toContain("@dev wrote this pull request");
  });

  it("undoes an edited item text (and a tick made with it) from the hidden state", async () => {
    const from = start();
    const edited = tick(from, 0).replace("Ran `rack params set` in staging", "Skipped it");
    const r = await reconcileEdit({ from, body: edited, sender: "lead", at }, roleOf, KEY);
    if (r.kind !== "reconciled") throw new Error("not reconciled");
    expect(r.body).toBe(renderComment({ ...decodeState(from, KEY)!, notes: r.state.notes }, KEY));
    expect(r.state.items[0].tick).toBeUndefined();
    expect(r.body).toContain("changed the checklist beyond its boxes");
  });

  it("undoes a reordered list, an added item and an edited marker", async () => {
    const from = start();
    const lines = from.split("\n");
    const a = lines.findIndex((l) => l.includes("Rolled back"));
    const b = lines.findIndex((l) => l.includes("Docs updated"));
    [lines[a], lines[b]] = [lines[b], lines[a]];
    for (const body of [
      lines.join("\n"),
      from.replace("- [ ] Docs updated", "- [ ] Docs updated\n- [x] My own item"),
      from.replace("deploy-gate:checklist", "deploy-gate:nope"),
    ]) {
      const r = await reconcileEdit({ from, body, sender: "lead", at }, roleOf, KEY);
      if (r.kind !== "reconciled") throw new Error("not reconciled");
      expect(r.write).toBe(true);
      expect(r.state.items.every((i) => !i.tick)).toBe(true);
      expect(userVisibleShape(r.body)).toBe(userVisibleShape(from));
    }
  });

  it("refuses a forged hidden state: a signed state only the app can write", async () => {
    const from = start();
    const forged = from.replace(/<!-- deploy-gate:state [^ ]+ -->/, (m) => m.replace(/\.[^ ]+ -->/, ".AAAA -->"));
    const r = await reconcileEdit({ from: forged, body: tick(forged, 0), sender: "lead", at }, roleOf, KEY);
    expect(r.kind).toBe("no-state");
  });

  it("refuses a validly signed state made for another PR or repository, or bound to none", async () => {
    const state = buildState(checklist, { ...pr, repo: "Octo/Repo" }, undefined);
    state.items[0].tick = { by: "lead", at };
    const target = { repo: "octo/repo", pr: 7 };
    expect(decodeState(renderComment(state, KEY), KEY, target)?.items[0].tick?.by).toBe("lead");
    for (const other of [
      { ...state, pr: 8 },
      { ...state, repo: "octo/other" },
      { ...state, repo: undefined },
    ]) {
      const from = renderComment(other, KEY);
      expect(decodeState(from, KEY, target)).toBeUndefined();
      const r = await reconcileEdit({ from, body: tick(from, 1), sender: "lead", at }, roleOf, KEY, target);
      expect(r.kind).toBe("no-state");
    }
  });

  it("rewrites a hand-edited hidden state back, without counting anything", async () => {
    const from = start();
    const body = from.replace(/<!-- deploy-gate:state [^\n]+ -->/, "<!-- deploy-gate:state e30 -->");
    const r = await reconcileEdit({ from, body, sender: "lead", at }, roleOf, KEY);
    if (r.kind !== "reconciled") throw new Error("not reconciled");
    expect(r.write).toBe(true);
    // The state as the app wrote it, nothing ticked, and the very body it had rendered.
    expect(decodeState(r.body, KEY)).toEqual(decodeState(from, KEY));
    expect(decodeState(r.body, KEY)?.items.map((i) => i.tick)).toEqual([undefined, undefined, undefined]);
    expect(r.body).toBe(from);
  });

  it("never counts a tick nobody can be credited with (a box ticked in an edit the app missed)", async () => {
    const from = start();
    const missed = tick(from, 0); // an edit whose event never arrived
    const r = await reconcileEdit({ from: missed, body: tick(missed, 1), sender: "lead", at }, roleOf, KEY);
    if (r.kind !== "reconciled") throw new Error("not reconciled");
    expect(r.state.items.map((i) => i.tick?.by)).toEqual([undefined, "lead", undefined]);
    expect(r.body).toContain("Nobody can be credited with the tick on");
  });

  it("credits only the sender's own box changes when the edit started from a body the app never rendered", async () => {
    const from = start();
    // A missed edit by someone else ticked box 0 and reworded its item; the allowed sender only
    // puts the text back. Neither the tick nor its removal is the sender's to be credited with.
    const text = parseTasks(from)[0].text;
    const missed = tick(from, 0).replace(`[x] ${text}`, `[x] ${text} (changed)`);
    const body = missed.replace(`[x] ${text} (changed)`, `[x] ${text}`);
    const r = await reconcileEdit({ from: missed, body, sender: "lead", at }, roleOf, KEY);
    if (r.kind !== "reconciled") throw new Error("not reconciled");
    expect(r.state.items.map((i) => i.tick)).toEqual([undefined, undefined, undefined]);
    expect(parseTasks(r.body).map((t) => t.checked)).toEqual([false, false, false]);
    expect(r.body).toContain("an earlier edit was missed");
    // The sender's own tick on a box `from` showed unchanged (from -> body) is theirs, and counts.
    const alsoTicked = await reconcileEdit({ from: missed, body: tick(body, 1), sender: "lead", at }, roleOf, KEY);
    if (alsoTicked.kind !== "reconciled") throw new Error("not reconciled");
    expect(alsoTicked.state.items.map((i) => i.tick?.by)).toEqual([undefined, "lead", undefined]);
  });

  it("lets an allowed user untick, and undoes an untick by someone not allowed", async () => {
    const from = start();
    const first = await reconcileEdit({ from, body: tick(from, 0), sender: "lead", at }, roleOf, KEY);
    if (first.kind !== "reconciled") throw new Error("not reconciled");
    const byReader = await reconcileEdit(
      { from: first.body, body: tick(first.body, 0, " "), sender: "triager", at },
      roleOf,
      KEY,
    );
    if (byReader.kind !== "reconciled") throw new Error("not reconciled");
    expect(byReader.state.items[0].tick?.by).toBe("lead");
    const byLead = await reconcileEdit(
      { from: first.body, body: tick(first.body, 0, " "), sender: "lead", at },
      roleOf,
      KEY,
    );
    if (byLead.kind !== "reconciled") throw new Error("not reconciled");
    expect(byLead.state.items[0].tick).toBeUndefined();
  });

  it("gives the same body for the same edit twice (redelivery is idempotent)", async () => {
    const from = start();
    const edit = { from, body: tick(from, 0), sender: "lead", at };
    const [a, b] = [await reconcileEdit(edit, roleOf, KEY), await reconcileEdit(edit, roleOf, KEY)];
    expect(a).toEqual(b);
  });

  it("ranks a custom role by its legacy base permission", () => {
    expect(effectiveRole({ role_name: "deployer", permission: "write" })).toBe("write");
    expect(effectiveRole({ role_name: "maintain", permission: "write" })).toBe("maintain");
    expect(effectiveRole({})).toBe("none");
  });
});
