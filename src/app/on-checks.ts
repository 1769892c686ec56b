import type { Context } from "probot";
import { failClosed, verdictFromComment } from "../core/checklist/flow.js";
import { CHECK_NAME } from "../core/checklist/verdict.js";
import { getPull, pullForCommit, queuedPull } from "../github/pulls.js";
import { type AppDeps, apiOf, appPort, prKey } from "./deps.js";
import { syncPull } from "./sync.js";

/** merge_group.checks_requested: the verdict the queued PR's comment stands at, on the group's commit. */
export async function onMergeGroup(context: Context<"merge_group.checks_requested">, deps: AppDeps): Promise<void> {
  const group = context.payload.merge_group;
  const number = queuedPull(group.head_ref);
  if (!number) return;
  const port = appPort(context, deps, number);
  // The comment counts only if it was rendered for the queued PR's current head.
  await failClosed(port, group.head_sha, async () => {
    const pull = await getPull(apiOf(context), context.repo(), number);
    return verdictFromComment(port, group.head_sha, pull.head.sha);
  });
}

/** check_run.rerequested on our check: recompute from the config and the PR as it stands. */
export async function onCheckRerequested(context: Context<"check_run.rerequested">, deps: AppDeps): Promise<void> {
  const run = context.payload.check_run;
  if (run.name !== CHECK_NAME) return;
  // GitHub leaves `pull_requests` empty for PRs from forks: ask which open PR has this head.
  const number = run.pull_requests[0]?.number ?? (await pullForCommit(apiOf(context), context.repo(), run.head_sha));
  if (!number) return;
  await deps.serialize(prKey(context, number), async () =>
    syncPull(context, deps, await getPull(apiOf(context), context.repo(), number)),
  );
}
