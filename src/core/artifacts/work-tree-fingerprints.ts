import { type ArtifactInputs, fingerprintInputs, type InputMatcher, matchEntries } from "./fingerprint.js";
import { readWorkTree } from "./git-objects.js";

/**
 * Each matcher's inputs fingerprint over the work tree. HEAD's listing is matched while
 * `git status` still runs, and only files some matcher could use are hashed by content.
 */
export async function fingerprintWorkTree(repo: string, matchers: InputMatcher[]): Promise<ArtifactInputs[]> {
  const read = readWorkTree(repo, (path) => matchers.some((m) => m.match(path) >= 0));
  const tree = await read.tree;
  const entries = matchers.map((m) => matchEntries(tree, m));
  const ids = await read.ids;
  return matchers.map((m, k) => fingerprintInputs(ids, m, entries[k]));
}
