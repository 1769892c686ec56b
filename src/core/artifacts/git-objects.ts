import { isAscii, isUtf8 } from "node:buffer";
import { createHash } from "node:crypto";
import { lstat, readlink, realpath } from "node:fs/promises";
import { UserError } from "../errors.js";
import { GitError, git, gitBytes } from "../git.js";
import { decodeNames, isTextName, nameBytes, quoteName, repoFsPath } from "../path-bytes.js";
import { specialKind } from "../repo-files.js";

/**
 * Every input path and its git object id (a blob id for files; a commit id for submodules). A
 * repository has 100,000s of files and this is the hot path, so paths and ids stay inside git's
 * output and are cut out only when asked for: almost no long-lived strings, little garbage.
 * Paths are names as `decodeNames` spells them: the bytes of one that is not UTF-8 survive.
 */
export interface InputIds {
  count: number;
  path: (index: number) => string;
  /** Some path is not UTF-8: its record must be hashed from its bytes, not its UTF-8. */
  escaped?: boolean;
  id: (index: number) => string;
  /** Entries the work tree deleted: not inputs any more. */
  gone?: ReadonlySet<number>;
  /** Entries from this index on are work-tree additions, not in git's sorted listing. */
  added?: number;
  /** Listing entries the work tree deleted or changed, ascending. */
  altered?: number[];
  /**
   * git's listing as printed, `<id> SP <path> NUL` per entry, exactly the record the fingerprint
   * hashes: runs of inputs are hashed straight from these bytes. `start` is -1 for an entry whose
   * record is not there as printed (the work tree changed it).
   */
  printed?: { bytes: Buffer; start: (index: number) => number; end: (index: number) => number };
}

const LS_TREE = ["ls-tree", "-r", "-z", "--full-tree"];
const RECORD_FORMAT = "--format=%(objectname) %(path)";
/** Set once git turns out older than 2.36, which has no `ls-tree --format`. */
let formatUnsupported = false;

interface RecordOffsets {
  count: number;
  starts: Uint32Array;
  spaces: Uint32Array;
  ends: Uint32Array;
}

/**
 * Where each record lies in a listing; undefined when a path came out quoted. Typed arrays: a
 * large tree's offsets are then three blocks the garbage collector never looks into.
 */
function recordOffsets(out: string, mayQuote: boolean): RecordOffsets | undefined {
  let size = 1024;
  let offsets = { count: 0, starts: new Uint32Array(size), spaces: new Uint32Array(size), ends: new Uint32Array(size) };
  // An id never holds a space. git quotes an odd name (a quote, a backslash, a control
  // character) even under -z in some versions; the record would not be the name.
  for (let pos = 0; pos < out.length; ) {
    const space = out.indexOf(" ", pos);
    if (mayQuote && out.charCodeAt(space + 1) === 34) return undefined;
    let end = out.indexOf("\0", space);
    if (end < 0) end = out.length;
    if (offsets.count === size) {
      size *= 2;
      const grow = (from: Uint32Array) => {
        const to = new Uint32Array(size);
        to.set(from);
        return to;
      };
      offsets = {
        count: offsets.count,
        starts: grow(offsets.starts),
        spaces: grow(offsets.spaces),
        ends: grow(offsets.ends),
      };
    }
    offsets.starts[offsets.count] = pos;
    offsets.spaces[offsets.count] = space;
    offsets.ends[offsets.count++] = end;
    pos = end + 1;
  }
  return offsets;
}

/** The plain listing, "<mode> SP <type> SP <id> TAB <path> NUL", rewritten into records. */
async function plainRecords(repo: string, commit: string): Promise<Buffer> {
  const records = decodeNames(await gitBytes(repo, [...LS_TREE, commit]))
    .split("\0")
    .filter((entry) => entry !== "")
    .map((entry) => {
      const tab = entry.indexOf("\t");
      return `${entry.slice(entry.lastIndexOf(" ", tab) + 1, tab)} ${entry.slice(tab + 1)}\0`;
    });
  return nameBytes(records.join(""));
}

/** `git ls-tree` printing the records itself; undefined for a git older than 2.36 (no `--format`). */
async function printedRecords(repo: string, commit: string): Promise<Buffer | undefined> {
  if (formatUnsupported) return undefined;
  try {
    return await gitBytes(repo, ["-c", "core.quotePath=false", ...LS_TREE, RECORD_FORMAT, commit]);
  } catch (error) {
    if (!(error instanceof GitError && error.gitMessage.includes("unknown option"))) throw error;
    formatUnsupported = true;
    return undefined;
  }
}

/** A listing of records and where each lies in it: as git printed them, else rewritten from the plain listing. */
async function listRecords(
  repo: string,
  commit: string,
): Promise<{ bytes: Buffer; out: string; offsets: RecordOffsets }> {
  const printed = await printedRecords(repo, commit);
  if (printed) {
    const out = decodeNames(printed);
    const offsets = recordOffsets(out, true);
    if (offsets) return { bytes: printed, out, offsets };
  }
  const bytes = await plainRecords(repo, commit);
  const out = decodeNames(bytes);
  return { bytes, out, offsets: recordOffsets(out, false) as RecordOffsets };
}

/**
 * The tree of `commit` (`git ls-tree -r`): object ids only, never file contents. git prints the
 * records the fingerprint hashes (`--format`, git 2.36 and later); for an older git, or a tree
 * with a name git quotes, the plain listing is rewritten into them.
 */
export async function committedIds(repo: string, commit = "HEAD"): Promise<InputIds> {
  const { bytes, out, offsets } = await listRecords(repo, commit);
  const { count, starts, spaces, ends } = offsets;
  const ascii = isAscii(bytes);
  return {
    count,
    escaped: !ascii && !isUtf8(bytes),
    path: (i) => out.slice(spaces[i] + 1, ends[i]),
    id: (i) => out.slice(starts[i], spaces[i]),
    // String offsets are byte offsets only when every byte is ASCII.
    printed: ascii ? { bytes, start: (i) => starts[i], end: (i) => ends[i] + 1 } : undefined,
  };
}

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
export async function workTreeCandidates(repo: string): Promise<string[]> {
  const bytes = await gitBytes(repo, [
    "--no-optional-locks",
    "status",
    "--porcelain=v1",
    "-z",
    "-uall",
    "--no-renames",
    "--ignore-submodules=dirty",
  ]);
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
 * HEAD's listing as soon as git prints it, and the ids of every input as the work tree holds
 * them once `git status` has run: modified and untracked files hashed by content. Work on the
 * listing can run while status still does. `wanted` limits the hashing to files some artifact
 * could use.
 */
export function readWorkTree(
  repo: string,
  wanted: (path: string) => boolean = () => true,
): { tree: Promise<InputIds>; ids: Promise<InputIds> } {
  const tree = committedIds(repo);
  const ids = Promise.all([tree, workTreeCandidates(repo)]).then(([listing, candidates]) =>
    withWorkTree(repo, listing, candidates.filter(wanted)),
  );
  // A caller that awaits the listing first and sees it fail never awaits `ids`.
  ids.catch(() => {});
  return { tree, ids };
}

export const workTreeIds = (repo: string, wanted?: (path: string) => boolean): Promise<InputIds> =>
  readWorkTree(repo, wanted).ids;

/**
 * Where `paths` are in git's listing. An ASCII listing is in JavaScript's string order, so a
 * binary search per path; otherwise one pass, which leans on no order at all.
 */
function locate(tree: InputIds, paths: string[]): Map<string, number> {
  const at = new Map<string, number>();
  if (tree.printed) {
    for (const path of paths) {
      let low = 0;
      let high = tree.count - 1;
      while (low <= high) {
        const mid = (low + high) >> 1;
        const here = tree.path(mid);
        if (here === path) {
          at.set(path, mid);
          break;
        }
        if (here < path) low = mid + 1;
        else high = mid - 1;
      }
    }
    return at;
  }
  const pending = new Set(paths);
  for (let i = 0; i < tree.count && at.size < pending.size; i++) {
    const path = tree.path(i);
    if (pending.has(path)) at.set(path, i);
  }
  return at;
}

/** HEAD's listing with what the work tree holds at `candidates` instead. */
async function withWorkTree(repo: string, tree: InputIds, candidates: string[]): Promise<InputIds> {
  const looked = await hashWorkTreeFiles(repo, candidates);
  if (looked.ids.size === 0 && looked.missing.length === 0 && looked.directories.length === 0) return tree;
  const at = locate(tree, [...looked.ids.keys(), ...looked.missing, ...looked.directories]);
  const gone = new Set<number>();
  const changed = new Map<number, string>();
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
    else if (checkouts[n]) changed.set(i, checkouts[n] as string);
  }
  const added: [string, string][] = [];
  for (const [path, id] of looked.ids) {
    const i = at.get(path);
    if (i === undefined) added.push([path, id]);
    else changed.set(i, id);
  }
  return {
    count: tree.count + added.length,
    escaped: tree.escaped || added.some(([path]) => !isTextName(path)),
    gone,
    added: tree.count,
    altered: [...gone, ...changed.keys()].sort((a, b) => a - b),
    path: (i) => (i < tree.count ? tree.path(i) : added[i - tree.count][0]),
    id: (i) => (i < tree.count ? (changed.get(i) ?? tree.id(i)) : added[i - tree.count][1]),
    printed: tree.printed && {
      bytes: tree.printed.bytes,
      start: (i) => (i < tree.count && !changed.has(i) ? (tree.printed?.start(i) ?? -1) : -1),
      end: tree.printed.end,
    },
  };
}
