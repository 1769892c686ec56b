import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryCoordination } from "../src/app/coordination/coordination.js";
import { REDIS_TIMINGS, redisCoordination } from "../src/app/coordination/redis.js";
import { memoryWriteWindow } from "../src/github/write-limiter.js";
import { type RedisServer, redisServer } from "./helpers/redis.js";

let redis: RedisServer;
const opened: { close(): Promise<void> }[] = [];
beforeAll(async () => {
  redis = await redisServer();
});
afterAll(async () => {
  for (const c of opened) await c.close();
  await redis?.stop();
});

/** A replica's coordination on the test's Redis, connected. */
async function replica(timings = REDIS_TIMINGS) {
  const coordination = redisCoordination(redis.url, () => {}, timings);
  opened.push(coordination);
  expect(await coordination.connected(5_000)).toBe(true);
  return coordination;
}

let keys = 0;
const freshKey = () => `installation-${++keys}-${Date.now()}`;

describe("the write window in Redis", () => {
  it("answers exactly as the in-memory window for any sequence of writes", async () => {
    const store = (await replica()).writeWindow;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 40_000 }), { minLength: 1, maxLength: 40 }),
        fc.record({ perMinute: fc.integer({ min: 1, max: 5 }), perHour: fc.integer({ min: 1, max: 12 }) }),
        async (gaps, budget) => {
          const key = freshKey();
          const memory = memoryWriteWindow();
          let now = Date.parse("2026-12-01T09:00:00Z");
          for (const gap of gaps) {
            now += gap;
            expect(await store.take(key, now, budget)).toBe(await memory.take(key, now, budget));
          }
        },
      ),
      { numRuns: 30 },
    );
  });

  it("is one budget for all replicas: of 30 concurrent writes at one instant, 10 get a slot", async () => {
    const [a, b, c] = await Promise.all([replica(), replica(), replica()]);
    const key = freshKey();
    const now = Date.now();
    const budget = { perMinute: 10, perHour: 100 };
    const waits = await Promise.all(
      Array.from({ length: 30 }, (_, i) => [a, b, c][i % 3].writeWindow.take(key, now, budget)),
    );
    expect(waits.filter((w) => w === 0)).toHaveLength(10);
    expect(new Set(waits.filter((w) => w > 0))).toEqual(new Set([60_000]));
  });

  it("needs no re-initialisation after Redis restarts empty, and keeps each replica's budget while it is down", async () => {
    const coordination = await replica();
    const store = coordination.writeWindow;
    const key = freshKey();
    const budget = { perMinute: 1, perHour: 10 };
    const now = Date.now();
    expect(await store.take(key, now, budget)).toBe(0);
    expect(await store.take(key, now, budget)).toBe(60_000);
    await redis.stop();
    // Down: the replica's own window, so a fail-closed check can still be written.
    expect(await store.take(key, now, budget)).toBe(0);
    expect(await store.take(key, now, budget)).toBe(60_000);
    await redis.start();
    expect(await coordination.connected(10_000)).toBe(true);
    // Back and empty (its scripts forgotten too): the shared window starts over, in Redis.
    expect(await store.take(`${key}-after`, now, budget)).toBe(0);
    expect(await coordination.redis.zcard(`writes:${key}-after`)).toBe(1);
    expect(await store.take(`${key}-after`, now, budget)).toBe(60_000);
  });
});

describe("deliveries and locks", () => {
  it.each([
    ["memory", async () => memoryCoordination()],
    ["redis", () => replica()],
  ])("%s: a delivery is handled once; a failed one is released and runs again", async (_kind, make) => {
    const [a, b] = [await make(), await make()];
    const shared = _kind === "memory" ? a : b;
    const id = `d-${freshKey()}`;
    const first = await a.claim(id);
    expect(first).toBeDefined();
    await first?.release();
    const retry = await shared.claim(id);
    expect(retry).toBeDefined();
    await retry?.done();
    expect(await a.claim(id)).toBeUndefined();
    expect(await shared.claim(id)).toBeUndefined();
  });

  it("redis: a redelivery arriving while the first is in flight waits for its outcome", async () => {
    const [a, b] = [await replica(), await replica()];
    const id = `d-${freshKey()}`;
    const first = await a.claim(id);
    const second = b.claim(id);
    await first?.release();
    // The first failed: the redelivery is handled (not taken for a duplicate).
    const taken = await second;
    expect(taken).toBeDefined();
    await taken?.done();
  });

  it("redis: one PR's work runs one at a time across replicas, each with a larger fencing token", async () => {
    const replicas = await Promise.all([replica(), replica(), replica()]);
    const key = `acme/web#${freshKey()}`;
    let running = 0;
    let most = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        replicas[i % 3].serialize(key, async () => {
          most = Math.max(most, ++running);
          order.push(Number(await replicas[0].redis.get(`lock:${key}`)));
          await new Promise((r) => setTimeout(r, 5));
          running--;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(order).toEqual([...order].sort((x, y) => x - y));
    expect(new Set(order).size).toBe(12);
  });
});
