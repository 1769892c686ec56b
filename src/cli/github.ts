import { UserError } from "../core/errors.js";
import { createOctokit } from "../github/octokit.js";

/**
 * The GitHub API for a command that reads it: the token in GITHUB_TOKEN or GH_TOKEN (`missing`
 * says what to set when neither is), GITHUB_API_URL for GitHub Enterprise.
 */
export function githubApi(env: NodeJS.ProcessEnv, missing: string): ReturnType<typeof createOctokit> {
  const token = env.GITHUB_TOKEN || env.GH_TOKEN;
  if (!token) throw new UserError(missing);
  return createOctokit({ token, baseUrl: env.GITHUB_API_URL || undefined });
}
