import type { ChecklistConfig } from "../config/schema.js";
import type { Result } from "../report/types.js";
import type { ChecklistPort } from "./port.js";
import type { ChecklistVerdict } from "./types.js";

/** GitHub lists at most this many commits of a PR: a longer one cannot be shown to be a bot's alone. */
export const MAX_LISTED_COMMITS = 250;

/**
 * The listed authors every commit of the PR is by, or undefined when one is not (a human's commit
 * brings the checklist back). A commit counts only as GitHub records it: linked to a listed
 * account and with a signature GitHub verified, since anyone can write a bot's e-mail address
 * into a commit. Costs one request, and only with `skip_authors` set.
 */
export async function skippedFor(checklist: ChecklistConfig, port: ChecklistPort): Promise<string[] | undefined> {
  if (!checklist.skip_authors) return undefined;
  const listed = new Map(checklist.skip_authors.map((a) => [a.toLowerCase(), a]));
  const commits = await port.prCommits();
  if (commits.length === 0 || commits.length >= MAX_LISTED_COMMITS) return undefined;
  const authors = new Set<string>();
  for (const commit of commits) {
    const name = commit.author ? listed.get(commit.author.toLowerCase()) : undefined;
    if (!name || !commit.verified) return undefined;
    authors.add(name);
  }
  return [...authors];
}

const who = (authors: readonly string[]) => authors.join(", ");

export const skippedVerdict = (authors: readonly string[]): ChecklistVerdict => ({
  conclusion: "success",
  title: `not required for ${who(authors)}`,
  summary: `Every commit of this pull request is by ${who(authors)} (\`checklist.skip_authors\`), signed as GitHub verifies it, so no checklist is required. A commit by anyone else brings it back.`,
});

export const skippedResults = (authors: readonly string[]): Result[] => [
  {
    id: "checklist",
    status: "pass",
    verdict: "not-required",
    message: `every commit is by ${who(authors)} (checklist.skip_authors), so no checklist is required`,
  },
];
