import type { Codeowners, IsTeamMember } from "../codeowners.js";
import type { ChecklistConfig } from "../config/schema.js";
import { anyGlob } from "../glob-match.js";
import type { StateItem } from "./types.js";

/**
 * With `tickers.codeowners`, the owners of each item with `paths`, as CODEOWNERS on the base
 * branch gives them (last matching rule wins): every owner of the changed files the item's paths
 * match. An item with a matched file no rule owns is left out: its ticks fall back to
 * `tickers.permission`, as for a repository without CODEOWNERS.
 */
export function itemOwners(
  checklist: ChecklistConfig,
  files: readonly string[],
  codeowners: Codeowners | undefined,
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!checklist.tickers.codeowners || !codeowners) return out;
  for (const item of checklist.items) {
    if (!item.paths) continue;
    const isMatch = anyGlob(item.paths);
    const matched = files.filter((f) => isMatch(f));
    if (matched.length === 0) continue;
    const owners = new Map<string, string>();
    let unowned = false;
    for (const file of matched) {
      const of = codeowners.ownersOf(file);
      if (of.length === 0) unowned = true;
      for (const o of of) owners.set(o.text.toLowerCase(), o.text);
    }
    if (!unowned) out.set(item.id, [...owners.values()]);
  }
  return out;
}

/**
 * Why `login` may not tick or waive `item` as a code owner, or undefined when they may (or the item
 * has no owners to ask). A user owner counts by login; a team owner through GitHub's team
 * membership; an e-mail owner never, since no API says whose address it is.
 */
export async function ownerRefusal(
  item: Pick<StateItem, "text" | "owners">,
  login: string,
  isTeamMember: IsTeamMember,
): Promise<string | undefined> {
  if (!item.owners) return undefined;
  const who = login.toLowerCase();
  for (const owner of item.owners) {
    if (!owner.startsWith("@")) continue;
    const [org, team] = owner.slice(1).split("/");
    if (team === undefined ? org.toLowerCase() === who : await isTeamMember(org, team, login)) return undefined;
  }
  return `@${login} owns none of the changed files "${item.text}" covers; ${item.owners.length ? `they are owned by ${item.owners.join(", ")}` : "no one can tick it"} (CODEOWNERS on the base branch, \`tickers.codeowners\`)`;
}
