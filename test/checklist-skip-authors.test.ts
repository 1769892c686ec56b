import nock from "nock";
import { describe, expect, it } from "vitest";
import { decodeState } from "../src/core/checklist/state-codec.js";
import {
  API,
  checkRunWrite,
  commentPost,
  configReply,
  counted,
  KEY,
  newProbot,
  pullRequestPayload,
  pullRequestReads,
  REPO,
  receive,
} from "./helpers/checklist-app.js";
import { CONFIG } from "./helpers/checklist-config.js";

const BOTS = CONFIG.replace("  items:\n", '  skip_authors: ["dependabot[bot]", "renovate[bot]"]\n  items:\n');

/** GitHub's PR commits listing: each commit's linked author and whether its signature is verified. */
const commitsReply = (scope: nock.Scope, commits: { login: string | null; verified: boolean }[]) =>
  scope
    .get(`${REPO}/pulls/2/commits`)
    .query(true)
    .reply(
      200,
      commits.map((c, i) => ({
        sha: String(i).repeat(40),
        author: c.login ? { login: c.login, type: c.login.endsWith("[bot]") ? "Bot" : "User" } : null,
        commit: { message: "bump", verification: { verified: c.verified, reason: c.verified ? "valid" : "unsigned" } },
      })),
    );

describe("checklist.skip_authors", () => {
  it("while every commit is by a listed bot: success titled `not required for`, no comment, in 3 requests", async () => {
    const scope = nock(API);
    const calls = counted(scope);
    configReply(scope, BOTS);
    commitsReply(scope, [
      { login: "dependabot[bot]", verified: true },
      { login: "dependabot[bot]", verified: true },
    ]);
    const check = checkRunWrite(scope);
    await receive(newProbot(), "pull_request", pullRequestPayload("opened", { author: "dependabot[bot]" }));
    expect(scope.isDone()).toBe(true);
    expect(calls).toHaveLength(3);
    expect(check()).toMatchObject({
      conclusion: "success",
      output: { title: "not required for dependabot[bot]" },
    });
  });

  it("a human's commit on the branch brings the checklist back", async () => {
    const scope = nock(API);
    configReply(scope, BOTS);
    commitsReply(scope, [
      { login: "dependabot[bot]", verified: true },
      { login: "dev", verified: true },
    ]);
    pullRequestReads(scope, ["api/keys.go"]);
    const posted = commentPost(scope, { id: 77, node_id: "IC_77" });
    const check = checkRunWrite(scope);
    await receive(newProbot(), "pull_request", pullRequestPayload("synchronize", { author: "dependabot[bot]" }));
    expect(scope.isDone()).toBe(true);
    expect(decodeState(posted(), KEY)?.items.map((i) => i.id)).toEqual(["api-key", "rollback", "docs"]);
    expect(check()).toMatchObject({ conclusion: "action_required", output: { title: "0 of 2 ticked" } });
  });

  it("a commit claiming a bot's name without GitHub's verified signature, or linked to no account, does not skip", async () => {
    for (const forged of [
      { login: "dependabot[bot]", verified: false },
      { login: null, verified: true },
    ]) {
      const scope = nock(API);
      configReply(scope, BOTS);
      commitsReply(scope, [{ login: "dependabot[bot]", verified: true }, forged]);
      pullRequestReads(scope, ["api/keys.go"]);
      commentPost(scope, { id: 77, node_id: "IC_77" });
      const check = checkRunWrite(scope);
      await receive(newProbot(), "pull_request", pullRequestPayload("opened", { author: "dependabot[bot]" }));
      expect(scope.isDone()).toBe(true);
      expect(check().conclusion).toBe("action_required");
    }
  });

  it("without skip_authors the commits are never listed", async () => {
    const scope = nock(API);
    const calls = counted(scope);
    configReply(scope);
    pullRequestReads(scope, ["api/keys.go"]);
    commentPost(scope, { id: 77, node_id: "IC_77" });
    checkRunWrite(scope);
    await receive(newProbot(), "pull_request", pullRequestPayload("opened", { author: "dependabot[bot]" }));
    expect(scope.isDone()).toBe(true);
    expect(calls.some((c) => c.includes("/commits"))).toBe(false);
  });
});
