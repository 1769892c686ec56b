import { createHash } from "node:crypto";
import { lstat, readlink } from "node:fs/promises";
import { join } from "node:path";
import { git } from "../git.js";

/**
 * Every input path and its git object id (a blob id for files; a commit id for submodules). A
 * repository has 100,000s of files and this is the hot path, so paths and ids stay inside git's
 * output and are cut out only when asked for: almost no long-lived strings, little garbage.
 */
export interface InputIds {
  count: number;
  path: (index: number) => string;
  id: (index: number) => string;
  /** Entries the work tree deleted: not inputs any more. */
  gone?: ReadonlySet<number>;
  /** Entries from this index on are work-tree additions, not in git's sorted listing. */
  added?: number;
}

/** Reads `git ls-tree -r -z --full-tree <commit>`: object ids only, never file contents. */
export async function committedIds(repo: string, commit = "HEAD"): Promise<InputIds> {
  const out = await git(repo, ["ls-tree", "-r", "-z", "--full-tree", commit]);
  const tabs: number[] = [];
  const ends: number[] = [];
  // "<mode> SP <type> SP <oid> TAB <path> NUL": only the offsets are kept.
  let pos = 0;
  for (;;) {
    const tab = out.indexOf("\t", pos);
    if (tab < 0) break;
    let end = out.indexOf("\0", tab);
    if (end < 0) end = out.length;
    tabs.push(tab);
    ends.push(end);
    pos = end + 1;
  }
  return {
    count: tabs.length,
    path: (i) => out.slice(tabs[i] + 1, ends[i]),
    id: (i) => out.slice(out.lastIndexOf(" ", tabs[i]) + 1, tabs[i]),
  };
}

export interface WorkTreeChanges {
  /** Modified, added or untracked files (not gitignored): hashed by content. */
  changed: string[];
  /** Deleted from the work tree: no longer inputs. */
  deleted: string[];
}

/** `git status --porcelain=v1 -z -uall`: what differs from HEAD in the work tree. */
export async function workTreeChanges(repo: string): Promise<WorkTreeChanges> {
  // No optional locks: a checker must not rewrite the index under a build running beside it.
  const out = await git(repo, ["--no-optional-locks", "status", "--porcelain=v1", "-z", "-uall", "--no-renames"]);
  const changed: string[] = [];
  const deleted: string[] = [];
  const fields = out.split("\0");
  for (const field of fields) {
    if (field.length < 4) continue;
    const x = field[0];
    const y = field[1];
    const path = field.slice(3);
    if (y === "D" || (x === "D" && y === " ")) deleted.push(path);
    else changed.push(path);
  }
  return { changed, deleted };
}

const blobId = (content: Buffer) => createHash("sha1").update(`blob ${content.length}\0`).update(content).digest("hex");

/**
 * Hashes work-tree files the way git hashes blobs: regular files through `git hash-object` (one
 * process, with git's filters), symlinks by their target as git stores them. A directory (a
 * submodule) keeps its recorded commit id, and a file gone since status ran is left out.
 */
export async function hashWorkTreeFiles(repo: string, paths: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const files: string[] = [];
  await Promise.all(
    paths.map(async (path) => {
      const full = join(repo, path);
      const info = await lstat(full).catch(() => undefined);
      if (!info || info.isDirectory()) return;
      if (info.isSymbolicLink()) out.set(path, blobId(Buffer.from(await readlink(full))));
      else files.push(path);
    }),
  );
  if (files.length === 0) return out;
  const ids = (await git(repo, ["hash-object", "--stdin-paths"], { input: `${files.join("\n")}\n` }))
    .trim()
    .split("\n");
  for (const [i, path] of files.entries()) out.set(path, ids[i]);
  return out;
}

/** The index of `path` in git's listing: a binary search (git's order is ours for ordinary names), else a scan. */
function findPath(tree: InputIds, path: string): number {
  let low = 0;
  let high = tree.count - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const here = tree.path(mid);
    if (here === path) return mid;
    if (here < path) low = mid + 1;
    else high = mid - 1;
  }
  for (let i = 0; i < tree.count; i++) if (tree.path(i) === path) return i;
  return -1;
}

/**
 * The ids of every input as the work tree holds them: HEAD's tree, with modified and untracked
 * files hashed by content. `wanted` limits the hashing to files some artifact could use.
 */
export async function workTreeIds(repo: string, wanted: (path: string) => boolean = () => true): Promise<InputIds> {
  const [tree, changes] = await Promise.all([committedIds(repo), workTreeChanges(repo)]);
  const deleted = new Set(changes.deleted);
  const hashed = await hashWorkTreeFiles(repo, changes.changed.filter(wanted));
  if (deleted.size === 0 && hashed.size === 0) return tree;
  const gone = new Set<number>();
  const changed = new Map<number, string>();
  for (const path of deleted) {
    const i = findPath(tree, path);
    if (i >= 0) gone.add(i);
  }
  for (const [path, id] of hashed) {
    const i = findPath(tree, path);
    if (i < 0) continue;
    changed.set(i, id);
    hashed.delete(path);
  }
  // What is left was not in HEAD: untracked or newly added files.
  const added = [...hashed];
  return {
    count: tree.count + added.length,
    gone,
    added: tree.count,
    path: (i) => (i < tree.count ? tree.path(i) : added[i - tree.count][0]),
    id: (i) => (i < tree.count ? (changed.get(i) ?? tree.id(i)) : added[i - tree.count][1]),
  };
}
