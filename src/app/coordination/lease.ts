import { AsyncLocalStorage } from "node:async_hooks";
import type { Octokit } from "@octokit/core";
import { createsContent } from "../../github/write-limiter.js";

/** A PR's lock as one replica holds it: the fencing token it was given, and whether it was lost. */
export interface Lease {
  key: string;
  token: number;
  lost: boolean;
}

/** A content-creating request about to go out: its method, URL and parameters. */
export type WriteRequest = { method: string; url: string } & Record<string, unknown>;

const current = new AsyncLocalStorage<Lease>();

/** Runs `work` with `lease` as the lease of every GitHub request made within it. */
export const withLease = <T>(lease: Lease, work: () => Promise<T>): Promise<T> => current.run(lease, work);

/**
 * An Octokit plugin that checks, before each content-creating request of work done under a lease,
 * that the lease still holds (`check` throws when not, and the write is not made). Added after
 * the throttling plugin, its hook is the inner one: it runs once the limiter let the request go,
 * right before it is sent.
 */
export function fenceWrites(check: (lease: Lease, request: WriteRequest) => Promise<void>) {
  return (octokit: Octokit): void => {
    octokit.hook.wrap("request", async (request, options) => {
      const lease = current.getStore();
      if (lease && createsContent(options.method, options.url, options)) await check(lease, options as WriteRequest);
      return request(options);
    });
  };
}

/**
 * A write that only fails the check closed (a check run whose conclusion is not `success`): it may
 * go out when Redis cannot confirm the lock, since it can never let a PR through wrongly.
 */
export const failsClosed = (request: WriteRequest): boolean =>
  request.method === "POST" && /\/check-runs$/.test(request.url) && request.conclusion !== "success";
