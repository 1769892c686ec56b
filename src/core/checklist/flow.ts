import type { ChecklistConfig } from "../config/schema.js";
import type { Result } from "../report/types.js";
import { branchApplies } from "./applies.js";
import { auditLines, withAudit } from "./audit.js";
import { buildState, type PullRequestFacts, type Reset } from "./build-state.js";
import { applyCommands, COMMANDS, type CommandRecord, commandRefusal, replyMarker } from "./commands.js";
import type { CommentEvent } from "./comment-event.js";
import { type Replayed, replayTicks, type TrailEntry, upToBody } from "./history.js";
import { itemOwners } from "./owners.js";
import type { ChecklistPort, CommentEdit, ExistingComment } from "./port.js";
import { reasonText, renderComment } from "./render.js";
import { skippedFor, skippedResults, skippedVerdict } from "./skip-authors.js";
import type { ChecklistState, ChecklistVerdict } from "./types.js";
import { checklistVerdict, failureVerdict } from "./verdict.js";

/** What an event came to: the checklist rendered (comment and check), or none required at all. */
export type Outcome =
  | {
      kind: "rendered";
      state: ChecklistState;
      verdict: ChecklistVerdict;
      /** Whether the comment was written (created or updated). */
      wroteComment: boolean;
    }
  | { kind: "not-required"; sha: string; verdict: ChecklistVerdict; results: Result[] };

type Rendered = Extract<Outcome, { kind: "rendered" }>;

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
  trail?: TrailEntry[],
): Promise<Rendered> {
  const body = renderComment(next, key);
  const plain = checklistVerdict(next);
  const verdict = { ...plain, summary: withAudit(plain.summary, auditLines(next, trail)) };
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
  return { kind: "rendered", state: next, verdict, wroteComment };
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
  /** `baseSha`: the base commit, whose CODEOWNERS says who owns what (`tickers.codeowners`). */
  pr: Omit<PullRequestFacts, "files" | "versions"> & { baseRef: string; baseSha?: string };
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
  if (!branchApplies(input.checklist, input.pr.baseRef)) return undefined;
  const skipped = await skippedFor(input.checklist, port);
  if (skipped) {
    const verdict = skippedVerdict(skipped);
    await port.setVerdict(input.pr.headSha, verdict);
    return { kind: "not-required", sha: input.pr.headSha, verdict, results: skippedResults(skipped) };
  }
  const plan = await planSync(input, port);
  return plan && commit(port, plan.state, plan.existing, input.key, plan.trail);
}

/** The state to render and the comment it goes to. */
interface Plan {
  state: ChecklistState;
  existing: Pick<ExistingComment, "id" | "body" | "url"> | undefined;
  trail?: TrailEntry[];
}

/**
 * The state from the base config and GitHub's record: ticks from the comment's edit history,
 * waivers and the override from the PR's command comments (with `fresh`, this event's command).
 */
async function planSync(input: SyncInput, port: ChecklistPort, fresh?: CommandRecord): Promise<Plan | undefined> {
  const { checklist, pr, push } = input;
  if (!branchApplies(checklist, pr.baseRef)) return undefined;
  const [listed, existing] = await Promise.all([port.prFiles(), port.findComment()]);
  const files = listed.map((f) => f.path);
  const versions = Object.fromEntries(listed.filter((f) => f.sha).map((f) => [f.path, f.sha as string]));
  const owners = itemOwners(checklist, files, await codeownersFor(checklist, pr.baseSha, port));
  const {
    state: previous,
    notes,
    body,
    trail,
  } = await provenState(existing, port, {
    tickers: checklist.tickers,
    author: pr.author,
    owners,
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
  for (const item of state.items) {
    const of = owners.get(item.id);
    if (of) item.owners = of;
  }
  const { commands } = await port.conversation();
  const commanded = await applyCommands(state, commands, port, { standing: previous?.override, fresh });
  commanded.notes.push(...notes);
  return { state: commanded, existing: existing && { ...existing, body: body ?? existing.body }, trail };
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
  who: { tickers?: ChecklistState["tickers"]; author?: string; owners?: ReadonlyMap<string, string[]> },
  event: CommentEdit | undefined = port.proof.event,
): Promise<Replayed & { body?: string }> {
  if (!existing) return { notes: [] };
  // The body GitHub has now, which may be newer than the event's (edits race).
  const { body, revisions } = await port.proof.revisions(existing);
  const rules = {
    ...who,
    target: port.target,
    bot: existing.author,
    roleOf: port.roleOf,
    isTeamMember: port.isTeamMember,
  };
  return { ...(await replayTicks(upToBody(revisions, body, event), rules)), body };
}

/** CODEOWNERS at the base commit, read only when `tickers.codeowners` may restrict an item. */
async function codeownersFor(checklist: ChecklistConfig, baseSha: string | undefined, port: ChecklistPort) {
  if (!checklist.tickers.codeowners || !checklist.items.some((i) => i.paths)) return undefined;
  if (!baseSha) throw new Error("the pull request's base commit is unknown, so its CODEOWNERS cannot be read");
  return port.codeowners(baseSha);
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
  const { state, notes, body, trail } = await provenState(event.comment, port, {}, event.edit);
  const existing = { ...event.comment, body: body ?? event.edit.body };
  const proven = state ?? withoutTicks(claimed);
  const unproven = state
    ? []
    : [
        "deploy-gate found none of its own renderings of this checklist in the comment's edit history, so no tick in it counts; tick them again.",
      ];
  return commit(port, { ...proven, notes: [...unproven, ...notes] }, existing, key, trail);
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

/** What a command came to; `respond` answers it on the PR. */
export type CommandOutcome =
  | { kind: "applied"; outcome: Rendered }
  | { kind: "answered"; reply: string }
  | { kind: "refused"; reply: string };

const NO_CHECKLIST =
  "This pull request has no deploy-gate checklist yet, so there is nothing to act on; push to it or re-run its check first.";

/**
 * A command on the PR, under the event's guard. Its effect is proven from GitHub's record, as a
 * tick is: `record` is GitHub's (the new comment's author and creation), never the hidden state,
 * and its author's role is asked of GitHub. With `sync` (the action) the state is built from the
 * base config; without (the app) from deploy-gate's latest rendering, as an edit is.
 */
export async function handleCommand(
  record: CommandRecord,
  port: ChecklistPort,
  options: { key?: string; sync?: SyncInput },
): Promise<CommandOutcome> {
  const { command } = record;
  if (command.kind === "unknown") {
    return { kind: "refused", reply: `\`${command.text || "/deploy-gate"}\` is not a command. ${commandList()}` };
  }
  const plan = options.sync ? await planSync(options.sync, port, record) : await planFromHistory(port, record);
  if (!plan) return { kind: "refused", reply: NO_CHECKLIST };
  const why = await commandRefusal(plan.state, record, await port.roleOf(record.by), port.isTeamMember);
  if (why) return { kind: "refused", reply: `${why} Nothing was changed.` };
  if (command.kind === "status") return { kind: "answered", reply: statusReply(plan.state) };
  return { kind: "applied", outcome: await commit(port, plan.state, plan.existing, options.key, plan.trail) };
}

/**
 * The app's command path and the audit: the layout and rules of deploy-gate's own latest
 * rendering, as for an edit; undefined when the PR has no checklist comment.
 */
async function planFromHistory(port: ChecklistPort, fresh?: CommandRecord): Promise<Plan | undefined> {
  const existing = await port.findComment();
  if (!existing?.claimed) return undefined;
  const { state, notes, body, trail } = await provenState(existing, port, {});
  const proven = state ?? withoutTicks(existing.claimed);
  const { commands } = await port.conversation();
  const commanded = await applyCommands(proven, commands, port, { standing: proven.override, fresh });
  commanded.notes.push(...notes);
  return { state: commanded, existing: { ...existing, body: body ?? existing.body }, trail };
}

const commandList = () =>
  `The commands, each on the first line of a new comment:\n\n${COMMANDS.map((c) => `- ${c}`).join("\n")}`;

/** `/deploy-gate status`: every item with who ticked or waived it and when, and the override. */
export function statusReply(state: ChecklistState): string {
  const verdict = checklistVerdict(state);
  const at = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
  const lines = state.items.map((i) =>
    i.tick
      ? `- ✅ \`${i.id}\`: ticked by @${i.tick.by} at ${at(i.tick.at)}`
      : i.waiver
        ? `- ✅ \`${i.id}\`: waived by @${i.waiver.by} at ${at(i.waiver.at)}: ${reasonText(i.waiver.reason)}`
        : `- ${i.optional ? "➖" : "❌"} \`${i.id}\`: not ticked${i.optional ? " (optional)" : ""}`,
  );
  if (state.override) {
    const o = state.override;
    lines.push(`- 🚨 overridden by @${o.by} at ${at(o.at)} for ${o.sha.slice(0, 7)}: ${reasonText(o.reason)}`);
  }
  return `**deploy-gate checklist for ${state.sha.slice(0, 7)}: ${verdict.title}**\n\n${lines.join("\n")}`;
}

/** A reply starts by naming whom it answers, once. */
const addressed = (login: string, text: string) => (text.startsWith(`@${login} `) ? text : `@${login} ${text}`);

/** Within this long of a reply to a user, a refusal gets a 😕 reaction instead of another reply. */
const REPLY_EVERY_MS = 60 * 60 * 1000;

/**
 * Answers a command on the PR: a 👍 on a command taken (and the status, when asked); a one-line
 * reply to a refused one, at most one per user and hour, a 😕 reaction after that, so refusals
 * cannot drain the write budget.
 */
export async function respond(outcome: CommandOutcome, record: CommandRecord, port: ChecklistPort): Promise<void> {
  if (outcome.kind === "refused") {
    const { replies } = await port.conversation();
    const since = Date.parse(record.at) - REPLY_EVERY_MS;
    const recent = replies.some(
      (r) => r.to.toLowerCase() === record.by.toLowerCase() && Date.parse(r.at) > since && r.at <= record.at,
    );
    if (recent) await port.react(record.comment, "confused");
    else await port.reply(`${addressed(record.by, outcome.reply)}\n\n${replyMarker(record.by)}`);
    return;
  }
  if (outcome.kind === "answered") await port.reply(addressed(record.by, outcome.reply));
  await port.react(record.comment, "+1");
}

/**
 * The PR's audit trail as GitHub's record proves it (the comment's edit history and the command
 * comments), with the rules of deploy-gate's latest rendering; undefined when the PR has no
 * checklist comment.
 */
export async function auditOf(port: ChecklistPort): Promise<{ state: ChecklistState; lines: string[] } | undefined> {
  const plan = await planFromHistory(port);
  return plan && { state: plan.state, lines: auditLines(plan.state, plan.trail) };
}
