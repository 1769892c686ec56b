import nock from "nock";
import { describe, expect, it } from "vitest";
import { parseTasks } from "../src/core/checklist/parse.js";
import { decodeState } from "../src/core/checklist/state-codec.js";
import { API, editPayload, grab, KEY, newProbot, REPO, receive } from "./helpers/checklist-app.js";
import { postedComment, setBox } from "./helpers/checklist-comment.js";

/**
 * What GitHub holds: both users' edits were saved before the app handled either event, then every
 * write in order (comment bodies and check runs), as sent; the comment's edit history has them all.
 */
function github(initial: string, edits: [editor: string, body: string][]) {
  const scope = nock(API);
  const writes: ({ comment: string } | { check: any })[] = [];
  const at = (i: number) => `2026-11-22T05:00:${String(i).padStart(2, "0")}Z`;
  scope
    .post("/graphql")
    .times(4)
    .reply(() => {
      const revisions = [["bot", initial], ...edits, ...comments().map((body) => ["bot", body])];
      const nodes = revisions.map(([editor, diff], i) => ({
        editedAt: at(i),
        deletedAt: null,
        diff,
        editor: editor === "bot" ? { __typename: "Bot", login: "deploy-gate" } : { __typename: "User", login: editor },
      }));
      const node = {
        body: revisions.at(-1)![1],
        createdAt: at(0),
        includesCreatedEdit: true,
        author: { __typename: "Bot", login: "deploy-gate" },
        userContentEdits: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: nodes.reverse() },
      };
      return [200, { data: { node } }];
    });
  scope
    .get(/\/collaborators\/.*\/permission$/)
    .times(4)
    .reply(200, { permission: "write", role_name: "write" });
  scope
    .patch(
      `${REPO}/issues/comments/77`,
      grab((b) => writes.push({ comment: b.body })),
    )
    .times(4)
    .reply(200, {});
  scope
    .post(
      `${REPO}/check-runs`,
      grab((b) => writes.push({ check: b })),
    )
    .times(4)
    .reply(201, {});
  const comments = () => writes.flatMap((w) => ("comment" in w ? [w.comment] : []));
  const checks = () => writes.flatMap((w) => ("check" in w ? [w.check] : []));
  return { writes, comments, checks };
}

/**
 * Each check with the comment as it stood once that event's writes were done. A check that is not
 * success is written before its comment, a success after it, and an unchanged comment is not
 * written at all; so pairing by position would compare a check with another event's comment.
 */
function pairs(writes: ({ comment: string } | { check: any })[], initial: string): [string, any][] {
  const out: [string, any][] = [];
  let comment = initial;
  writes.forEach((w, i) => {
    if ("comment" in w) {
      comment = w.comment;
      return;
    }
    const next = writes[i + 1];
    const own = w.check.conclusion !== "success" && next && "comment" in next ? next.comment : comment;
    out.push([own, w.check]);
  });
  return out;
}

/** The check must agree with the comment as it finally stands. */
function expectAgreement(finalBody: string, finalCheck: any) {
  const state = decodeState(finalBody, KEY)!;
  const boxes = parseTasks(finalBody).map((t) => t.checked);
  // Every box shown ticked is a tick the state (and so the check) counted, and the other way round.
  expect(boxes).toEqual(state.items.map((i) => Boolean(i.tick)));
  const required = state.items.filter((i) => !i.optional);
  const ticked = required.filter((i) => i.tick).length;
  expect(finalCheck.output.title).toBe(`${ticked} of ${required.length} ticked`);
  expect(finalCheck.conclusion === "success").toBe(ticked === required.length);
}

describe("app: two edits racing on one PR", () => {
  it("ends with a check that agrees with the comment, whichever edit GitHub kept", async () => {
    const { body: c0 } = postedComment();
    // Alice ticks box 0; Bob, whose page still showed c0, ticks box 1 and saves over Alice's edit.
    const byAlice = setBox(c0, 0);
    const byBob = setBox(c0, 1);
    const gh = github(c0, [
      ["alice", byAlice],
      ["bob", byBob],
    ]);
    const probot = newProbot();
    await Promise.all([
      receive(probot, "issue_comment", editPayload(c0, byAlice, "alice", { at: "2026-11-22T05:00:00Z" })),
      receive(probot, "issue_comment", editPayload(byAlice, byBob, "bob", { at: "2026-11-22T05:00:01Z" })),
    ]);
    expect(gh.comments().length).toBeGreaterThan(0);
    expectAgreement(gh.comments().at(-1)!, gh.checks().at(-1));
    for (const [comment, check] of pairs(gh.writes, c0)) expectAgreement(comment, check);
    // Bob's save unticked Alice's box on GitHub; the comment and the check both say so.
    expect(decodeState(gh.comments().at(-1)!, KEY)!.items.map((i) => i.tick?.by)).toEqual([
      undefined,
      "bob",
      undefined,
    ]);
  });

  it("agrees too when the events arrive in the other order", async () => {
    const { body: c0 } = postedComment();
    const byAlice = setBox(c0, 0);
    const byBob = setBox(setBox(c0, 1), 0);
    const gh = github(c0, [
      ["alice", byAlice],
      ["bob", byBob],
    ]);
    const probot = newProbot();
    await Promise.all([
      receive(probot, "issue_comment", editPayload(byAlice, byBob, "bob", { at: "2026-11-22T05:00:01Z" })),
      receive(probot, "issue_comment", editPayload(c0, byAlice, "alice", { at: "2026-11-22T05:00:00Z" })),
    ]);
    expectAgreement(gh.comments().at(-1)!, gh.checks().at(-1));
    // Never success while the comment written with it shows a required box unticked, nor the other way.
    const paired = pairs(gh.writes, c0);
    expect(paired).toHaveLength(2);
    for (const [comment, check] of paired) expectAgreement(comment, check);
  });
});
