import type { Context } from "probot";
import { failClosed, syncPullRequest } from "../core/checklist/flow.js";
import { failureVerdict } from "../core/checklist/verdict.js";
import { type PullLike, pullFacts } from "../github/pulls.js";
import { readChecklist } from "./config.js";
import { type AppDeps, appPort } from "./deps.js";

/** Recomputes a PR's checklist from the config: the comment and the check. */
export async function syncPull(
  context: Context,
  deps: AppDeps,
  pr: PullLike,
  push?: { before: string; after: string },
): Promise<void> {
  const port = appPort(context, deps, pr.number);
  // A GitHub error reading the config leaves a failed check, never an earlier success standing.
  const source = await failClosed(port, pr.head.sha, () => readChecklist(context));
  if (source.kind === "none") return;
  if (source.kind === "error") {
    await port.setVerdict(
      pr.head.sha,
      failureVerdict(
        "deploy-gate config error",
        `${source.message}\n\nFix the config on the default branch; the checklist cannot be checked until then.`,
      ),
    );
    return;
  }
  await syncPullRequest(
    {
      checklist: source.checklist,
      pr: pullFacts(pr),
      push,
      key: deps.key,
    },
    port,
  );
}
