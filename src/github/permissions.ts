import { effectiveRole } from "../core/checklist/permission.js";
import type { Api, RepoRef } from "./api.js";

export type RoleLookup = (api: Api, ref: RepoRef, login: string, scope?: string | number) => Promise<string>;

/**
 * A user's role from the collaborator permission endpoint, cached for `ttlMs` per installation,
 * repository and user, so a burst of ticks costs one lookup: the question is cached, not only its
 * answer, so the revisions and commands of one event asking at once share one request. A 404 (not
 * a collaborator) is "none"; a failed lookup is not remembered (the event fails closed, a later
 * one asks again).
 */
export function createRoleLookup(ttlMs = 60_000, now: () => number = Date.now): RoleLookup {
  const cache = new Map<string, { role: Promise<string>; until: number }>();
  return (api, ref, login, scope = "") => {
    const key = `${scope}:${ref.owner}/${ref.repo}:${login.toLowerCase()}`;
    const hit = cache.get(key);
    if (hit && hit.until > now()) return hit.role;
    const entry = { role: roleOf(api, ref, login), until: now() + ttlMs };
    if (cache.size > 5000) cache.clear();
    cache.set(key, entry);
    entry.role.catch(() => {
      if (cache.get(key) === entry) cache.delete(key);
    });
    return entry.role;
  };
}

async function roleOf(api: Api, ref: RepoRef, login: string): Promise<string> {
  try {
    const { data } = await api.request("GET /repos/{owner}/{repo}/collaborators/{username}/permission", {
      ...ref,
      username: login,
    });
    return effectiveRole(data);
  } catch (error) {
    if ((error as { status?: number }).status !== 404) throw error;
    return "none";
  }
}
