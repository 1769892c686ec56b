import type { Context } from "probot";
import { handleDeleted, handleEdit } from "../core/checklist/flow.js";
import { decodeState, hasMarker } from "../core/checklist/state-codec.js";
import { type AppDeps, appPort, prKey } from "./deps.js";

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
  // Ours only if the body GitHub had before this event carries a state this app signed for this
  // PR: a look-alike with the marker (another bot's, a forged or copied state) causes no write.
  const carried = p.action === "deleted" ? p.comment.body : p.changes?.body?.from;
  if (!hasMarker(carried) || !decodeState(carried, deps.key, port.target)) return;
  await deps.serialize(prKey(context, p.issue.number), async () => {
    if (p.action === "deleted") {
      await handleDeleted({ body: p.comment.body, key: deps.key }, port);
      return;
    }
    const edit = { from: carried as string, body: p.comment.body, sender: p.sender.login, at: p.comment.updated_at };
    await handleEdit({ commentId: p.comment.id, url: p.comment.html_url, edit, key: deps.key }, port);
  });
}
