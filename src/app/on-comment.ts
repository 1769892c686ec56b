import type { Context } from "probot";
import { handleDeleted, handleEdit } from "../core/checklist/flow.js";
import { hasMarker } from "../core/checklist/state-codec.js";
import { getPull } from "../github/pulls.js";
import { type AppDeps, apiOf, appPort, prKey } from "./deps.js";
import { syncPull } from "./sync.js";

interface CommentPayload {
  action: string;
  changes?: { body?: { from: string } };
  issue: { number: number; pull_request?: unknown };
  comment: { id: number; body: string; html_url?: string; updated_at: string; user: { id: number; type: string } };
  sender: { id: number; login: string; type: string };
}

/** issue_comment.edited / .deleted on the checklist comment of a pull request. */
export async function onComment(context: Context<"issue_comment">, deps: AppDeps): Promise<void> {
  const p = context.payload as unknown as CommentPayload;
  // Plain issues, other people's comments and the app's own edits cause no write at all.
  if (!p.issue.pull_request || p.comment.user.type !== "Bot") return;
  if (p.sender.type === "Bot" && p.sender.id === p.comment.user.id) return;
  const port = appPort(context, deps, p.issue.number);
  await deps.serialize(prKey(context, p.issue.number), async () => {
    if (p.action === "deleted") {
      if (hasMarker(p.comment.body)) await handleDeleted({ body: p.comment.body, key: deps.key }, port);
      return;
    }
    const from = p.changes?.body?.from;
    if (from === undefined || !hasMarker(from)) return;
    const edit = { from, body: p.comment.body, sender: p.sender.login, at: p.comment.updated_at };
    const outcome = await handleEdit({ commentId: p.comment.id, url: p.comment.html_url, edit, key: deps.key }, port);
    // No trustworthy state in the comment: rebuild it from the config (ticks start over).
    if ("kind" in outcome) await syncPull(context, deps, await getPull(apiOf(context), context.repo(), p.issue.number));
  });
}
