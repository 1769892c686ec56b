import type { Permission } from "../config/schema.js";
import type { ChecklistState } from "./types.js";

const RANK: Record<string, number> = { none: 0, read: 1, triage: 2, write: 3, maintain: 4, admin: 5 };

/**
 * The collaborator permission endpoint's `role_name` (admin, maintain, write, triage, read, or a
 * custom role's name) wins over the legacy `permission` (admin, write, read, none) when it is one
 * we can rank; a custom role counts as its legacy base.
 */
export function effectiveRole(answer: { role_name?: string | null; permission?: string | null }): string {
  if (answer.role_name && answer.role_name in RANK) return answer.role_name;
  return answer.permission && answer.permission in RANK ? answer.permission : "none";
}

export const atLeast = (role: string, least: Permission): boolean => (RANK[role] ?? 0) >= RANK[least];

/** Why `login` may not tick, or undefined when they may. */
export function tickRefusal(state: ChecklistState, login: string, role: string): string | undefined {
  if (!state.tickers.allow_author && login.toLowerCase() === state.author.toLowerCase()) {
    return `@${login} wrote this pull request and the config forbids its author to tick (\`tickers.allow_author: false\`)`;
  }
  if (!atLeast(role, state.tickers.permission)) {
    return `@${login} has ${role} permission; ticking needs ${state.tickers.permission} or more`;
  }
  return undefined;
}
