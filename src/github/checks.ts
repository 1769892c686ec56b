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
      // The anchor: only this app can write its check runs, so the state kept here is the latest it wrote.
      ...(run.verdict.anchor ? { text: run.verdict.anchor } : {}),
    },
  });
}

/**
 * The output text of the newest `name` check run of each app on `sha` (where the app keeps its
 * anchor); one request, as the checklist's request budget allows.
 */
export async function checkRunTexts(api: Api, ref: RepoRef, sha: string, name: string): Promise<string[]> {
  const { data } = await api.request("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", {
    ...ref,
    ref: sha,
    check_name: name,
    filter: "latest",
    per_page: 100,
  });
  return (data.check_runs as { output?: { text?: string | null } }[]).map((run) => run.output?.text ?? "");
}
