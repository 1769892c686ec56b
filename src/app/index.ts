import type { Context, Probot } from "probot";
import type { AppDeps } from "./deps.js";
import { onCheckRerequested, onMergeGroup } from "./on-checks.js";
import { onCommand } from "./on-command.js";
import { onComment } from "./on-comment.js";
import { onCheckCompleted, onProtectionRequested, onStatus } from "./on-deployment-protection.js";
import { onPullRequest, PULL_REQUEST_EVENTS } from "./on-pull-request.js";
import { defaultDeps } from "./runtime.js";

/**
 * The deploy-gate app: polices the checklist comment and sets `deploy-gate/checklist`, and is the
 * deployment protection rule that holds a deploy until deploy-gate's verdicts for it are green.
 * Dependencies are injected so tests control the signing key, the role lookup, the delivery
 * memory, the per-PR ordering, the app's id and the protection rule's memory and clock.
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
    app.on("issue_comment.created", once(onCommand));
    app.on("merge_group.checks_requested", once(onMergeGroup));
    app.on("check_run.rerequested", once(onCheckRerequested));
    app.on("deployment_protection_rule.requested", once(onProtectionRequested));
    app.on("status", once(onStatus));
    app.on("check_run.completed", once(onCheckCompleted));
  };
}

export default createApp();
