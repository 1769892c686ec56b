import type { Context } from "probot";
import { commandOf } from "../core/checklist/comment-event.js";
import { failClosed, handleCommand, respond } from "../core/checklist/flow.js";
import { type AppDeps, appPort, prKey } from "./deps.js";

/**
 * issue_comment.created: a `/deploy-gate` command on a pull request. Any other comment (most of
 * them) is left before a single request is made.
 */
export async function onCommand(context: Context<"issue_comment.created">, deps: AppDeps): Promise<void> {
  const record = commandOf(context.payload);
  if (!record) return;
  const number = context.payload.issue.number;
  const port = appPort(context, deps, number, true);
  await deps.serialize(prKey(context, number), async () => {
    // The head a failure goes to is the one the checklist was rendered for, once it is read.
    const outcome = await failClosed(port, undefined, async (aim) => {
      const existing = await port.findComment();
      if (existing?.claimed) aim(existing.claimed.sha);
      return handleCommand(record, port, { key: deps.key });
    });
    await respond(outcome, record, port);
  });
}
