import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { keyedSerial } from "../../core/keyed-serial.js";
import { memoryWriteWindow } from "../../github/write-limiter.js";
import type { Coordination } from "./coordination.js";
import { failsClosed, type Lease, withLease } from "./lease.js";
import { connected, redisClient } from "./redis-client.js";
import { redisWriteWindow } from "./redis-window.js";

export interface RedisTimings {
  /**
   * How long a PR's lock, or a delivery's claim, outlives a replica that stopped renewing it
   * (killed, stalled): the longest a PR waits for a dead replica.
   */
  lockTtlMs: number;
  /** How long an event may wait for its PR's lock before its delivery fails, to be redelivered. */
  lockWaitMs: number;
  /** How long a handled delivery is remembered: GitHub lets one be redelivered for 3 days. */
  handledTtlMs: number;
}

export const REDIS_TIMINGS: RedisTimings = {
  lockTtlMs: 5_000,
  // Under the 9 s after which GitHub's webhook middleware answers 202 and a failure goes unrecorded.
  lockWaitMs: 5_000,
  handledTtlMs: 3 * 24 * 3_600_000,
};

// The lock holds the fencing token; the token counter only ever grows, so a token names one holding.
const ACQUIRE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local token = redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], 604800000)
redis.call('SET', KEYS[1], token, 'PX', ARGV[1])
return token`;
// Still ours? Then it lasts another TTL from now: the write about to go out gets the whole of it.
const HOLDS = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
return 0`;
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

type Scripted = Redis & {
  dgAcquire(lock: string, fence: string, ttl: number): Promise<number>;
  dgHolds(lock: string, token: string, ttl: number): Promise<number>;
  dgRelease(lock: string, token: string): Promise<number>;
};

/**
 * A write refused by the fence. It carries a `code`, not a `status`: Octokit's retry plugin would
 * send a request again on a status, and the log tells it in one line, as Node's own errors.
 */
const refused = (message: string) => Object.assign(new Error(message), { code: "DEPLOY_GATE_FENCED" });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Several replicas on one Redis. Every key expires: a Redis that restarts empty loses only
 * what a redelivery or the next event recomputes anyway (which deliveries were handled, who holds a
 * lock), and a replica's lease it can no longer confirm makes its writes stop.
 */
export function redisCoordination(
  url: string,
  log: (message: string) => void,
  timings: RedisTimings = REDIS_TIMINGS,
): Coordination & { redis: Redis; connected(ms: number): Promise<boolean> } {
  const redis = redisClient(url, log) as Scripted;
  redis.defineCommand("dgAcquire", { numberOfKeys: 2, lua: ACQUIRE });
  redis.defineCommand("dgHolds", { numberOfKeys: 1, lua: HOLDS });
  redis.defineCommand("dgRelease", { numberOfKeys: 1, lua: RELEASE });
  const held = new Set<Lease>();
  const local = keyedSerial();
  const lockKey = (key: string) => `lock:${key}`;

  async function acquire(key: string, deadline: number): Promise<Lease> {
    for (;;) {
      const token = Number(await redis.dgAcquire(lockKey(key), `fence:${key}`, timings.lockTtlMs));
      if (token) return { key, token, lost: false };
      if (Date.now() >= deadline) {
        throw Object.assign(
          new Error(
            `another replica held the lock of ${key} for over ${timings.lockWaitMs} ms; the delivery failed so that GitHub records it and it can be redelivered`,
          ),
          { status: 503 },
        );
      }
      await sleep(10 + Math.random() * 40);
    }
  }

  const holds = async (lease: Lease) =>
    Number(await redis.dgHolds(lockKey(lease.key), String(lease.token), timings.lockTtlMs)) === 1;

  /** Renews a lock or claim every third of its TTL while the work runs; a failed renewal is retried next time. */
  const heartbeat = (renew: () => Promise<unknown>) => {
    const timer = setInterval(() => void renew().catch(() => undefined), timings.lockTtlMs / 3);
    timer.unref();
    return { stop: () => clearInterval(timer) };
  };

  const release = (lease: Lease) => redis.dgRelease(lockKey(lease.key), String(lease.token)).catch(() => 0);

  return {
    kind: "redis",
    redis,
    connected: (ms) => connected(redis, ms),
    async claim(id) {
      const key = `delivery:${id}`;
      const token = randomUUID();
      // The delivery is in flight elsewhere (a redelivery overtook it): wait for its outcome, since
      // answering 200 now would hide a failure of the first.
      const deadline = Date.now() + timings.lockWaitMs;
      for (;;) {
        if ((await redis.set(key, token, "PX", timings.lockTtlMs, "NX")) === "OK") break;
        if ((await redis.get(key)) === "done") return undefined;
        if (Date.now() >= deadline) {
          throw Object.assign(new Error(`delivery ${id} is still being handled by another replica`), { status: 503 });
        }
        await sleep(20 + Math.random() * 30);
      }
      const renew = heartbeat(() => redis.dgHolds(key, token, timings.lockTtlMs).then(Number));
      return {
        async done() {
          renew.stop();
          await redis.set(key, "done", "PX", timings.handledTtlMs);
        },
        async release() {
          renew.stop();
          await redis.dgRelease(key, token);
        },
      };
    },
    serialize(key, work) {
      // The wait is bounded from the delivery's arrival, its turn in this replica included.
      const deadline = Date.now() + timings.lockWaitMs;
      return local(key, async () => {
        const lease = await acquire(key, deadline);
        held.add(lease);
        const renew = heartbeat(async () => {
          if (!(await holds(lease))) lease.lost = true;
        });
        try {
          return await withLease(lease, work);
        } finally {
          renew.stop();
          held.delete(lease);
          await release(lease);
        }
      });
    },
    async checkLease(lease, request) {
      let ours: boolean;
      try {
        ours = !lease.lost && (await holds(lease));
      } catch (error) {
        if (failsClosed(request)) return;
        throw refused(
          `Redis could not confirm this replica still holds the lock of ${lease.key} (${(error as Error).message}); the write was not made`,
        );
      }
      if (!ours) {
        lease.lost = true;
        throw refused(
          `this replica lost the lock of ${lease.key} (it stalled past ${timings.lockTtlMs} ms) and another took the pull request over; the write was not made`,
        );
      }
    },
    writeWindow: redisWriteWindow(redis, memoryWriteWindow()),
    async turn(name, ttlMs) {
      return (await redis.set(`turn:${name}`, randomUUID(), "PX", ttlMs, "NX")) === "OK";
    },
    async ping() {
      await redis.ping();
    },
    async close() {
      await Promise.all([...held].map(release));
      await Promise.race([redis.quit().catch(() => undefined), sleep(1_000)]);
      redis.disconnect();
    },
  };
}
