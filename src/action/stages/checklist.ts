import type { CommandRecord } from "../../core/checklist/commands.js";
import { type CommentPayload, commandOf, commentEvent } from "../../core/checklist/comment-event.js";
import {
  failClosed,
  handleCommand,
  type Outcome,
  respond,
  type SyncInput,
  syncChecklist,
} from "../../core/checklist/flow.js";
import type { ChecklistPort } from "../../core/checklist/port.js";
import { checklistResults } from "../../core/checklist/verdict.js";
import { UserError } from "../../core/errors.js";
import { report, stageReport } from "../../core/report/build.js";
import type { Report } from "../../core/report/types.js";
import { getPull, pullFacts } from "../../github/pulls.js";
import { ACTIONS_BOT, actionPort, baseChecklist } from "../checklist-github.js";
import type { StageDeps, StageRunner } from "./types.js";

type Pull = Awaited<ReturnType<typeof getPull>>;

function toReport(outcome: Outcome | undefined, strict: boolean): Report {
  // Nothing of ours happened (another branch, a plain issue): no stage, so no status either.
  if (!outcome) return report([]);
  const results = outcome.kind === "rendered" ? checklistResults(outcome.state) : outcome.results;
  const stage = stageReport("checklist", results, strict);
  // The status says what the app's check says ("1 of 2 ticked"), once.
  const strictNote = !stage.ok && outcome.verdict.conclusion === "success" ? " (strict: optional items too)" : "";
  return report([{ ...stage, headline: `${outcome.verdict.title}${strictNote}` }], {
    commit: outcome.kind === "rendered" ? outcome.state.sha : outcome.sha,
  });
}

/** What a sync needs from the base config and the PR; call it inside the event's guard, aimed at the PR's head. */
async function syncInput(deps: StageDeps, pr: Pull, push?: { before: string; after: string }): Promise<SyncInput> {
  const checklist = await baseChecklist(deps, pr.base.sha);
  return {
    checklist,
    pr: pullFacts(pr),
    push,
  };
}

const sync = async (deps: StageDeps, port: ChecklistPort, pr: Pull, push?: { before: string; after: string }) =>
  syncChecklist(await syncInput(deps, pr, push), port);

/**
 * A `/deploy-gate` command in a new PR comment, judged against the base config and the PR as
 * GitHub has them; any other new comment makes no request at all.
 */
async function onCommand(deps: StageDeps, record: CommandRecord): Promise<Outcome | undefined> {
  const number: number = deps.run.payload.issue.number;
  const port = actionPort(deps, number);
  const outcome = await failClosed(port, undefined, async (aim) => {
    const pull = await getPull(deps.github(), { owner: deps.run.owner, repo: deps.run.repo }, number);
    aim(pull.head.sha);
    return handleCommand(record, port, { sync: await syncInput(deps, pull) });
  });
  await respond(outcome, record, port);
  return outcome.kind === "applied" ? outcome.outcome : undefined;
}

/**
 * An edit or deletion of the checklist comment: the checklist is synced from the base config and the
 * comment's edit history, never from the state the comment claims (the PR's author can write it).
 */
async function onComment(deps: StageDeps): Promise<Outcome | undefined> {
  const p = deps.run.payload;
  if (p.comment?.user?.login !== ACTIONS_BOT || p.sender?.login === ACTIONS_BOT) return;
  const number: number = p.issue.number;
  const target = { repo: `${deps.run.owner}/${deps.run.repo}`, pr: number };
  const event = commentEvent(p as CommentPayload, undefined, target);
  if (!event) return;
  const port = actionPort(deps, number, event.kind === "edited" ? event.edit : undefined);
  // The sha the comment names only says where a failure goes until the PR's head is known;
  // nothing it claims counts.
  return failClosed(port, event.claimed?.sha, async (aim) => {
    const pull = await getPull(deps.github(), { owner: deps.run.owner, repo: deps.run.repo }, number);
    aim(pull.head.sha);
    return sync(deps, port, pull);
  });
}

/**
 * The checklist in a workflow (GITHUB_TOKEN): `pull_request`/`pull_request_target` post or update
 * the comment, `issue_comment` polices its edits; the status goes on the PR head sha.
 */
export const checklistStage: StageRunner = (deps) => runChecklist(deps);

async function runChecklist(deps: StageDeps): Promise<Report> {
  const { eventName, payload } = deps.run;
  if (eventName === "pull_request" || eventName === "pull_request_target") {
    const pr: Pull = payload.pull_request;
    const push = payload.action === "synchronize" ? { before: payload.before, after: payload.after } : undefined;
    const port = actionPort(deps, pr.number);
    return toReport(await failClosed(port, pr.head.sha, () => sync(deps, port, pr, push)), deps.inputs.strict);
  }
  if (eventName === "issue_comment") {
    const record = payload.action === "created" ? commandOf(payload as CommentPayload) : undefined;
    const outcome = record ? await onCommand(deps, record) : await onComment(deps);
    return toReport(outcome, deps.inputs.strict);
  }
  throw new UserError(
    `the checklist stage runs on pull_request, pull_request_target or issue_comment events, not "${eventName}"`,
  );
}
