import type { GitHub } from "./octokit.js";

/**
 * The part of Octokit the adapters use. Probot's Octokit and ours come from different plugin
 * versions; both have `request` and `paginate`, so the adapters take either.
 */
export type Api = Pick<GitHub, "request" | "paginate">;

export interface RepoRef {
  owner: string;
  repo: string;
}
