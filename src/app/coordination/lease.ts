import { AsyncLocalStorage } from "node:async_hooks";
import type { Octokit } from "@octokit/core";
import type { WriteRequest } from "../../github/write-limiter.js";

/** A PR's lock as one replica holds it: the fencing token it was given, and whether it was lost. */
export interface Lease {
  key: string;
  token: number;
  lost: boolean;
}

const current = new AsyncLocalStorage<Lease>();
const FIELD = "deployGateLease";

/** Runs `work` with `lease` as the lease of every GitHub request made within it. */
export const withLease = <T>(lease: Lease, work: () => Promise<T>): Promise<T> => current.run(lease, work);

/**
 * An Octokit plugin that hands each request the lease of the work that made it, inside the
 * request's own options: the limiter's queue runs requests later, outside that work's async
 * context, and must still check the right lock right before the write.
 */
export function carryLease(octokit: Octokit): void {
  octokit.hook.wrap("request", (request, options) => {
    const lease = current.getStore();
    return request(lease ? { ...options, request: { ...options.request, [FIELD]: lease } } : options);
  });
}

export const leaseOf = (request: WriteRequest): Lease | undefined =>
  (request.request as Record<string, Lease> | undefined)?.[FIELD];

/**
 * A write that only fails the check closed (a check run whose conclusion is not `success`): it may
 * go out when Redis cannot confirm the lock, since it can never let a PR through wrongly.
 */
export const failsClosed = (request: WriteRequest): boolean =>
  request.method === "POST" && /\/check-runs$/.test(request.url) && request.conclusion !== "success";
