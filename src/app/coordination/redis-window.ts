import type { Redis } from "ioredis";
import type { WriteWindowStore } from "../../github/write-limiter.js";

/**
 * The sliding window of `memoryWriteWindow`, one sorted set of write times per installation, read
 * and taken in one script so two replicas never both take the last slot. Every call carries the
 * budget and creates what it needs, so a Redis that restarted empty (or forgot its scripts, which
 * ioredis reloads on NOSCRIPT) is simply an empty window: nothing to re-initialise, unlike
 * Bottleneck's Redis store, whose re-initialisation looks for an error text Redis 7 prefixes with
 * `ERR `.
 */
const TAKE = `
local now, perMinute, perHour = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - 3600000)
local total = redis.call('ZCARD', KEYS[1])
local minute = redis.call('ZCOUNT', KEYS[1], '(' .. (now - 60000), '+inf')
if minute < perMinute and total < perHour then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], 3600000)
  return 0
end
local wait = 1
if minute >= perMinute then
  local t = redis.call('ZRANGE', KEYS[1], total - perMinute, total - perMinute, 'WITHSCORES')
  wait = math.max(wait, tonumber(t[2]) + 60000 - now)
end
if total >= perHour then
  local t = redis.call('ZRANGE', KEYS[1], total - perHour, total - perHour, 'WITHSCORES')
  wait = math.max(wait, tonumber(t[2]) + 3600000 - now)
end
return wait
`;

type WithTake = Redis & { dgTakeWrite(key: string, ...args: (string | number)[]): Promise<number> };

/**
 * The shared window, and `fallback` while Redis cannot be reached: a write that only fails a check
 * closed must still go out during an outage, and each replica then keeps to the budget alone.
 */
export function redisWriteWindow(redis: Redis, fallback: WriteWindowStore): WriteWindowStore {
  const client = redis as WithTake;
  if (!client.dgTakeWrite) client.defineCommand("dgTakeWrite", { numberOfKeys: 1, lua: TAKE });
  let sequence = 0;
  const member = () => `${process.pid}:${Date.now()}:${++sequence}:${Math.random().toString(36).slice(2)}`;
  return {
    async take(key, now, budget) {
      try {
        return Number(await client.dgTakeWrite(`writes:${key}`, now, budget.perMinute, budget.perHour, member()));
      } catch {
        return fallback.take(key, now, budget);
      }
    },
  };
}
