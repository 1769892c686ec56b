import type { ChecklistConfig } from "../config/schema.js";
import { branchApplies, touchedItemIds } from "./applies.js";
import { buildState, type PullRequestFacts, type Reset } from "./build-state.js";
import { type Edit, reconcileEdit } from "./reconcile.js";
import { renderComment } from "./render.js";
import { decodeState, hasMarker, type StateTarget } from "./state-codec.js";
import type { ChecklistState, ChecklistVerdict } from "./types.js";
import { checklistVerdict, failureVerdict } from "./verdict.js";

export interface ExistingComment {
  id: number;
  body: string;
  url?: string;
}

/** What the checklist needs from GitHub, for one pull request. The app and the action each supply one. */
export interface ChecklistPort {
  /** The repository and pull request: a hidden state made for any other is refused. */
  target: StateTarget;
  /** Every changed path of the PR (all pages), with its blob id when GitHub gives one. */
  prFiles(): Promise<{ path: string; sha?: string }[]>;
  /** Paths changed between two commits (a push's before..after); undefined when too many to list. */
  pushedFiles(before: string, after: string): Promise<string[] | undefined>;
  /** The checklist comment: carries the marker and was written by this app. */
  findComment(): Promise<ExistingComment | undefined>;
  createComment(body: string): Promise<ExistingComment>;
  updateComment(id: number, body: string): Promise<void>;
  roleOf(login: string): Promise<string>;
  setVerdict(sha: string, verdict: ChecklistVerdict, detailsUrl?: string): Promise<void>;
}

export interface Outcome {
  state: ChecklistState;
  verdict: ChecklistVerdict;
  /** Whether the comment was written (created or updated). */
  wroteComment: boolean;
}

/**
 * Writes the comment and the verdict in the order that never shows more than is proven: a verdict
 * that is not success goes first (a failed comment write then leaves a red check), a success goes
 * last (a failed comment write leaves the check as it was).
 */
async function commit(
  port: ChecklistPort,
  state: ChecklistState,
  body: string,
  existing: ExistingComment | undefined,
): Promise<Outcome> {
  const verdict = checklistVerdict(state);
  let url = existing?.url;
  let wroteComment = false;
  const writeComment = async () => {
    if (!existing) {
      url = (await port.createComment(body)).url;
      wroteComment = true;
    } else if (existing.body !== body) {
      await port.updateComment(existing.id, body);
      wroteComment = true;
    }
  };
  if (verdict.conclusion === "success") {
    await writeComment();
    await port.setVerdict(state.sha, verdict, url);
  } else {
    await port.setVerdict(state.sha, verdict, url);
    await writeComment();
  }
  return { state, verdict, wroteComment };
}

/** On any GitHub error, try to leave a failed check behind (never a stale success), then rethrow. */
export async function failClosed<T>(port: ChecklistPort, sha: string | undefined, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (sha) {
      const why = error instanceof Error ? error.message.split("\n")[0] : String(error);
      await port
        .setVerdict(
          sha,
          failureVerdict(
            "GitHub error: the checklist could not be verified",
            `deploy-gate could not finish (${why}). The next edit, push or a re-run of this check recomputes it.`,
          ),
        )
        .catch(() => undefined);
    }
    throw error;
  }
}

export interface SyncInput {
  checklist: ChecklistConfig;
  pr: Omit<PullRequestFacts, "files" | "versions"> & { baseRef: string };
  /** Present for `synchronize`: the push's before and after. */
  push?: { before: string; after: string };
  key?: string;
}

/** A PR event: items from the base branch's config, ticks carried over or reset, comment and check written. */
export async function syncPullRequest(input: SyncInput, port: ChecklistPort): Promise<Outcome | undefined> {
  const { checklist, pr, push, key } = input;
  if (!branchApplies(checklist, pr.baseRef)) return undefined;
  return failClosed(port, pr.headSha, async () => {
    const [listed, existing] = await Promise.all([port.prFiles(), port.findComment()]);
    const files = listed.map((f) => f.path);
    const versions = Object.fromEntries(listed.filter((f) => f.sha).map((f) => [f.path, f.sha as string]));
    const previous = decodeState(existing?.body, key, port.target);
    // A state rendered for another head is stale whatever the event: the ticks were for other code,
    // so the reset policy applies as for a push from that head to this one.
    const stale = previous && previous.sha !== pr.headSha ? { before: previous.sha, after: pr.headSha } : undefined;
    const reset = await resetFor(checklist, previous, push ?? stale, port);
    const state = buildState(checklist, { ...pr, repo: port.target.repo, files, versions }, previous, reset);
    return commit(port, state, renderComment(state, key), existing);
  });
}

async function resetFor(
  checklist: ChecklistConfig,
  previous: ChecklistState | undefined,
  push: SyncInput["push"],
  port: ChecklistPort,
): Promise<Reset> {
  if (!push || checklist.reset === "never") return { clear: "none" };
  if (checklist.reset === "on-push") return { clear: "all" };
  const ticked = new Map(previous?.items.filter((i) => i.tick).map((i) => [i.id, i]));
  const candidates = checklist.items.filter((i) => i.paths && ticked.has(i.id));
  if (candidates.length === 0) return { clear: "none" };
  // The items' file digests show what changed without a request; only a state written before
  // digests existed needs GitHub's compare of the push.
  if (candidates.every((i) => ticked.get(i.id)?.fp)) return { clear: "changed" };
  const pushed = await port.pushedFiles(push.before, push.after);
  // Too many files to list: every path-scoped tick may be stale, so clear them all.
  if (!pushed) return { clear: "some", ids: new Set(candidates.map((i) => i.id)) };
  return { clear: "some", ids: touchedItemIds(checklist, pushed) };
}

export type EditOutcome = Outcome | { kind: "no-state" };

/** The part of an `issue_comment` payload the checklist reads; the app and the action both get it. */
export interface CommentPayload {
  action: string;
  changes?: { body?: { from?: string } };
  issue?: { number: number; pull_request?: unknown };
  comment: { id: number; body: string; html_url?: string; updated_at: string };
  sender: { login: string };
}

/**
 * An event on a PR's checklist comment: `carried` is the body whose hidden state it acts on (for an
 * edit, the body before it; for a deletion, the body deleted). Who wrote the comment is for the
 * caller to check.
 */
export type CommentEvent =
  | { kind: "deleted"; carried: string }
  | { kind: "edited"; carried: string; commentId: number; url?: string; edit: Edit };

/** The checklist event in an `issue_comment` payload, or undefined (a plain issue, no marker, another action). */
export function commentEvent(p: CommentPayload): CommentEvent | undefined {
  if (!p.issue?.pull_request) return undefined;
  if (p.action === "deleted")
    return hasMarker(p.comment.body) ? { kind: "deleted", carried: p.comment.body } : undefined;
  const from = p.changes?.body?.from;
  if (p.action !== "edited" || from === undefined || !hasMarker(from)) return undefined;
  const edit = { from, body: p.comment.body, sender: p.sender.login, at: p.comment.updated_at };
  return { kind: "edited", carried: from, commentId: p.comment.id, url: p.comment.html_url, edit };
}

/** Reconciles an edit, or posts a deleted comment again; undefined or no-state when it carries no usable state. */
export function handleCommentEvent(
  event: CommentEvent,
  port: ChecklistPort,
  key?: string,
): Promise<EditOutcome | undefined> {
  return event.kind === "deleted"
    ? handleDeleted({ body: event.carried, key }, port)
    : handleEdit({ commentId: event.commentId, url: event.url, edit: event.edit, key }, port);
}

/** An edit of the checklist comment, handled from the comment alone (no config read). */
export async function handleEdit(
  input: { commentId: number; url?: string; edit: Edit; key?: string },
  port: ChecklistPort,
): Promise<EditOutcome> {
  const sha = decodeState(input.edit.from, input.key, port.target)?.sha;
  return failClosed(port, sha, async () => {
    const result = await reconcileEdit(input.edit, (login) => port.roleOf(login), input.key, port.target);
    if (result.kind === "no-state") return result;
    return commit(port, result.state, result.body, { id: input.commentId, body: input.edit.body, url: input.url });
  });
}

/** A deleted checklist comment is posted again with the state it carried. */
export async function handleDeleted(
  input: { body: string; key?: string },
  port: ChecklistPort,
): Promise<Outcome | undefined> {
  const state = decodeState(input.body, input.key, port.target);
  if (!state) return undefined;
  return failClosed(port, state.sha, () => {
    const again = { ...state, notes: ["The checklist comment was deleted, so it was posted again with its ticks."] };
    return commit(port, again, renderComment(again, input.key), undefined);
  });
}

/**
 * The verdict the PR's comment stands at, for another commit (a merge group's). The comment must
 * have been rendered for the PR's current head `prHead`: ticks on older code never pass a queue.
 */
export async function verdictFromComment(
  port: ChecklistPort,
  sha: string,
  prHead: string,
  key?: string,
): Promise<ChecklistVerdict> {
  return failClosed(port, sha, async () => {
    const existing = await port.findComment();
    const state = decodeState(existing?.body, key, port.target);
    const verdict = !state
      ? failureVerdict(
          "No checklist found",
          "The pull request has no deploy-gate checklist comment yet; push to it or re-run its check.",
        )
      : state.sha !== prHead
        ? failureVerdict(
            "The checklist is not for the PR's head",
            `The checklist comment was rendered for ${state.sha.slice(0, 7)}, but the pull request's head is ${prHead.slice(0, 7)}; re-run its check so the checklist is brought up to date.`,
          )
        : checklistVerdict(state);
    await port.setVerdict(sha, verdict, existing?.url);
    return verdict;
  });
}
