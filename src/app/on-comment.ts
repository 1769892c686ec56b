import type { Context } from "probot";
import { commentEvent } from "../core/checklist/comment-event.js";
import { handleCommentEvent } from "../core/checklist/flow.js";
import { type AppDeps, appPort, prKey } from "./deps.js";

/** issue_comment.edited / .deleted on the checklist comment of a pull request. */
export async function onComment(
  context: Context<"issue_comment.edited" | "issue_comment.deleted">,
  deps: AppDeps,
): Promise<void> {
  const p = context.payload;
  // Plain issues, other people's comments and the app's own edits cause no write at all.
  if (p.comment.user?.type !== "Bot" || (p.sender.type === "Bot" && p.sender.id === p.comment.user.id)) return;
  const port = appPort(context, deps, p.issue.number);
  const event = commentEvent(p, deps.key, port.target);
  // Ours only if the body GitHub had before this event carries a state this app signed for this
  // PR: a look-alike with the marker (another bot's, a forged or copied state) causes no write.
  if (!event?.claimed) return;
  const { claimed } = event;
  await deps.serialize(prKey(context, p.issue.number), () => handleCommentEvent(event, claimed, port, deps.key));
}
