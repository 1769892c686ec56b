import { keyedSerial } from "../core/keyed-serial.js";
import { createRoleLookup } from "../github/permissions.js";
import { reviewMemory } from "../github/protection-review.js";
import type { AppDeps } from "./deps.js";

/** Remembers the last `size` delivery ids that were handled to the end. */
export function deliveryMemory(size = 10_000): AppDeps["deliveries"] {
  const seen = new Set<string>();
  return {
    has: (id) => seen.has(id),
    add: (id) => {
      seen.add(id);
      if (seen.size > size) seen.delete(seen.values().next().value as string);
    },
  };
}

/** Work for one PR runs in arrival order, other PRs run in parallel. */
export const serializer = (): AppDeps["serialize"] => keyedSerial();

export function defaultDeps(overrides: Partial<AppDeps> = {}, env: NodeJS.ProcessEnv = process.env): AppDeps {
  return {
    key: env.WEBHOOK_SECRET || undefined,
    roleLookup: createRoleLookup(),
    deliveries: deliveryMemory(),
    serialize: serializer(),
    appId: env.APP_ID && /^\d+$/.test(env.APP_ID.trim()) ? Number(env.APP_ID) : undefined,
    reviews: reviewMemory(),
    ...overrides,
  };
}
