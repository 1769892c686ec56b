import nock from "nock";
import { describe, expect, it } from "vitest";
import { renderComment } from "../src/core/checklist/render.js";
import {
  API,
  captureWrite,
  checkRunWrite,
  commentHistory,
  editPayload,
  listedComment,
  newProbot,
  permission,
  REPO,
  receive,
} from "./helpers/checklist-app.js";
import { postedComment, setBox } from "./helpers/checklist-comment.js";
import { runCli } from "./helpers/cli.js";
import { historyReply } from "./helpers/comment-history.js";
import { testRepo } from "./helpers/git-repo.js";

describe("audit trail: the app's check run lists every tick and untick, with who and when", () => {
  it("survives the comment being edited: rebuilt from GitHub's edit history at each event", async () => {
    const created = postedComment().body;
    const byLead = setBox(created, 0);
    const ticked = postedComment({ 0: "lead" }).body;
    const unticked = setBox(ticked, 0, false);
    const again = setBox(unticked, 1);
    const scope = nock(API);
    // lead ticks api-key, the app records it; alice unticks it and ticks rollback in two edits
    // (the app missed the first), then mallory rewrites the comment beyond its boxes.
    const mangled = `${again}\nextra text`;
    commentHistory(scope, [
      ["bot", created, "2026-11-22T03:00:00Z"],
      ["lead", byLead, "2026-11-22T04:00:00Z"],
      ["bot", ticked, "2026-11-22T04:00:30Z"],
      ["alice", unticked, "2026-11-22T04:10:00Z"],
      ["alice", again, "2026-11-22T04:20:00Z"],
      ["mallory", mangled, "2026-11-22T04:30:00Z"],
    ]);
    permission(scope, "lead", "write");
    permission(scope, "alice", "write");
    captureWrite(scope, "patch", `${REPO}/issues/comments/77`, 200);
    const check = checkRunWrite(scope);
    await receive(newProbot(), "issue_comment", editPayload(again, mangled, "mallory"));
    expect(scope.pendingMocks()).toEqual([]);
    const summary: string = check().output.summary;
    const audit = summary.slice(summary.indexOf("### Audit trail"));
    expect(audit.split("\n").filter((l) => l.startsWith("- "))).toEqual([
      '- 2026-11-22 04:00 UTC: @lead ticked "Ran `rack params set` in staging; the API key still works"',
      '- 2026-11-22 04:10 UTC: @alice unticked "Ran `rack params set` in staging; the API key still works"',
      '- 2026-11-22 04:20 UTC: @alice ticked "Rolled back in the lab environment and forward again"',
    ]);
  });
});

describe("deploy-gate checklist --audit --pr N: the trail from the comment's edit history (the action's)", () => {
  const ACTIONS_BOT = { login: "github-actions[bot]", id: 41898282, type: "Bot" };

  it("prints every tick, untick and waiver with who and when, as GitHub records them", async () => {
    const { dir } = testRepo({ "README.md": "hi\n" });
    const created = renderComment(postedComment().state);
    const ticked = setBox(created, 0);
    const scope = nock(API);
    scope
      .get(`${REPO}/issues/2/comments`)
      .query(true)
      .reply(200, [
        { id: 77, node_id: "IC_77", body: ticked, user: ACTIONS_BOT },
        listedComment(900, "lead", "/deploy-gate waive rollback lab is down", "2026-11-22T04:30:00Z"),
      ]);
    historyReply(
      scope,
      [
        ["bot", created, "2026-11-22T03:00:00Z"],
        ["lead", ticked, "2026-11-22T04:00:00Z"],
      ],
      { nodeId: "IC_77", bot: "github-actions" },
    );
    permission(scope, "lead", "write");
    const env = { GITHUB_TOKEN: "ghs_test", GITHUB_API_URL: API };
    const args = ["checklist", "--audit", "--pr", "2", "--repo", "Codertocat/Hello-World", "-C", dir];
    const { code, stdout, stderr } = await runCli(args, { env });
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(scope.isDone()).toBe(true);
    expect(stdout).toBe(
      [
        "Audit trail of Codertocat/Hello-World#2 (checklist for ec26c3e):",
        '- 2026-11-22 04:00 UTC: @lead ticked "Ran `rack params set` in staging; the API key still works"',
        '- 2026-11-22 04:30 UTC: @lead waived "Rolled back in the lab environment and forward again": lab is down',
        "",
      ].join("\n"),
    );
  });

  it("says what to do without a token or a PR number, in one line, exit 2", async () => {
    const { dir } = testRepo({ "README.md": "hi\n" });
    const noToken = await runCli(["checklist", "--audit", "--pr", "2", "--repo", "o/r", "-C", dir]);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain("set GITHUB_TOKEN (or GH_TOKEN)");
    const noPr = await runCli(["checklist", "--audit", "-C", dir], { env: { GITHUB_TOKEN: "t" } });
    expect(noPr.code).toBe(2);
    expect(noPr.stderr).toContain("is not a pull request number");
  });
});
