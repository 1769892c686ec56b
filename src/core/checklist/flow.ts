import type { ChecklistConfig } from "../config/schema.js";
import { branchApplies } from "./applies.js";
import { buildState, type PullRequestFacts, type Reset } from "./build-state.js";
import type { CommentEvent } from "./comment-event.js";
import { type Replayed, replayTicks, upToBody } from "./history.js";
import type { ChecklistPort, CommentEdit, ExistingComment } from "./port.js";
import { renderComment } from "./render.js";
import type { ChecklistState, ChecklistVerdict } from "./types.js";
import { checklistVerdict, failureVerdict } from "./verdict.js";

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

/**
 * A failure that already knows its verdict (a config the action could not read says so itself):
 * the guard posts that verdict, then rethrows `cause`, the error the front end reports.
 */
export class VerdictError extends Error {
  constructor(
    readonly verdict: ChecklistVerdict,
    override readonly cause: unknown,
  ) {
    super(verdict.title);
    this.name = "VerdictError";
  }
}

/**
 * The one guard of an event: on any error, try to leave a failed check behind (never a stale
 * success), then rethrow. The failure goes to `sha`, or to the commit the work names with `aim`
 * once it knows better (the PR's head, read from GitHub); without one it goes nowhere.
 */
export async function failClosed<T>(
  port: ChecklistPort,
  sha: string | undefined,
  work: (aim: (sha: string) => void) => Promise<T>,
): Promise<T> {
  let target = sha;
  try {
    return await work((next) => {
      target = next;
    });
  } catch (error) {
    const cause = error instanceof VerdictError ? error.cause : error;
    if (target) {
      const why = cause instanceof Error ? cause.message.split("\n")[0] : String(cause);
      const verdict =
        error instanceof VerdictError
          ? error.verdict
          : failureVerdict(
              "GitHub error: the checklist could not be verified",
              `deploy-gate could not finish (${why}). The next edit, push or a re-run of this check recomputes it.`,
            );
      await port.setVerdict(target, verdict).catch(() => undefined);
    }
    throw cause;
  }
}

export interface SyncInput {
  checklist: ChecklistConfig;
  pr: Omit<PullRequestFacts, "files" | "versions"> & { baseRef: string };
  /** Present for `synchronize`: the push's before and after. */
  push?: { before: string; after: string };
  key?: string;
}

/** A PR event, under the event's guard: see syncChecklist. */
export const syncPullRequest = (input: SyncInput, port: ChecklistPort): Promise<Outcome | undefined> =>
  failClosed(port, input.pr.headSha, () => syncChecklist(input, port));

/**
 * Items from the base branch's config, ticks carried over or reset, comment and check written.
 * Call it inside the event's `failClosed`.
 */
export async function syncChecklist(input: SyncInput, port: ChecklistPort): Promise<Outcome | undefined> {
  const { checklist, pr, push, key } = input;
  if (!branchApplies(checklist, pr.baseRef)) return undefined;
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
  const moved = Boolean(push) || (previous !== undefined && previous.sha !== pr.headSha);
  const state = buildState(
    checklist,
    { ...pr, repo: port.target.repo, files, versions },
    previous,
    resetFor(checklist, moved),
  );
  state.notes.push(...notes);
  return commit(port, state, existing && { ...existing, body: body ?? existing.body }, key);
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
  event: CommentEdit | undefined = port.proof.event,
): Promise<Replayed & { body?: string }> {
  if (!existing) return { notes: [] };
  // The body GitHub has now, which may be newer than the event's (edits race).
  const { body, revisions } = await port.proof.revisions(existing);
  const rules = { ...who, target: port.target, bot: existing.author, roleOf: port.roleOf };
  return { ...(await replayTicks(upToBody(revisions, body, event), rules)), body };
}

/** A state whose ticks nobody can vouch for: its layout stays, its ticks go. */
const withoutTicks = (state: ChecklistState): ChecklistState => ({
  ...state,
  items: state.items.map(({ tick: _tick, ...item }) => item),
});

/**
 * What new code does to the ticks. on-relevant-push compares each item's digest of its files and
 * their blob ids with the one it was ticked at, so no request is needed.
 */
function resetFor(checklist: ChecklistConfig, moved: boolean): Reset {
  if (!moved || checklist.reset === "never") return { clear: "none" };
  return checklist.reset === "on-push" ? { clear: "all" } : { clear: "changed" };
}

/**
 * Reconciles an edit, or posts a deleted comment again, under the event's guard. `claimed` is the
 * state the event's body carries, decoded once by `commentEvent`.
 */
export function handleCommentEvent(
  event: CommentEvent,
  claimed: ChecklistState,
  port: ChecklistPort,
  key?: string,
): Promise<Outcome> {
  return failClosed(port, claimed.sha, () =>
    event.kind === "deleted" ? postedAgain(claimed, port, key) : reconcileEdit(event, claimed, port, key),
  );
}

/**
 * An edit of the checklist comment, handled without the config: the state it acts on is the one
 * the comment's edit history proves (one read), whatever the body before the edit claims; the
 * claimed state only gives the layout when the history has none of deploy-gate's renderings.
 */
async function reconcileEdit(
  event: Extract<CommentEvent, { kind: "edited" }>,
  claimed: ChecklistState,
  port: ChecklistPort,
  key: string | undefined,
): Promise<Outcome> {
  const { state, notes, body } = await provenState(event.comment, port, {}, event.edit);
  const existing = { ...event.comment, body: body ?? event.edit.body };
  const proven = state ?? withoutTicks(claimed);
  const unproven = state
    ? []
    : [
        "deploy-gate found none of its own renderings of this checklist in the comment's edit history, so no tick in it counts; tick them again.",
      ];
  return commit(port, { ...proven, notes: [...unproven, ...notes] }, existing, key);
}

/**
 * A deleted checklist comment is posted again, its ticks cleared: their proof, the comment's edit
 * history, went with it.
 */
function postedAgain(claimed: ChecklistState, port: ChecklistPort, key: string | undefined): Promise<Outcome> {
  const again = {
    ...withoutTicks(claimed),
    notes: [
      "The checklist comment was deleted and its edit history with it, so it was posted again without ticks; tick them again.",
    ],
  };
  return commit(port, again, undefined, key);
}

/**
 * The verdict the PR's comment stands at, for another commit (a merge group's), set on `sha`.
 * deploy-gate's last rendering of it must be for the PR's current head `prHead`, and its ticks are
 * those the comment's edit history proves: ticks on older code, or withdrawn ones pasted back,
 * never pass a queue. Call it inside the event's `failClosed`.
 */
export async function verdictFromComment(port: ChecklistPort, sha: string, prHead: string): Promise<ChecklistVerdict> {
  const existing = await port.findComment();
  const claimed = existing?.claimed;
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
}
