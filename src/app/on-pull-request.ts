import type { Context } from "probot";
import { type AppDeps, prKey } from "./deps.js";
import { syncPull } from "./sync.js";

export const PULL_REQUEST_EVENTS = [
  "pull_request.opened",
  "pull_request.reopened",
  "pull_request.synchronize",
  "pull_request.edited",
  "pull_request.labeled",
  "pull_request.unlabeled",
  "pull_request.ready_for_review",
] as const;

export async function onPullRequest(
  context: Context<(typeof PULL_REQUEST_EVENTS)[number]>,
  deps: AppDeps,
): Promise<void> {
  const payload = context.payload;
  const pr = payload.pull_request;
  const push =
    payload.action === "synchronize" && payload.before && payload.after
      ? { before: payload.before, after: payload.after }
      : undefined;
  await deps.serialize(prKey(context, pr.number), () => syncPull(context, deps, pr, push));
}
