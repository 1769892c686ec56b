import { ProbotOctokit } from "probot";
import { throttleOptions, type WriteLimiter } from "../github/write-limiter.js";

/**
 * Probot's Octokit with GitHub's budgets instead of its fixed 1 s spacing of writes (which made a
 * tick wait a second per write). Function form: Probot fills in its own throttle options first,
 * and these replace them last. Each installation's client is keyed by its installation id.
 */
export function limitedProbotOctokit(limiter: WriteLimiter): typeof ProbotOctokit {
  return ProbotOctokit.defaults((options: any) => ({
    ...options,
    throttle: { ...options.throttle, ...throttleOptions(limiter, (line) => options.log?.warn?.(line)) },
  })) as typeof ProbotOctokit;
}
