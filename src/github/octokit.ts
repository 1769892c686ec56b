import { Octokit } from "@octokit/core";
import { paginateRest } from "@octokit/plugin-paginate-rest";
import { restEndpointMethods } from "@octokit/plugin-rest-endpoint-methods";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { explainErrors } from "./explain-errors.js";
import { throttleOptions, WriteLimiter } from "./write-limiter.js";

/**
 * Octokit with the REST methods, pagination, retries and rate-limit throttling the gate relies on.
 * Its token is a workflow's, so a refusal names the job's `permissions:` entry to add.
 */
export const GateOctokit = Octokit.plugin(
  restEndpointMethods,
  paginateRest,
  retry,
  throttling,
  explainErrors("workflow"),
);
export type GitHub = InstanceType<typeof GateOctokit>;

export interface OctokitOptions {
  token: string;
  /** GITHUB_API_URL, so GitHub Enterprise Server works. */
  baseUrl?: string;
  /** Retries on 5xx; tests set 0 to see the fail-closed path at once. */
  retries?: number;
  /** The n-th retry waits n² times this; tests set 0 to retry without waiting. */
  retryBaseMs?: number;
  /** Each request (each retry apart) ends within this; a GitHub that never answers is a 500. */
  timeoutMs?: number;
  /** GitHub's budgets for this token; one limiter per process by default. */
  limiter?: WriteLimiter;
}

const processLimiter = new WriteLimiter();

export const GITHUB_TIMEOUT_MS = 30_000;

/** Node's global fetch, looked up per request (nock replaces it in tests), under a timeout. */
export const timedFetch =
  (ms: number): typeof fetch =>
  (input, init) => {
    const timeout = AbortSignal.timeout(ms);
    return globalThis.fetch(input, {
      ...init,
      signal: init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout,
    });
  };

export function createOctokit({
  token,
  baseUrl = "https://api.github.com",
  retries = 2,
  retryBaseMs = 1000,
  timeoutMs = GITHUB_TIMEOUT_MS,
  limiter = processLimiter,
}: OctokitOptions): GitHub {
  return new GateOctokit({
    auth: token,
    baseUrl,
    userAgent: "deploy-gate",
    // Node's global fetch, so nock (14+) intercepts it in tests; @actions/github would bring undici's own.
    request: { fetch: timedFetch(timeoutMs) },
    // `retries` goes here, not in `request`: plugin-retry retries every failure, 404s included,
    // when `request.retries` is set.
    retry: { retries, retryAfterBaseValue: retryBaseMs, doNotRetry: [400, 401, 403, 404, 409, 422, 451] },
    throttle: throttleOptions(limiter),
  });
}
