import type { ChecklistConfig } from "../config/schema.js";
import { branchApplies, touchedItemIds } from "./applies.js";
import { buildState, type PullRequestFacts, type Reset } from "./build-state.js";
import { type Replayed, type Revision, replayTicks, upToBody } from "./history.js";
import type { Edit } from "./reconcile.js";
import { renderComment } from "./render.js";
import { decodeState, hasMarker, type StateTarget } from "./state-codec.js";
import type { ChecklistState, ChecklistVerdict } from "./types.js";
import { checklistVerdict, failureVerdict } from "./verdict.js";

export interface ExistingComment {
  id: number;
  /** GraphQL's id of the comment, to read its edit history. */
  nodeId?: string;
  body: string;
  /** Who wrote the comment (deploy-gate's bot): its revisions are deploy-gate's own renderings. */
  author: string;
  url?: string;
}

/**
 * How the app and the action alike prove the state they act on, since the comment's hidden state
 * is the PR's to write: from GitHub's record of who saved each revision of the comment.
 */
export interface StateProof {
  /** GitHub's record of the comment: its current body and its revisions, oldest first. */
  revisions(comment: Omit<ExistingComment, "body">): Promise<{ body: string; revisions: Revision[] }>;
  /** The edit that started this run, from GitHub's payload: it names the newest revision's editor. */
  event?: Edit;
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
  createComment(body: string): Promise<{ id: number; url?: string }>;
  updateComment(id: number, body: string): Promise<void>;
  roleOf(login: string): Promise<string>;
  setVerdict(sha: string, verdict: ChecklistVerdict, detailsUrl?: string): Promise<void>;
  proof: StateProof;
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
  next: ChecklistState,
  existing: Pick<ExistingComment, "id" | "body" | "url"> | undefined,
  key: string | undefined,
): Promise<Outcome> {
  const body = renderComment(next, key);
  const verdict = checklistVerdict(next);
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
    await port.setVerdict(next.sha, verdict, url);
  } else {
    await port.setVerdict(next.sha, verdict, url);
    await writeComment();
  }
  return { state: next, verdict, wroteComment };
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
    const {
      state: previous,
      notes,
      body,
    } = await provenState(existing, port, {
      tickers: checklist.tickers,
      author: pr.author,
    });
    // A state rendered for another head is stale whatever the event: the ticks were for other code,
    // so the reset policy applies as for a push from that head to this one.
    const stale = previous && previous.sha !== pr.headSha ? { before: previous.sha, after: pr.headSha } : undefined;
    const reset = await resetFor(checklist, previous, push ?? stale, port);
    const state = buildState(checklist, { ...pr, repo: port.target.repo, files, versions }, previous, reset);
    state.notes.push(...notes);
    return commit(port, state, existing && { ...existing, body: body ?? existing.body }, key);
  });
}

/**
 * The comment's state as far as GitHub's edit history proves it, never as it claims: its revisions
 * replayed with the tick rules given (the base branch's config and the PR's author), else those of
 * deploy-gate's own latest rendering (the app's edit and merge-group paths read no config). Missed
 * events (a restart, a failed delivery, a failed write) are in the history all the same, so a tick
 * withdrawn in one never counts again, whoever pasted it back.
 */
async function provenState(
  existing: Omit<ExistingComment, "body"> | undefined,
  port: ChecklistPort,
  who: { tickers?: ChecklistState["tickers"]; author?: string },
  event = port.proof.event,
): Promise<Replayed & { body?: string }> {
  if (!existing) return { notes: [] };
  // The body GitHub has now, which may be newer than the event's (edits race).
  const { body, revisions } = await port.proof.revisions(existing);
  const rules = { ...who, target: port.target, bot: existing.author, roleOf: (login: string) => port.roleOf(login) };
  return { ...(await replayTicks(upToBody(revisions, body, event), rules)), body };
}

/** A state whose ticks nobody can vouch for: its layout stays, its ticks go. */
const withoutTicks = (state: ChecklistState): ChecklistState => ({
  ...state,
  items: state.items.map(({ tick: _tick, ...item }) => item),
});

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
  comment: {
    id: number;
    node_id?: string;
    body: string;
    html_url?: string;
    updated_at: string;
    user?: { login: string };
  };
  sender: { login: string };
}

/**
 * An event on a PR's checklist comment: `carried` is the body whose hidden state it acts on (for an
 * edit, the body before it; for a deletion, the body deleted). Who wrote the comment is for the
 * caller to check.
 */
export type CommentEvent =
  | { kind: "deleted"; carried: string }
  | { kind: "edited"; carried: string; comment: Omit<ExistingComment, "body">; edit: Edit };

/** The checklist event in an `issue_comment` payload, or undefined (a plain issue, no marker, another action). */
export function commentEvent(p: CommentPayload): CommentEvent | undefined {
  if (!p.issue?.pull_request) return undefined;
  if (p.action === "deleted")
    return hasMarker(p.comment.body) ? { kind: "deleted", carried: p.comment.body } : undefined;
  const from = p.changes?.body?.from;
  if (p.action !== "edited" || from === undefined || !hasMarker(from)) return undefined;
  const edit = { from, body: p.comment.body, sender: p.sender.login, at: p.comment.updated_at };
  const comment = {
    id: p.comment.id,
    nodeId: p.comment.node_id,
    author: p.comment.user?.login ?? "",
    url: p.comment.html_url,
  };
  return { kind: "edited", carried: from, comment, edit };
}

/** Reconciles an edit, or posts a deleted comment again; undefined or no-state when it carries no usable state. */
export function handleCommentEvent(
  event: CommentEvent,
  port: ChecklistPort,
  key?: string,
): Promise<EditOutcome | undefined> {
  return event.kind === "deleted"
    ? handleDeleted({ body: event.carried, key }, port)
    : handleEdit({ comment: event.comment, edit: event.edit, key }, port);
}

/**
 * An edit of the checklist comment, handled without the config: the state it acts on is the one
 * the comment's edit history proves (one read), whatever the body before the edit claims; the
 * claimed state only says which commit a GitHub error's failed check goes to.
 */
export async function handleEdit(
  input: { comment: Omit<ExistingComment, "body">; edit: Edit; key?: string },
  port: ChecklistPort,
): Promise<EditOutcome> {
  const claimed = decodeState(input.edit.from, input.key, port.target);
  if (!claimed) return { kind: "no-state" };
  return failClosed(port, claimed.sha, async () => {
    const { state, notes, body } = await provenState(input.comment, port, {}, input.edit);
    const existing = { ...input.comment, body: body ?? input.edit.body };
    const proven = state ?? withoutTicks(claimed);
    const unproven = state
      ? []
      : [
          "deploy-gate found none of its own renderings of this checklist in the comment's edit history, so no tick in it counts; tick them again.",
        ];
    return commit(port, { ...proven, notes: [...unproven, ...notes] }, existing, input.key);
  });
}

/**
 * A deleted checklist comment is posted again, its ticks cleared: their proof, the comment's edit
 * history, went with it.
 */
export async function handleDeleted(
  input: { body: string; key?: string },
  port: ChecklistPort,
): Promise<Outcome | undefined> {
  const claimed = decodeState(input.body, input.key, port.target);
  if (!claimed) return undefined;
  return failClosed(port, claimed.sha, async () => {
    const again = {
      ...withoutTicks(claimed),
      notes: [
        "The checklist comment was deleted and its edit history with it, so it was posted again without ticks; tick them again.",
      ],
    };
    return commit(port, again, undefined, input.key);
  });
}

/**
 * The verdict the PR's comment stands at, for another commit (a merge group's). deploy-gate's last
 * rendering of it must be for the PR's current head `prHead`, and its ticks are those the comment's
 * edit history proves: ticks on older code, or withdrawn ones pasted back, never pass a queue.
 */
export async function verdictFromComment(
  port: ChecklistPort,
  sha: string,
  prHead: string,
  key?: string,
): Promise<ChecklistVerdict> {
  return failClosed(port, sha, async () => {
    const existing = await port.findComment();
    const claimed = decodeState(existing?.body, key, port.target);
    const proven = claimed ? (await provenState(existing, port, {})).state : undefined;
    const state = proven?.sha === prHead ? proven : undefined;
    const verdict = !claimed
      ? failureVerdict(
          "No checklist found",
          "The pull request has no deploy-gate checklist comment yet; push to it or re-run its check.",
        )
      : !state
        ? failureVerdict(
            "The checklist is not for the PR's head",
            `The checklist comment was rendered for ${(proven ?? claimed).sha.slice(0, 7)}, but the pull request's head is ${prHead.slice(0, 7)}; re-run its check so the checklist is brought up to date.`,
          )
        : checklistVerdict(state);
    await port.setVerdict(sha, verdict, existing?.url);
    return verdict;
  });
}
