import { git } from "../git.js";
import { fingerprintInputs, type InputMatcher } from "./fingerprint.js";
import { committedIds } from "./input-ids.js";
import type { DeployRecord } from "./records.js";
import type { GitCapabilities } from "./tree-listing.js";

/** A commit id, full or abbreviated, as a record or an image label carries one; never an option or a ref name. */
export const looksLikeCommit = (revision: string): boolean => /^[0-9a-fA-F]{4,64}$/.test(revision);

/** A commit's full id if the clone has it (a shallow clone may not). */
export async function resolveCommit(repo: string, revision: string): Promise<string | undefined> {
  if (!looksLikeCommit(revision)) return undefined;
  try {
    return (await git(repo, ["rev-parse", "--verify", "--quiet", `${revision}^{commit}`])).trim() || undefined;
  } catch {
    return undefined;
  }
}

export const sameCommit = (a: string, b: string): boolean =>
  a.length >= 7 && b.length >= 7 && (a.startsWith(b) || b.startsWith(a));

/**
 * The inputs fingerprint of one artifact at another commit: from git's tree when the clone has the
 * commit, else from a recorded deploy of it; undefined when neither can tell.
 */
export async function fingerprintAt(
  repo: string,
  git: GitCapabilities,
  revision: string,
  name: string,
  matcher: InputMatcher,
  history: DeployRecord[],
): Promise<{ fingerprint: string; files?: Record<string, string> } | undefined> {
  const full = await resolveCommit(repo, revision);
  if (full) {
    const inputs = fingerprintInputs(await committedIds(repo, full, git), matcher);
    return { fingerprint: inputs.fingerprint, files: inputs.files() };
  }
  const recorded = history.find((r) => sameCommit(r.commit, revision) && r.artifacts[name]);
  return recorded && { fingerprint: recorded.artifacts[name].fingerprint, files: recorded.artifacts[name].files };
}
