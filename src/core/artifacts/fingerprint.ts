import { createHash } from "node:crypto";
import picomatch from "picomatch";
import { git } from "../git.js";

/** path -> git object id (a blob id for files; a commit id for submodules). */
export type InputIds = Map<string, string>;

/** Reads `git ls-tree -r -z --full-tree <commit>`: object ids only, never file contents. */
export async function committedIds(repo: string, commit = "HEAD"): Promise<InputIds> {
  const out = await git(repo, ["ls-tree", "-r", "-z", "--full-tree", commit]);
  const ids: InputIds = new Map();
  let start = 0;
  for (;;) {
    const end = out.indexOf("\0", start);
    if (end < 0) break;
    // "<mode> SP <type> SP <oid> TAB <path>"
    const tab = out.indexOf("\t", start);
    const oidStart = out.lastIndexOf(" ", tab) + 1;
    ids.set(out.slice(tab + 1, end), out.slice(oidStart, tab));
    start = end + 1;
  }
  return ids;
}

export interface WorkTreeChanges {
  /** Modified, added or untracked files (not gitignored): hashed by content. */
  changed: string[];
  /** Deleted from the work tree: no longer inputs. */
  deleted: string[];
}

/** `git status --porcelain=v1 -z -uall`: what differs from HEAD in the work tree. */
export async function workTreeChanges(repo: string): Promise<WorkTreeChanges> {
  const out = await git(repo, ["status", "--porcelain=v1", "-z", "-uall", "--no-renames"]);
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

/** Hashes work-tree files the way git hashes blobs (with its filters), in one git process. */
export async function hashWorkTreeFiles(repo: string, paths: string[]): Promise<Map<string, string>> {
  if (paths.length === 0) return new Map();
  const out = await git(repo, ["hash-object", "--stdin-paths"], { input: `${paths.join("\n")}\n` });
  const ids = out.trim().split("\n");
  return new Map(paths.map((p, i) => [p, ids[i]]));
}

/** A compiled `inputs` list: which of its globs matched, so a glob matching nothing can be named. */
export interface InputMatcher {
  globs: string[];
  match: (path: string) => number;
}

export function inputMatcher(globs: string[]): InputMatcher {
  const tests = globs.map((g) => picomatch(g, { dot: true }));
  return {
    globs,
    match: (path) => {
      for (let i = 0; i < tests.length; i++) if (tests[i](path)) return i;
      return -1;
    },
  };
}

export interface ArtifactInputs {
  /** sha256 over the sorted (path, object id) pairs. */
  fingerprint: string;
  files: Record<string, string>;
  /** Index of each glob that matched no file. */
  unmatched: number[];
}

/** The per-artifact fingerprint from the ids of every file its globs match. */
export function fingerprintInputs(ids: InputIds, matcher: InputMatcher): ArtifactInputs {
  const matched = new Array<boolean>(matcher.globs.length).fill(false);
  const picked: [string, string][] = [];
  for (const [path, id] of ids) {
    const which = matcher.match(path);
    if (which < 0) continue;
    matched[which] = true;
    picked.push([path, id]);
  }
  // A glob matching only files another glob already took still counts as matching something.
  for (let g = 0; g < matcher.globs.length; g++) {
    if (matched[g]) continue;
    const single = picomatch(matcher.globs[g], { dot: true });
    for (const [path] of picked) {
      if (single(path)) {
        matched[g] = true;
        break;
      }
    }
  }
  picked.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const hash = createHash("sha256");
  for (const [path, id] of picked) hash.update(`${path}\0${id}\n`);
  return {
    fingerprint: `sha256:${hash.digest("hex")}`,
    files: Object.fromEntries(picked),
    unmatched: matched.flatMap((m, i) => (m ? [] : [i])),
  };
}

/**
 * The ids of every input as the work tree holds them: HEAD's tree, with modified and untracked
 * files hashed by content. `wanted` limits the hashing to files some artifact could use.
 */
export async function workTreeIds(repo: string, wanted: (path: string) => boolean = () => true): Promise<InputIds> {
  const [ids, changes] = await Promise.all([committedIds(repo), workTreeChanges(repo)]);
  for (const path of changes.deleted) ids.delete(path);
  const hashed = await hashWorkTreeFiles(repo, changes.changed.filter(wanted));
  for (const [path, id] of hashed) ids.set(path, id);
  return ids;
}

/** Paths whose id differs between two recorded input sets (added, removed or changed), sorted. */
export function changedPaths(before: Record<string, string>, after: Record<string, string>): string[] {
  const out = new Set<string>();
  for (const [path, id] of Object.entries(after)) if (before[path] !== id) out.add(path);
  for (const path of Object.keys(before)) if (!(path in after)) out.add(path);
  return [...out].sort();
}
