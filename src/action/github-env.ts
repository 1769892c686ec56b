import { readFileSync } from "node:fs";
import { UserError } from "../core/errors.js";
import { createOctokit, type GitHub, type OctokitOptions } from "../github/octokit.js";

/** What the runner tells the action about the run, read from its GITHUB_* variables. */
export interface RunContext {
  eventName: string;
  payload: Record<string, any>;
  owner: string;
  repo: string;
  /** The commit the workflow checked out (for pull_request: the merge commit). */
  sha: string;
  apiUrl: string;
  serverUrl: string;
  runUrl?: string;
  workspace: string;
}

export function readRunContext(env: NodeJS.ProcessEnv = process.env): RunContext {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? "").split("/");
  if (!owner || !repo) {
    throw new UserError("GITHUB_REPOSITORY is not set; run this action inside a GitHub Actions workflow");
  }
  let payload: Record<string, any> = {};
  if (env.GITHUB_EVENT_PATH) {
    try {
      payload = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, "utf8"));
    } catch (error) {
      throw new UserError(
        `cannot read the event payload at GITHUB_EVENT_PATH (${(error as Error).message}); re-run the workflow`,
      );
    }
  }
  const serverUrl = env.GITHUB_SERVER_URL ?? "https://github.com";
  return {
    eventName: env.GITHUB_EVENT_NAME ?? "",
    payload,
    owner,
    repo,
    sha: env.GITHUB_SHA ?? "",
    apiUrl: env.GITHUB_API_URL ?? "https://api.github.com",
    serverUrl,
    runUrl: env.GITHUB_RUN_ID ? `${serverUrl}/${owner}/${repo}/actions/runs/${env.GITHUB_RUN_ID}` : undefined,
    workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
  };
}

/** Makes the action's GitHub client; run() takes another (tests: one that retries without waiting). */
export type OctokitFactory = (options: OctokitOptions) => GitHub;

export function octokitFor(token: string, run: RunContext, make: OctokitFactory = createOctokit): GitHub {
  if (!token)
    throw new UserError("the `token` input is empty; pass ${{ github.token }} or a token with the needed permissions");
  return make({ token, baseUrl: run.apiUrl });
}

/**
 * The commit a stage's status belongs to: the PR head (not the merge commit `pull_request`
 * checks out); for `issue_comment` on a PR, whose run is attached to no PR, the head fetched
 * from the API; otherwise GITHUB_SHA.
 */
export async function statusSha(run: RunContext, github: () => GitHub): Promise<string> {
  const pr = run.payload.pull_request;
  if (pr?.head?.sha) return pr.head.sha;
  if (run.eventName === "issue_comment" && run.payload.issue?.pull_request) {
    const { data } = await github().rest.pulls.get({
      owner: run.owner,
      repo: run.repo,
      pull_number: run.payload.issue.number,
    });
    return data.head.sha;
  }
  if (run.eventName === "merge_group" && run.payload.merge_group?.head_sha) return run.payload.merge_group.head_sha;
  return run.sha;
}
