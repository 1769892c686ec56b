import type { GitHub } from "./octokit.js";

export type CommitState = "success" | "failure" | "pending" | "error";

/** GitHub cuts a status description at 140 characters. */
const short = (text: string) => (text.length > 140 ? `${text.slice(0, 139)}…` : text);

export async function setCommitStatus(
  github: GitHub,
  target: { owner: string; repo: string; sha: string },
  status: { context: string; state: CommitState; description: string; targetUrl?: string },
): Promise<void> {
  await github.rest.repos.createCommitStatus({
    owner: target.owner,
    repo: target.repo,
    sha: target.sha,
    context: status.context,
    state: status.state,
    description: short(status.description),
    ...(status.targetUrl ? { target_url: status.targetUrl } : {}),
  });
}
