import type { ChecklistConfig } from "../config/schema.js";
import { type AnchorReader, anchoredState, withoutClaimedTicks } from "./anchor.js";
import { branchApplies, touchedItemIds } from "./applies.js";
import { buildState, type PullRequestFacts, type Reset } from "./build-state.js";
import { type Revision, replayTicks, upToBody } from "./history.js";
import { type Edit, reconcileEdit } from "./reconcile.js";
import { renderComment } from "./render.js";
import { decodeState, encodeState, hasMarker, type StateTarget } from "./state-codec.js";
import type { ChecklistState, ChecklistVerdict } from "./types.js";
import { checklistVerdict, failureVerdict } from "./verdict.js";

export interface ExistingComment {
  id: number;
  /** GraphQL's id of the comment, to read its edit history. */
  nodeId?: string;
  body: string;
  url?: string;
}

/**
 * How a front end proves the state it acts on, since the comment's hidden state is the PR's to
 * write: the app (which has a key) from its own anchor in its check run; the action (which has
 * none) from GitHub's record of who saved each revision of the comment.
 */
export type StateProof =
  | { kind: "anchor"; read: AnchorReader }
  | {
      kind: "history";
      /** The login of deploy-gate's own revisions (the workflow token's bot). */
      bot: string;
      revisions(comment: ExistingComment): Promise<Revision[]>;
      /** The edit that started this run, from GitHub's payload: it names the newest revision's editor. */
      event?: Edit;
    };

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
  proof: StateProof;
}

export interface Outcome {
  state: ChecklistState;
  verdict: ChecklistVerdict;
  /** Whether the comment was written (created or updated). */
  wroteComment: boolean;
}

/** The stored part of a state (notes are shown once, never kept). */
const stored = (state: ChecklistState, rev: number) => JSON.stringify({ ...state, rev, notes: [] });

/**
 * Writes the comment and the verdict in the order that never shows more than is proven: a verdict
 * that is not success goes first (a failed comment write then leaves a red check), a success goes
 * last (a failed comment write leaves the check as it was). The verdict carries the state as the
 * app's anchor; a state that changed counts one more `rev` than the one it came from.
 */
async function commit(
  port: ChecklistPort,
  state: ChecklistState,
  existing: ExistingComment | undefined,
  key: string | undefined,
  base: ChecklistState | undefined,
): Promise<Outcome> {
  const rev = base?.rev ?? 0;
  const next = { ...state, rev: base && stored(state, rev) === stored(base, rev) ? base.rev : rev + 1 };
  const body = renderComment(next, key);
  const verdict = { ...checklistVerdict(next), anchor: encodeState({ ...next, notes: [] }, key) };
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
    const { state: previous, notes } = await provenState(existing, input, port);
    // A state rendered for another head is stale whatever the event: the ticks were for other code,
    // so the reset policy applies as for a push from that head to this one.
    const stale = previous && previous.sha !== pr.headSha ? { before: previous.sha, after: pr.headSha } : undefined;
    const reset = await resetFor(checklist, previous, push ?? stale, port);
    const state = buildState(checklist, { ...pr, repo: port.target.repo, files, versions }, previous, reset);
    state.notes.push(...notes);
    return commit(port, state, existing, key, previous);
  });
}

/**
 * The comment's state as far as it is proven, never as it claims. The app's anchor is read on the
 * head, or for a push on the commit before it (where the app last anchored), whichever the comment
 * names; the action replays the comment's edit history with the base branch's tick rules.
 */
async function provenState(
  existing: ExistingComment | undefined,
  { checklist, pr, push, key }: SyncInput,
  port: ChecklistPort,
): Promise<{ state?: ChecklistState; notes: string[] }> {
  if (!existing) return { notes: [] };
  const proof = port.proof;
  if (proof.kind === "history") {
    const revisions = upToBody(await proof.revisions(existing), existing.body, proof.event);
    const rules = { tickers: checklist.tickers, author: pr.author, target: port.target, bot: proof.bot };
    return replayTicks(revisions, { ...rules, roleOf: (login) => port.roleOf(login) });
  }
  const claimed = decodeState(existing.body, key, port.target);
  const sha = push && claimed?.sha !== pr.headSha ? push.before : pr.headSha;
  return anchoredState(existing.body, proof.read, sha, key, port.target);
}

/** The app's state for a comment body that claims `claimed`: the anchored one, else its layout without ticks. */
async function anchoredBase(port: ChecklistPort, body: string, claimed: ChecklistState, key?: string) {
  const anchored =
    port.proof.kind === "anchor"
      ? await anchoredState(body, port.proof.read, claimed.sha, key, port.target)
      : { notes: [] };
  return { base: anchored.state ?? withoutClaimedTicks(claimed), notes: anchored.notes };
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

/**
 * An edit of the checklist comment, handled without the config: the state it acts on is the one the
 * app anchored on the comment's commit (one read), whatever the body before the edit claims.
 */
export async function handleEdit(
  input: { commentId: number; url?: string; edit: Edit; key?: string },
  port: ChecklistPort,
): Promise<EditOutcome> {
  const claimed = decodeState(input.edit.from, input.key, port.target);
  if (!claimed) return { kind: "no-state" };
  return failClosed(port, claimed.sha, async () => {
    const { base, notes } = await anchoredBase(port, input.edit.from, claimed, input.key);
    const roleOf = (login: string) => port.roleOf(login);
    const result = await reconcileEdit(input.edit, roleOf, input.key, port.target, base);
    if (result.kind === "no-state") return result;
    const state = { ...result.state, notes: [...notes, ...result.state.notes] };
    return commit(port, state, { id: input.commentId, body: input.edit.body, url: input.url }, input.key, base);
  });
}

/** A deleted checklist comment is posted again with the state the app anchored for it. */
export async function handleDeleted(
  input: { body: string; key?: string },
  port: ChecklistPort,
): Promise<Outcome | undefined> {
  const claimed = decodeState(input.body, input.key, port.target);
  if (!claimed) return undefined;
  return failClosed(port, claimed.sha, async () => {
    const { base, notes } = await anchoredBase(port, input.body, claimed, input.key);
    const again = {
      ...base,
      notes: [...notes, "The checklist comment was deleted, so it was posted again with its ticks."],
    };
    return commit(port, again, undefined, input.key, base);
  });
}

/**
 * The verdict the PR's comment stands at, for another commit (a merge group's). The comment must
 * have been rendered for the PR's current head `prHead`, and its ticks are those the app anchored
 * there: ticks on older code, or withdrawn ones pasted back, never pass a queue.
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
    const state =
      claimed && claimed.sha === prHead ? (await anchoredBase(port, existing!.body, claimed, key)).base : undefined;
    const verdict = !claimed
      ? failureVerdict(
          "No checklist found",
          "The pull request has no deploy-gate checklist comment yet; push to it or re-run its check.",
        )
      : !state
        ? failureVerdict(
            "The checklist is not for the PR's head",
            `The checklist comment was rendered for ${claimed.sha.slice(0, 7)}, but the pull request's head is ${prHead.slice(0, 7)}; re-run its check so the checklist is brought up to date.`,
          )
        : checklistVerdict(state);
    await port.setVerdict(sha, verdict, existing?.url);
    return verdict;
  });
}
