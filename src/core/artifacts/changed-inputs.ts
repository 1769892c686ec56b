import { GitError, gitBytes } from "../git.js";
import { decodeNames, quoteName } from "../path-bytes.js";
import type { InputMatcher } from "./fingerprint.js";
import type { InputIds } from "./input-ids.js";
import { looksLikeCommit } from "./revision.js";

/** Paths whose id differs between two recorded input sets (added, removed or changed), sorted. */
export function changedPaths(before: Record<string, string>, after: Record<string, string>): string[] {
  const out = new Set<string>();
  for (const [path, id] of Object.entries(after)) if (before[path] !== id) out.add(path);
  for (const path of Object.keys(before)) if (!(path in after)) out.add(path);
  return [...out].sort();
}

/** Per path whose entry differs between two commits' trees: its id in each (undefined where absent). */
export type TreeChanges = Map<string, { before?: string; after?: string }>;

/** git's diff of two commits' trees; undefined when the clone lacks `from` (a shallow clone may). */
export async function committedChanges(
  repo: string,
  from: string,
  to: string,
  signal?: AbortSignal,
): Promise<TreeChanges | undefined> {
  if (!looksLikeCommit(from)) return undefined;
  let out: Buffer;
  try {
    out = await gitBytes(repo, ["diff-tree", "-r", "-z", "--no-renames", `${from}^{commit}`, to], { signal });
  } catch (error) {
    if (error instanceof GitError) return undefined;
    throw error;
  }
  // Raw -z output: ":<mode> <mode> <id> <id> <status>" NUL <path> NUL; no renames, so one path each.
  const fields = decodeNames(out).split("\0");
  const changes: TreeChanges = new Map();
  for (let n = 0; n + 1 < fields.length; n += 2) {
    const [, , before, after, status] = fields[n].split(" ");
    changes.set(fields[n + 1], {
      before: status === "A" ? undefined : before,
      after: status === "D" ? undefined : after,
    });
  }
  return changes;
}

/**
 * The inputs that differ between `since`'s tree and `now` (the listing of `commit` with the work
 * tree over it), as `changedPaths` would name them from both full input sets; undefined when the
 * clone lacks `since`. Only what git's diff of the two trees and the work tree's changes name is
 * looked at, never either whole tree. `diff` is that diff when already asked for (it is read,
 * never changed: artifacts with the same baseline share it).
 */
export async function changedSinceCommit(
  repo: string,
  since: string,
  commit: string,
  now: InputIds,
  matcher: InputMatcher,
  diff: Promise<TreeChanges | undefined> = committedChanges(repo, since, commit),
): Promise<string[] | undefined> {
  const found = await diff;
  if (!found) return undefined;
  const ids: TreeChanges = new Map(found);
  const { replaced, gone, added } = now.changes;
  for (const i of [...gone, ...replaced.keys()]) {
    const path = now.path(i);
    const known = ids.get(path);
    ids.set(path, { before: known ? known.before : now.id(i), after: replaced.get(i) });
  }
  // An addition is not in `commit`'s tree: it was in `since`'s only if the diff deleted it.
  for (const { path, id } of added) ids.set(path, { before: ids.get(path)?.before, after: id });
  return [...ids]
    .filter(([path, { before, after }]) => before !== after && matcher.match(path) >= 0)
    .map(([path]) => quoteName(path))
    .sort();
}
