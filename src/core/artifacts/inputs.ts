import type { LoadedConfig } from "../config/load.js";
import type { ArtifactConfig } from "../config/schema.js";
import { UserError } from "../errors.js";
import {
  type ArtifactInputs,
  fingerprintInputs,
  type InputMatcher,
  inputMatcher,
  matchEntries,
} from "./fingerprint.js";
import { type InputIds, readWorkTree, type WorkTreeScan } from "./input-ids.js";
import type { GitCapabilities } from "./tree-listing.js";

/** An artifact of the config (with its index there, for messages) and its inputs in the work tree. */
export interface Fingerprinted<A extends ArtifactConfig = ArtifactConfig> {
  artifact: A;
  index: number;
  matcher: InputMatcher;
  inputs: ArtifactInputs;
}

/**
 * Each artifact's inputs fingerprint over the work tree checked out at `commit`. A glob matching
 * no file is a config error: the artifact could never be checked. `ignorePaths` are never inputs
 * (the state file). Also what git can do and the input ids, for naming changed inputs later.
 * `scan` is git's look at the work tree of `commit`, when the caller started it already.
 */
export async function fingerprintArtifacts<A extends ArtifactConfig>(
  loaded: LoadedConfig,
  repo: string,
  commit: string,
  artifacts: { artifact: A; index: number }[],
  ignorePaths: string[] = [],
  scan?: WorkTreeScan,
): Promise<{ git: GitCapabilities; ids: InputIds; fingerprinted: Fingerprinted<A>[] }> {
  const ignore = new Set(ignorePaths);
  const matched = artifacts.map((a) => ({ ...a, matcher: inputMatcher(a.artifact.inputs, ignore) }));
  const matchers = matched.map((a) => a.matcher);
  // The listing is matched while `git status` still runs; only files some matcher could use are hashed.
  const read = readWorkTree(repo, commit, (path) => matchers.some((m) => m.match(path) >= 0), scan);
  const tree = await read.tree;
  const entries = matchers.map((m) => matchEntries(tree, m));
  const ids = await read.ids;
  const git = await read.git;
  const fingerprinted = matched.map((a, k) => {
    const inputs = fingerprintInputs(ids, a.matcher, entries[k]);
    const unmatched = inputs.unmatched[0];
    if (unmatched !== undefined) {
      const keyPath = ["artifacts", a.index, "inputs", unmatched];
      throw new UserError(
        `glob "${a.artifact.inputs[unmatched]}" matches no file in the repository, so ${a.artifact.name} could never be checked; fix the pattern or remove it`,
        { file: loaded.file, line: loaded.lineOf(keyPath), path: `artifacts[${a.index}].inputs[${unmatched}]` },
      );
    }
    return { ...a, inputs };
  });
  return { git, ids, fingerprinted };
}
