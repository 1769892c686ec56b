import { ProbotOctokit } from "probot";
import { GITHUB_TIMEOUT_MS, timedFetch } from "../github/octokit.js";
import { throttleOptions, type WriteLimiter } from "../github/write-limiter.js";

/**
 * Probot's Octokit with GitHub's budgets instead of its fixed 1 s spacing of writes (which made a
 * tick wait a second per write). Function form: Probot fills in its own throttle options first,
 * and these replace them last. Each installation's client is keyed by its installation id. Every
 * request ends at GITHUB_TIMEOUT_MS, as the action's do: a hung GitHub never holds a delivery.
 */
export function limitedProbotOctokit(limiter: WriteLimiter, timeoutMs = GITHUB_TIMEOUT_MS): typeof ProbotOctokit {
  return ProbotOctokit.defaults((options: any) => ({
    ...options,
    request: { ...options.request, fetch: timedFetch(timeoutMs) },
    throttle: { ...options.throttle, ...throttleOptions(limiter, (line) => options.log?.warn?.(line)) },
  })) as typeof ProbotOctokit;
}
