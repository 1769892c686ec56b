import { isAscii, isUtf8 } from "node:buffer";
import { firstWhere } from "../binary-search.js";
import { GitError, gitBytes } from "../git.js";
import { decodeNames, nameBytes } from "../path-bytes.js";

/**
 * Every entry of a commit's tree and its git object id (a blob id for files; a commit id for
 * submodules). A repository has 100,000s of files and this is the hot path, so paths and ids stay
 * inside git's output and are cut out only when asked for: almost no long-lived strings, little
 * garbage. Paths are names as `decodeNames` spells them: the bytes of one that is not UTF-8 survive.
 */
export interface TreeListing {
  count: number;
  path: (index: number) => string;
  id: (index: number) => string;
  /** Some path is not UTF-8: its record must be hashed from its bytes, not its UTF-8. */
  escaped?: boolean;
  /**
   * git's listing as printed, `<id> SP <path> NUL` per entry, exactly the record the fingerprint
   * hashes: runs of inputs are hashed straight from these bytes. Only for an ASCII listing, whose
   * string offsets are byte offsets.
   */
  printed?: { bytes: Buffer; start: (index: number) => number; end: (index: number) => number };
}

/** What the installed git can do: learnt by a run's first listing, and passed to the listings after it. */
export interface GitCapabilities {
  /** `ls-tree --format` (git 2.36 and later): git prints the records itself. */
  lsTreeFormat: boolean;
}

const LS_TREE = ["ls-tree", "-r", "-z", "--full-tree"];
const RECORD_FORMAT = "--format=%(objectname) %(path)";

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
async function plainRecords(repo: string, commit: string, signal?: AbortSignal): Promise<Buffer> {
  const records = decodeNames(await gitBytes(repo, [...LS_TREE, commit], { signal }))
    .split("\0")
    .filter((entry) => entry !== "")
    .map((entry) => {
      const tab = entry.indexOf("\t");
      return `${entry.slice(entry.lastIndexOf(" ", tab) + 1, tab)} ${entry.slice(tab + 1)}\0`;
    });
  return nameBytes(records.join(""));
}

/** A listing of records and where each lies in it: as git printed them, else rewritten from the plain listing. */
async function listRecords(
  repo: string,
  commit: string,
  git: GitCapabilities,
  signal?: AbortSignal,
): Promise<{ bytes: Buffer; out: string; offsets: RecordOffsets }> {
  if (git.lsTreeFormat) {
    const printed = await gitBytes(repo, ["-c", "core.quotePath=false", ...LS_TREE, RECORD_FORMAT, commit], {
      signal,
    });
    const out = decodeNames(printed);
    const offsets = recordOffsets(out, true);
    if (offsets) return { bytes: printed, out, offsets };
  }
  const bytes = await plainRecords(repo, commit, signal);
  const out = decodeNames(bytes);
  return { bytes, out, offsets: recordOffsets(out, false) as RecordOffsets };
}

/**
 * The tree of `commit` (`git ls-tree -r`): object ids only, never file contents. git prints the
 * records the fingerprint hashes (`--format`); for an older git, or a tree with a name git
 * quotes, the plain listing is rewritten into them. `signal` ends git when the listing is no longer wanted.
 */
export async function listTree(
  repo: string,
  commit: string,
  git: GitCapabilities,
  signal?: AbortSignal,
): Promise<TreeListing> {
  const { bytes, out, offsets } = await listRecords(repo, commit, git, signal);
  const { count, starts, spaces, ends } = offsets;
  const ascii = isAscii(bytes);
  return {
    count,
    escaped: !ascii && !isUtf8(bytes),
    path: (i) => out.slice(spaces[i] + 1, ends[i]),
    id: (i) => out.slice(starts[i], spaces[i]),
    printed: ascii ? { bytes, start: (i) => starts[i], end: (i) => ends[i] + 1 } : undefined,
  };
}

/**
 * The first listing of a run, which finds out what git can do by trying it: a git older than 2.36
 * refuses `--format` and is listed plainly. No process of its own, so nothing waits on a probe.
 */
export async function listTreeProbing(
  repo: string,
  commit: string,
  signal?: AbortSignal,
): Promise<{ tree: TreeListing; git: GitCapabilities }> {
  try {
    return { tree: await listTree(repo, commit, { lsTreeFormat: true }, signal), git: { lsTreeFormat: true } };
  } catch (error) {
    if (!(error instanceof GitError && error.gitMessage.includes("unknown option"))) throw error;
    return { tree: await listTree(repo, commit, { lsTreeFormat: false }, signal), git: { lsTreeFormat: false } };
  }
}

/**
 * Where `paths` are in a listing. An ASCII listing is in JavaScript's string order, so a binary
 * search per path; otherwise one pass, which leans on no order at all.
 */
export function locate(tree: TreeListing, paths: Iterable<string>): Map<string, number> {
  const at = new Map<string, number>();
  if (tree.printed) {
    for (const path of paths) {
      const i = firstWhere(tree.count, (k) => tree.path(k) >= path);
      if (i < tree.count && tree.path(i) === path) at.set(path, i);
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
