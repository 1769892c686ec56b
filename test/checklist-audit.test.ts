import nock from "nock";
import { describe, expect, it } from "vitest";
import {
  API,
  captureWrite,
  checkRunWrite,
  commentHistory,
  editPayload,
  newProbot,
  permission,
  REPO,
  receive,
} from "./helpers/checklist-app.js";
import { postedComment, setBox } from "./helpers/checklist-comment.js";

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
