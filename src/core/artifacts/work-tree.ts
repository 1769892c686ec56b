import { createHash } from "node:crypto";
import { lstat, readlink, realpath } from "node:fs/promises";
import { UserError } from "../errors.js";
import { git, gitBytes } from "../git.js";
import { decodeNames, isTextName, quoteName, repoFsPath } from "../path-bytes.js";
import { specialKind } from "../repo-files.js";
import { locate, type TreeListing } from "./tree-listing.js";

/** Which of `paths` HEAD records as submodules (mode 160000). */
async function submodulesAt(repo: string, paths: string[]): Promise<Set<string>> {
  if (paths.length === 0) return new Set();
  // A name that is not UTF-8 cannot be an argument: then the whole tree is listed.
  const all = !paths.every(isTextName);
  const out = decodeNames(
    await gitBytes(repo, [
      "--literal-pathspecs",
      "ls-tree",
      "-z",
      "--full-tree",
      ...(all ? ["-r", "HEAD"] : ["HEAD", "--", ...paths]),
    ]),
  );
  return new Set(
    out
      .split("\0")
      .filter((entry) => entry.startsWith("160000 "))
      .map((entry) => entry.slice(entry.indexOf("\t") + 1)),
  );
}

/** The commit a submodule's checkout is at, as `git add` would record it; undefined when not checked out. */
async function checkedOutCommit(repo: string, path: string): Promise<string | undefined> {
  if (!isTextName(path)) {
    throw new UserError(
      `the submodule ${quoteName(path)} has a name that is not UTF-8, so its checkout cannot be read; rename it`,
    );
  }
  const dir = await realpath(repoFsPath(repo, path));
  const [top, commit] = (await git(dir, ["rev-parse", "--show-toplevel", "HEAD"]).catch(() => "")).trim().split("\n");
  // A directory that is no repository of its own answers for the superproject around it.
  return commit && top === dir ? commit : undefined;
}

/**
 * Every path whose work-tree state may differ from HEAD: staged, modified, deleted or untracked
 * (gitignored files are never inputs). What each path now holds is then decided by looking at it,
 * not by status letters. No optional locks: a checker must not rewrite the index under a build
 * running beside it; submodules are not searched for dirty files, only for their checkout.
 */
export async function workTreeCandidates(repo: string, signal?: AbortSignal): Promise<string[]> {
  const bytes = await gitBytes(
    repo,
    ["--no-optional-locks", "status", "--porcelain=v1", "-z", "-uall", "--no-renames", "--ignore-submodules=dirty"],
    { signal },
  );
  const out = decodeNames(bytes);
  // "XY <path>" per entry; with --no-renames no entry carries a second path. A path staged as
  // deleted and back in the work tree is listed twice.
  return [
    ...new Set(
      out
        .split("\0")
        .filter((entry) => entry.length > 3)
        .map((entry) => entry.slice(3)),
    ),
  ];
}

/** What the work tree holds at some paths. */
export interface WorkTreeFiles {
  /** path -> blob id of each regular file and symlink, as git would store it. */
  ids: Map<string, string>;
  /** Paths with nothing there any more. */
  missing: string[];
  /** Paths that are directories (a submodule's checkout, a nested repository, a file turned directory). */
  directories: string[];
}

const blobId = (content: Buffer) => createHash("sha1").update(`blob ${content.length}\0`).update(content).digest("hex");

/** Regular files go through `git hash-object` (one process, with git's filters); symlinks hash their target's bytes. */
export async function hashWorkTreeFiles(repo: string, paths: string[]): Promise<WorkTreeFiles> {
  const state: WorkTreeFiles = { ids: new Map(), missing: [], directories: [] };
  const files: string[] = [];
  await Promise.all(
    paths.map(async (path) => {
      const full = repoFsPath(repo, path);
      const info = await lstat(full).catch(() => undefined);
      if (!info) state.missing.push(path);
      else if (info.isDirectory()) state.directories.push(path);
      else if (info.isSymbolicLink()) state.ids.set(path, blobId(await readlink(full, "buffer")));
      else if (info.isFile()) files.push(path);
      else {
        // git can store no such file, and hashing one would block on a FIFO forever.
        throw new UserError(
          `the input ${quoteName(path)} is ${specialKind(info)}, which git cannot store; remove it or make it a file`,
        );
      }
    }),
  );
  if (files.length === 0) return state;
  // --stdin-paths reads one path a line and unquotes a C-quoted one: names holding a newline,
  // a quote or bytes that are not UTF-8 go as git would quote them.
  const input = Buffer.from(`${files.map(quoteName).join("\n")}\n`);
  const ids = (await git(repo, ["hash-object", "--stdin-paths"], { input })).split("\n");
  for (const [i, path] of files.entries()) state.ids.set(path, ids[i]);
  return state;
}

/**
 * Where the work tree departs from a listing of HEAD: what git would store if `git add -A` ran now,
 * for the paths that may differ. Entries are named by their index in the listing; additions,
 * which the listing lacks, by path.
 */
export interface WorkTreeChanges {
  /** Listing entries the work tree holds other content at: index -> the id it holds now. */
  replaced: ReadonlyMap<number, string>;
  /** Listing entries the work tree deleted (or replaced by a directory): not inputs any more. */
  gone: ReadonlySet<number>;
  /** Files the listing lacks, sorted by path. */
  added: readonly { path: string; id: string }[];
}

export const NO_CHANGES: WorkTreeChanges = { replaced: new Map(), gone: new Set(), added: [] };

/** What the work tree holds at `candidates`, against HEAD's listing `tree`. */
export async function workTreeChanges(repo: string, tree: TreeListing, candidates: string[]): Promise<WorkTreeChanges> {
  const looked = await hashWorkTreeFiles(repo, candidates);
  if (looked.ids.size === 0 && looked.missing.length === 0 && looked.directories.length === 0) return NO_CHANGES;
  const at = locate(tree, [...looked.ids.keys(), ...looked.missing, ...looked.directories]);
  const gone = new Set<number>();
  const replaced = new Map<number, string>();
  for (const path of looked.missing) {
    const i = at.get(path);
    if (i !== undefined) gone.add(i);
  }
  // A submodule is at the commit its checkout is at (HEAD's when not checked out); any other
  // directory replaced a file.
  const inTree = looked.directories.filter((path) => at.has(path));
  const submodules = await submodulesAt(repo, inTree);
  const checkouts = await Promise.all(
    inTree.map((path) => (submodules.has(path) ? checkedOutCommit(repo, path) : undefined)),
  );
  for (const [n, path] of inTree.entries()) {
    const i = at.get(path) as number;
    if (!submodules.has(path)) gone.add(i);
    else if (checkouts[n]) replaced.set(i, checkouts[n] as string);
  }
  const added: { path: string; id: string }[] = [];
  for (const [path, id] of looked.ids) {
    const i = at.get(path);
    if (i === undefined) added.push({ path, id });
    else replaced.set(i, id);
  }
  added.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { replaced, gone, added };
}
