import type { ChecklistVerdict } from "../core/checklist/types.js";
import type { Api, RepoRef } from "./api.js";

/** A completed check run (never left in_progress); the newest run of a name is the one GitHub shows. */
export async function createCheckRun(
  api: Api,
  ref: RepoRef,
  run: { name: string; sha: string; verdict: ChecklistVerdict; detailsUrl?: string },
): Promise<void> {
  await api.request("POST /repos/{owner}/{repo}/check-runs", {
    ...ref,
    name: run.name,
    head_sha: run.sha,
    status: "completed",
    conclusion: run.verdict.conclusion,
    completed_at: new Date().toISOString(),
    ...(run.detailsUrl ? { details_url: run.detailsUrl } : {}),
    output: {
      title: run.verdict.title,
      summary: run.verdict.summary.slice(0, 65_000),
    },
  });
}
