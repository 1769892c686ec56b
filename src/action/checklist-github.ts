import { VerdictError } from "../core/checklist/flow.js";
import type { ChecklistPort, CommentEdit } from "../core/checklist/port.js";
import type { ChecklistVerdict } from "../core/checklist/types.js";
import { CHECK_NAME } from "../core/checklist/verdict.js";
import { parseConfig } from "../core/config/load.js";
import type { ChecklistConfig } from "../core/config/schema.js";
import { UserError } from "../core/errors.js";
import { checklistPort } from "../github/checklist-port.js";
import { commentRevisions } from "../github/comment-history.js";
import { fileAt } from "../github/contents.js";
import { createRoleLookup } from "../github/permissions.js";
import { setCommitStatus } from "../github/statuses.js";
import type { StageDeps } from "./stages/types.js";

export const ACTIONS_BOT = "github-actions[bot]";

/** Posts a failed status at once: a config or GitHub error, when the step may stop before publishing. */
async function postStatus(deps: StageDeps, sha: string, verdict: ChecklistVerdict): Promise<void> {
  await setCommitStatus(
    deps.github(),
    { owner: deps.run.owner, repo: deps.run.repo, sha },
    { context: CHECK_NAME, state: "failure", description: verdict.title, targetUrl: deps.run.runUrl },
  );
}

/**
 * The action's port. The verdict is published once, by `publish()` after the comment is written,
 * worded as the app words its check; only a failure (GitHub or config error) is posted at once, so
 * a step that then stops never leaves an old success standing. Ticks are proven from the comment's
 * edit history, since the action has no key to sign its state with.
 */
export function actionPort(deps: StageDeps, pullNumber: number, event?: CommentEdit): ChecklistPort {
  const ref = { owner: deps.run.owner, repo: deps.run.repo };
  const roles = createRoleLookup();
  const api = deps.github();
  return checklistPort(api, ref, pullNumber, {
    // The action's comment is the workflow token's bot's; the action signs nothing.
    isAuthor: (user) => user?.login === ACTIONS_BOT,
    roleOf: (login) => roles(api, ref, login),
    setVerdict: async (sha, verdict) => {
      if (verdict.conclusion === "failure") await postStatus(deps, sha, verdict);
    },
    proof: { event, revisions: (comment) => commentRevisions(api, comment.nodeId) },
  });
}

/**
 * The checklist from the config at the PR's BASE commit, fetched through the API: never from
 * the checkout, which holds the PR's own (possibly edited) config. A config error, or GitHub's
 * failing to give the file, is thrown with the failed verdict the event's guard posts.
 */
export async function baseChecklist(deps: StageDeps, baseSha: string): Promise<ChecklistConfig> {
  const ref = { owner: deps.run.owner, repo: deps.run.repo };
  const path = deps.inputs.config;
  try {
    // Inside the try: a GitHub error reading the config also leaves a failed status behind.
    const text = await fileAt(deps.github(), ref, path, baseSha);
    if (text === undefined) {
      throw new UserError(
        `no config at the PR's base commit ${baseSha.slice(0, 7)}; merge one to the base branch first`,
        {
          file: path,
        },
      );
    }
    const { config } = parseConfig(text, path);
    if (!config.checklist) {
      throw new UserError("the config has no `checklist:` section; add one to use the checklist stage", { file: path });
    }
    return config.checklist;
  } catch (error) {
    const message = error instanceof UserError ? error.toString() : String(error).split("\n")[0];
    const github = (error as { status?: number }).status !== undefined;
    const title = github ? `GitHub error: the config could not be read (${message})` : `config error: ${message}`;
    throw new VerdictError({ conclusion: "failure", title, summary: message }, error);
  }
}
