import type { OctokitFactory } from "../../src/action/github-env.js";
import { createOctokit } from "../../src/github/octokit.js";

/** The action's client as it runs, retries included, but without the seconds it waits between them. */
export const retryAtOnce: OctokitFactory = (options) => createOctokit({ ...options, retryBaseMs: 0 });
