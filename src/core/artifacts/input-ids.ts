import { type GitCapabilities, listTree, listTreeProbing, type TreeListing } from "./tree-listing.js";
import { NO_CHANGES, type WorkTreeChanges, workTreeCandidates, workTreeChanges } from "./work-tree.js";

/**
 * Every input path and its git object id: a snapshot of one commit's tree, plus what the work
 * tree holds instead, kept apart so the cost of reading the work tree follows what it changed.
 * The listing's own `path` and `id` are the commit's; `changes` says which of them no longer hold.
 */
export interface InputIds extends TreeListing {
  changes: WorkTreeChanges;
}

/** A commit's tree as the inputs, with no work tree over it; without `git`, the listing finds out what git can do. */
export async function committedIds(repo: string, commit = "HEAD", git?: GitCapabilities): Promise<InputIds> {
  const tree = git ? await listTree(repo, commit, git) : (await listTreeProbing(repo, commit)).tree;
  return { ...tree, changes: NO_CHANGES };
}

/**
 * git's two looks at a checkout that need no config: `git status` (the paths that may differ from
 * HEAD) and the listing of `commit`, HEAD's. Status, the longest, starts first. `signal` ends
 * both (or keeps the listing from starting), for a run that turns out to need neither.
 */
export interface WorkTreeScan {
  candidates: Promise<string[]>;
  listed: Promise<{ tree: TreeListing; git: GitCapabilities }>;
}

export function scanWorkTree(repo: string, commit: string | Promise<string>, signal?: AbortSignal): WorkTreeScan {
  const candidates = workTreeCandidates(repo, signal);
  const listed = Promise.resolve(commit).then((c) => {
    signal?.throwIfAborted();
    return listTreeProbing(repo, c, signal);
  });
  // A run that fails before it reads the scan (a config error) never awaits it.
  for (const started of [candidates, listed]) started.catch(() => {});
  return { candidates, listed };
}

/**
 * The listing of `commit` (HEAD's, checked out) as soon as git prints it, and the ids of every
 * input as the work tree holds them once `git status` has run: modified and untracked files
 * hashed by content. The listing is matched while status still runs. `wanted` limits the hashing
 * to files some artifact could use. `git` is what the listing found git can do, for any listing
 * after this one. `scan` is that of `commit` when already started (runStage starts it early).
 */
export function readWorkTree(
  repo: string,
  commit: string,
  wanted: (path: string) => boolean = () => true,
  scan: WorkTreeScan = scanWorkTree(repo, commit),
): { git: Promise<GitCapabilities>; tree: Promise<TreeListing>; ids: Promise<InputIds> } {
  const { candidates, listed } = scan;
  const tree = listed.then((l) => l.tree);
  const git = listed.then((l) => l.git);
  const ids = Promise.all([tree, candidates]).then(async ([listing, paths]) => ({
    ...listing,
    changes: await workTreeChanges(repo, listing, paths.filter(wanted)),
  }));
  // A caller that awaits the listing first and sees it fail never awaits the others.
  for (const later of [git, ids]) later.catch(() => {});
  return { git, tree, ids };
}

export const workTreeIds = (repo: string, wanted?: (path: string) => boolean) => readWorkTree(repo, "HEAD", wanted).ids;
