import type { Context } from "probot";
import { type CommentPayload, commentEvent, handleCommentEvent } from "../core/checklist/flow.js";
import { decodeState } from "../core/checklist/state-codec.js";
import { type AppDeps, appPort, prKey } from "./deps.js";

type Payload = CommentPayload & {
  issue: { number: number };
  comment: { user: { id: number; type: string } };
  sender: { id: number; type: string };
};

/** issue_comment.edited / .deleted on the checklist comment of a pull request. */
export async function onComment(context: Context<"issue_comment">, deps: AppDeps): Promise<void> {
  const p = context.payload as unknown as Payload;
  // Plain issues, other people's comments and the app's own edits cause no write at all.
  if (p.comment.user.type !== "Bot" || (p.sender.type === "Bot" && p.sender.id === p.comment.user.id)) return;
  const event = commentEvent(p);
  if (!event) return;
  const port = appPort(context, deps, p.issue.number);
  // Ours only if the body GitHub had before this event carries a state this app signed for this
  // PR: a look-alike with the marker (another bot's, a forged or copied state) causes no write.
  if (!decodeState(event.carried, deps.key, port.target)) return;
  await deps.serialize(prKey(context, p.issue.number), () => handleCommentEvent(event, port, deps.key));
}
