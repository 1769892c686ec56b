import type { Context, Probot } from "probot";
import type { AppDeps } from "./deps.js";
import { onCheckRerequested, onMergeGroup } from "./on-checks.js";
import { onComment } from "./on-comment.js";
import { onPullRequest, PULL_REQUEST_EVENTS } from "./on-pull-request.js";
import { defaultDeps } from "./runtime.js";

/**
 * The deploy-gate app: polices the checklist comment and sets `deploy-gate/checklist`.
 * Dependencies are injected so tests control the signing key, the role lookup, the delivery
 * memory and the per-PR ordering.
 */
export function createApp(overrides: Partial<AppDeps> = {}) {
  return (app: Probot): void => {
    const deps = defaultDeps(overrides);
    // A redelivered webhook keeps its delivery id: handle it once. A failed one may be retried.
    const once =
      <E extends Context>(handler: (context: E, deps: AppDeps) => Promise<void>) =>
      async (context: E) => {
        if (deps.deliveries.has(context.id)) return;
        await handler(context, deps);
        deps.deliveries.add(context.id);
      };
    app.on([...PULL_REQUEST_EVENTS], once(onPullRequest));
    app.on(["issue_comment.edited", "issue_comment.deleted"], once(onComment));
    app.on("merge_group.checks_requested", once(onMergeGroup));
    app.on("check_run.rerequested", once(onCheckRerequested));
  };
}

export default createApp();
