import { type CommandRecord, parseCommand } from "./commands.js";
import type { CommentEdit, ExistingComment } from "./port.js";
import { decodeState, hasMarker, type StateTarget } from "./state-codec.js";
import type { ChecklistState } from "./types.js";

/** The part of an `issue_comment` payload the checklist reads; the app and the action both get it. */
export interface CommentPayload {
  action: string;
  changes?: { body?: { from?: string } };
  issue?: { number: number; pull_request?: unknown };
  comment: {
    id: number;
    node_id?: string;
    body: string;
    html_url?: string;
    created_at?: string;
    updated_at: string;
    user?: { login: string; type?: string } | null;
  };
  sender: { login: string };
}

/**
 * An event on a PR's checklist comment. `claimed` is the hidden state of the body it acts on (for
 * an edit, the body before it; for a deletion, the body deleted), decoded and verified once, here:
 * undefined when that body carries none that is valid, signed by the key and made for this PR. It
 * only says which layout and commit the event is about; the ticks that count are proven from the
 * comment's edit history. Who wrote the comment is for the caller to check.
 */
export type CommentEvent =
  | { kind: "deleted"; claimed: ChecklistState | undefined }
  | {
      kind: "edited";
      claimed: ChecklistState | undefined;
      comment: Omit<ExistingComment, "body">;
      edit: CommentEdit;
    };

/** The checklist event in an `issue_comment` payload, or undefined (a plain issue, no marker, another action). */
export function commentEvent(
  p: CommentPayload,
  key: string | undefined,
  target: StateTarget,
): CommentEvent | undefined {
  if (!p.issue?.pull_request) return undefined;
  if (p.action === "deleted") {
    return hasMarker(p.comment.body)
      ? { kind: "deleted", claimed: decodeState(p.comment.body, key, target) }
      : undefined;
  }
  const from = p.changes?.body?.from;
  if (p.action !== "edited" || from === undefined || !hasMarker(from)) return undefined;
  const edit = { from, body: p.comment.body, sender: p.sender.login, at: p.comment.updated_at };
  const comment = {
    id: p.comment.id,
    nodeId: p.comment.node_id,
    author: p.comment.user?.login ?? "",
    url: p.comment.html_url,
  };
  return { kind: "edited", claimed: decodeState(from, key, target), comment, edit };
}

/**
 * The command a new PR comment gives (`issue_comment.created` only: an edited comment is never a
 * command), as GitHub records it: the comment's author and creation time. Anything else is
 * undefined, before any request is made.
 */
export function commandOf(p: CommentPayload): CommandRecord | undefined {
  if (p.action !== "created" || !p.issue?.pull_request || !p.comment.user || p.comment.user.type === "Bot") {
    return undefined;
  }
  const command = parseCommand(p.comment.body ?? "");
  if (!command) return undefined;
  return { comment: p.comment.id, by: p.comment.user.login, at: p.comment.created_at ?? p.comment.updated_at, command };
}
