import { effectiveRole } from "../core/checklist/permission.js";
import type { Api, RepoRef } from "./api.js";

export type RoleLookup = (api: Api, ref: RepoRef, login: string, scope?: string | number) => Promise<string>;

/**
 * A user's role from the collaborator permission endpoint, cached for `ttlMs` per installation,
 * repository and user, so a burst of ticks costs one lookup. A 404 (not a collaborator) is "none".
 */
export function createRoleLookup(ttlMs = 60_000, now: () => number = Date.now): RoleLookup {
  const cache = new Map<string, { role: string; until: number }>();
  return async (api, ref, login, scope = "") => {
    const key = `${scope}:${ref.owner}/${ref.repo}:${login.toLowerCase()}`;
    const hit = cache.get(key);
    if (hit && hit.until > now()) return hit.role;
    let role: string;
    try {
      const { data } = await api.request("GET /repos/{owner}/{repo}/collaborators/{username}/permission", {
        ...ref,
        username: login,
      });
      role = effectiveRole(data);
    } catch (error) {
      if ((error as { status?: number }).status !== 404) throw error;
      role = "none";
    }
    if (cache.size > 5000) cache.clear();
    cache.set(key, { role, until: now() + ttlMs });
    return role;
  };
}
