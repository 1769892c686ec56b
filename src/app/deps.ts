import type { Context } from "probot";
import type { ChecklistPort } from "../core/checklist/port.js";
import { CHECK_NAME } from "../core/checklist/verdict.js";
import type { KeyedSerial } from "../core/keyed-serial.js";
import type { Api } from "../github/api.js";
import { checklistPort } from "../github/checklist-port.js";
import { createCheckRun } from "../github/checks.js";
import { commentRevisions, pullCommentsWithHistory } from "../github/comment-history.js";
import type { RoleLookup } from "../github/permissions.js";
import type { ReviewMemory } from "../github/protection-review.js";
import type { Coordination } from "./coordination/coordination.js";
import type { Deliveries } from "./deliveries.js";

export interface AppDeps {
  /** Signs the hidden state (the webhook secret by default), so a forged state is refused. */
  key?: string;
  roleLookup: RoleLookup;
  /** What the app's processes share: this process's memory, or Redis for several replicas. */
  coordination: Coordination;
  /** Runs one PR's events one after another, so no two events of a PR race (in any replica). */
  serialize: KeyedSerial;
  /** Every delivery passes here (handled once, logged); built from `coordination` by default. */
  deliveries?: Deliveries;
  /** The app's own id (APP_ID): only its check runs prove a checklist. */
  appId?: number;
  /** The protection rule's reports and decisions this process posted. */
  reviews: ReviewMemory;
  /** Reads for one protection decision end after this long (tests shorten it). */
  readDeadlineMs?: number;
  now?: () => number;
}

export const apiOf = (context: Context): Api => context.octokit;

/**
 * The app's port: ticks are proven from the comment's edit history, as the action proves them.
 * `oneRead` reads the PR's comments and their histories in one GraphQL request (a command's
 * budget); otherwise the comments come from REST's listing and the history on its own.
 */
export function appPort(context: Context, deps: AppDeps, pullNumber: number, oneRead = false): ChecklistPort {
  const ref = context.repo();
  const api = apiOf(context);
  const payload = context.payload as { installation?: { id: number }; repository?: { html_url?: string } };
  const installation = payload.installation?.id;
  // `action_required` asks for a details page: the comment once it exists, else the PR.
  const prUrl = payload.repository?.html_url ? `${payload.repository.html_url}/pull/${pullNumber}` : undefined;
  return checklistPort(api, ref, pullNumber, {
    // Our comment is a bot's, with (when signing) a state only we could sign.
    isAuthor: (user) => user?.type === "Bot",
    key: deps.key,
    roleOf: (login) => deps.roleLookup(api, ref, login, installation),
    setVerdict: (sha, verdict, detailsUrl) =>
      createCheckRun(api, ref, { name: CHECK_NAME, sha, verdict, detailsUrl: detailsUrl ?? prUrl }),
    ...(oneRead
      ? combined(context, pullNumber)
      : { proof: { revisions: (c) => commentRevisions(context.octokit, c.nodeId) } }),
  });
}

function combined(context: Context, pullNumber: number) {
  let read: ReturnType<typeof pullCommentsWithHistory> | undefined;
  const once = () => {
    read ??= pullCommentsWithHistory(context.octokit, context.repo(), pullNumber);
    return read;
  };
  return {
    listing: async () => (await once()).comments,
    proof: {
      revisions: async (comment: { nodeId?: string }) => (await once()).revisions(comment.nodeId),
    },
  };
}

export const prKey = (context: Context, pullNumber: number): string => {
  const { owner, repo } = context.repo();
  return `${owner}/${repo}#${pullNumber}`;
};
