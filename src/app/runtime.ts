import { createRoleLookup } from "../github/permissions.js";
import { reviewMemory } from "../github/protection-review.js";
import { memoryCoordination } from "./coordination/coordination.js";
import type { AppDeps } from "./deps.js";

/** One process's dependencies unless told otherwise: delivery ids and each PR's order in memory. */
export function defaultDeps(overrides: Partial<AppDeps> = {}, env: NodeJS.ProcessEnv = process.env): AppDeps {
  const coordination = overrides.coordination ?? memoryCoordination();
  return {
    key: env.WEBHOOK_SECRET || undefined,
    roleLookup: createRoleLookup(),
    coordination,
    serialize: coordination.serialize,
    appId: env.APP_ID && /^\d+$/.test(env.APP_ID.trim()) ? Number(env.APP_ID) : undefined,
    reviews: reviewMemory(),
    ...overrides,
  };
}
