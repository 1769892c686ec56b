import { Octokit } from "@octokit/core";
import { paginateRest } from "@octokit/plugin-paginate-rest";
import { restEndpointMethods } from "@octokit/plugin-rest-endpoint-methods";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { throttleOptions, WriteLimiter } from "./write-limiter.js";

/** Octokit with the REST methods, pagination, retries and rate-limit throttling the gate relies on. */
export const GateOctokit = Octokit.plugin(restEndpointMethods, paginateRest, retry, throttling);
export type GitHub = InstanceType<typeof GateOctokit>;

export interface OctokitOptions {
  token: string;
  /** GITHUB_API_URL, so GitHub Enterprise Server works. */
  baseUrl?: string;
  /** Retries on 5xx; tests set 0 to see the fail-closed path at once. */
  retries?: number;
  /** GitHub's budgets for this token; one limiter per process by default. */
  limiter?: WriteLimiter;
}

const processLimiter = new WriteLimiter();

export function createOctokit({
  token,
  baseUrl = "https://api.github.com",
  retries = 2,
  limiter = processLimiter,
}: OctokitOptions): GitHub {
  return new GateOctokit({
    auth: token,
    baseUrl,
    userAgent: "deploy-gate",
    // Node's global fetch, so nock (14+) intercepts it in tests; @actions/github would bring undici's own.
    request: { fetch: globalThis.fetch },
    // `retries` goes here, not in `request`: plugin-retry retries every failure, 404s included,
    // when `request.retries` is set.
    retry: { retries, doNotRetry: [400, 401, 403, 404, 409, 422, 451] },
    throttle: throttleOptions(limiter),
  });
}
