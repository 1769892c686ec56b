import { type ArtifactInputs, fingerprintInputs, type InputMatcher, matchEntries } from "./fingerprint.js";
import { type InputIds, readWorkTree, type WorkTreeScan } from "./input-ids.js";
import type { GitCapabilities } from "./tree-listing.js";

/**
 * Each matcher's inputs fingerprint over the work tree checked out at `commit`. Its listing is
 * matched while `git status` still runs, and only files some matcher could use are hashed by
 * content. `git` is what the installed git can do, for the listings of other commits. `scan` is
 * git's look at that work tree when already started.
 */
export async function fingerprintWorkTree(
  repo: string,
  commit: string,
  matchers: InputMatcher[],
  scan?: WorkTreeScan,
): Promise<{ git: GitCapabilities; ids: InputIds; inputs: ArtifactInputs[] }> {
  const read = readWorkTree(repo, commit, (path) => matchers.some((m) => m.match(path) >= 0), scan);
  const tree = await read.tree;
  const entries = matchers.map((m) => matchEntries(tree, m));
  const ids = await read.ids;
  return { git: await read.git, ids, inputs: matchers.map((m, k) => fingerprintInputs(ids, m, entries[k])) };
}
