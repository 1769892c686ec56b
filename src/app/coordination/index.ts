import { type Coordination, memoryCoordination } from "./coordination.js";
import { REDIS_TIMINGS, type RedisTimings, redisCoordination } from "./redis.js";
import { redactedUrl } from "./redis-client.js";

/** How long start-up waits for Redis before it starts anyway (not ready, failing deliveries). */
const CONNECT_WAIT_MS = 5_000;

/** Redis when `REDIS_URL` is set (several replicas), else this process's memory (one process). */
export async function coordinationFor(
  env: NodeJS.ProcessEnv,
  log: { info(message: string): void; warn(message: string): void },
  timings: RedisTimings = REDIS_TIMINGS,
): Promise<Coordination> {
  const url = env.REDIS_URL?.trim();
  if (!url) return memoryCoordination();
  const redis = redisCoordination(url, (message) => log.warn(message), timings);
  if (await redis.connected(CONNECT_WAIT_MS)) log.info(`replicas coordinate through Redis at ${redactedUrl(url)}`);
  else
    log.warn(
      `Redis at ${redactedUrl(url)} did not answer at start: /readyz says 503 and deliveries fail until it does`,
    );
  return redis;
}

export type { Coordination } from "./coordination.js";
