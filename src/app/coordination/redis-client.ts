import { Redis } from "ioredis";

/** How long one Redis command may take before the delivery it serves fails instead. */
export const REDIS_COMMAND_TIMEOUT_MS = 2_000;

/**
 * A client that fails fast rather than queues: while Redis is down every command fails at once
 * (no offline queue, no retry of a command), so a delivery answers 5xx well within GitHub's 10 s,
 * and the client keeps reconnecting by itself (at most a second apart) until Redis is back.
 */
export function redisClient(url: string, onError: (message: string) => void): Redis {
  const redis = new Redis(url, {
    keyPrefix: "deploy-gate:",
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    connectTimeout: REDIS_COMMAND_TIMEOUT_MS,
    retryStrategy: (attempt) => Math.min(attempt * 100, 1_000),
  });
  // Said once per outage, not once per reconnect attempt.
  let down = false;
  redis.on("error", (error: Error) => {
    if (down) return;
    down = true;
    onError(
      `Redis (${redactedUrl(url)}) is unreachable: ${error.message}; deliveries fail (GitHub records them as failed) until it is back`,
    );
  });
  redis.on("ready", () => {
    down = false;
  });
  return redis;
}

/** The URL as it may be logged: without its password. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "REDIS_URL";
  }
}

/** Waits until the client is connected, at most `ms`; false when it is not. */
export function connected(redis: Redis, ms: number): Promise<boolean> {
  if (redis.status === "ready") return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => done(false), ms);
    const onReady = () => done(true);
    function done(ok: boolean) {
      clearTimeout(timer);
      redis.off("ready", onReady);
      resolve(ok);
    }
    redis.once("ready", onReady);
  });
}
