/**
 * GitHub's secondary rate limits, kept instead of a fixed spacing between writes. GitHub documents
 * them in "Rate limits for the REST API" (docs.github.com/rest/using-the-rest-api/
 * rate-limits-for-the-rest-api, "About secondary rate limits" and "Best practices"):
 * - requests for one user or installation should be made serially, never concurrently;
 * - no more than 80 content-generating requests a minute and 500 an hour (GitHub may lower them
 *   for some endpoints, and changes them without notice: both are options);
 * - after a secondary-limit response, wait `retry-after` (or at least a minute without one);
 *   after a primary one, until `x-ratelimit-reset`.
 * The budgets are a sliding window, not a token bucket: a bucket of 80 refilled at 80 a minute
 * lets 160 writes through in some minute, which is exactly what GitHub refuses.
 */

import type { ThrottlingOptions } from "@octokit/plugin-throttling";
import { type KeyedSerial, keyedSerial } from "../core/keyed-serial.js";

export interface WriteBudget {
  perMinute: number;
  perHour: number;
}

/** GitHub's documented content-creation budgets, per installation (or token). */
export const GITHUB_WRITE_BUDGET: WriteBudget = { perMinute: 80, perHour: 500 };

const MINUTE = 60_000;
const HOUR = 3_600_000;

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Where each key's recent writes are remembered. In memory for one process; a shared store (Redis)
 * gives several replicas one budget.
 */
export interface WriteWindowStore {
  /**
   * Takes a slot for one write of `key` at `now` when the budget has one and returns 0; otherwise
   * takes nothing and returns how many milliseconds until one frees up.
   */
  take(key: string, now: number, budget: WriteBudget): Promise<number>;
}

/** The in-process store: the times of each key's writes in the last hour. */
export function memoryWriteWindow(): WriteWindowStore {
  const writes = new Map<string, number[]>();
  return {
    async take(key, now, budget) {
      const times = (writes.get(key) ?? []).filter((t) => t > now - HOUR);
      writes.set(key, times);
      const lastMinute = times.filter((t) => t > now - MINUTE);
      if (lastMinute.length < budget.perMinute && times.length < budget.perHour) {
        times.push(now);
        return 0;
      }
      // The slot frees when the oldest write that fills a full window leaves it.
      const minuteWait =
        lastMinute.length >= budget.perMinute ? lastMinute[lastMinute.length - budget.perMinute] + MINUTE - now : 0;
      const hourWait = times.length >= budget.perHour ? times[times.length - budget.perHour] + HOUR - now : 0;
      return Math.max(minuteWait, hourWait, 1);
    },
  };
}

export interface WriteLimiterOptions {
  budget?: WriteBudget;
  store?: WriteWindowStore;
  clock?: Clock;
}

/**
 * One installation's requests run one at a time; its content-creating requests also wait for a
 * slot in the budget. Reads are never held back by the write budget, only by the serial order.
 */
export class WriteLimiter {
  readonly budget: WriteBudget;
  private readonly store: WriteWindowStore;
  readonly clock: Clock;
  /** Runs `work` after every earlier request of `key` has settled. */
  readonly serial: KeyedSerial = keyedSerial();

  constructor(options: WriteLimiterOptions = {}) {
    this.budget = options.budget ?? GITHUB_WRITE_BUDGET;
    this.store = options.store ?? memoryWriteWindow();
    this.clock = options.clock ?? realClock;
  }

  /** Waits for a write slot of `key`. */
  async acquireWrite(key: string): Promise<void> {
    for (;;) {
      const wait = await this.store.take(key, this.clock.now(), this.budget);
      if (wait === 0) return;
      await this.clock.sleep(wait);
    }
  }
}

/** Requests that create content: every write but the ones that only mint tokens, and GraphQL mutations. */
export function createsContent(method: string, url: string, body?: unknown): boolean {
  const { pathname } = new URL(url, "http://github.invalid");
  if (pathname.endsWith("/graphql")) return /^\s*mutation\b/.test(String((body as { query?: string })?.query ?? ""));
  if (method === "GET" || method === "HEAD" || method === "OPTIONS") return false;
  return !/\/app\/installations\/[^/]+\/access_tokens$|\/applications\/[^/]+\/token(\/scoped)?$/.test(pathname);
}

/** How long the gate waits out one rate-limit answer before it gives up and fails closed. */
export const MAX_RATE_LIMIT_WAIT_S = 60;

type Request = (options: RequestOptions) => Promise<unknown>;
interface RequestOptions {
  method: string;
  url: string;
  query?: string;
  request?: { retryCount?: number };
}

/**
 * Options for @octokit/plugin-throttling that put this limiter in place of its fixed spacing: the
 * plugin keeps its rate-limit detection and retries; the limiter decides when a request may go.
 * Its `global` group carries every request of an installation (keyed by installation id): the
 * limiter runs them one at a time and lets a content-creating one go only with a slot of the
 * budget. The plugin's own 1 s spacing of writes and 3 s spacing of comments are dropped: the budget
 * already covers them.
 */
export function throttleOptions(limiter: WriteLimiter, log: (message: string) => void = () => {}): ThrottlingOptions {
  const passThrough = { key: () => ({ schedule: (_options: unknown, fn: () => Promise<unknown>) => fn() }) };
  const retryWithin =
    (what: string) => (after: number, options: { method: string; url: string }, _octokit: unknown, count: number) => {
      // A request answered with a rate limit was not carried out: waiting and sending it again is
      // safe, and when the wait is too long the request fails, so the caller fails closed.
      const retry = count < 2 && after <= MAX_RATE_LIMIT_WAIT_S;
      log(`${what} on ${options.method} ${options.url}: ${retry ? `retrying in ${after} s` : "giving up"}`);
      return retry;
    };
  return {
    enabled: true,
    global: {
      key: (key: string) => ({
        schedule: (_options: unknown, request: Request, options: RequestOptions) =>
          limiter.serial(key, async () => {
            if (createsContent(options.method, options.url, options)) await limiter.acquireWrite(key);
            return request(options);
          }),
      }),
    },
    write: passThrough,
    notifications: passThrough,
    onRateLimit: retryWithin("GitHub's rate limit"),
    onSecondaryRateLimit: retryWithin("GitHub's secondary rate limit"),
    // The plugin asks for Bottleneck groups; it calls only `key(id).schedule(...)` on them.
  } as unknown as ThrottlingOptions;
}
