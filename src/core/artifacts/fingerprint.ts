import { createHash } from "node:crypto";
import picomatch from "picomatch";
import type { InputIds } from "./git-objects.js";

/** A compiled `inputs` list: which of its globs matched, so a glob matching nothing can be named. */
export interface InputMatcher {
  globs: string[];
  match: (path: string) => number;
}

/** One glob as a test; the common shapes (`dir/**`, a plain path) skip the regular expression. */
function globTest(glob: string): (path: string) => boolean {
  const scan = picomatch.scan(glob);
  if (!glob.includes("\\") && !glob.startsWith("./")) {
    if (!scan.isGlob) return (path) => path === glob;
    if (glob === `${scan.base}/**` && !picomatch.scan(scan.base).isGlob) {
      // As picomatch: `dir/**` matches dir itself and everything below it, dot files included.
      const prefix = `${scan.base}/`;
      return (path) => path.startsWith(prefix) || path === scan.base;
    }
  }
  return picomatch(glob, { dot: true });
}

/** `ignore`: paths that are never inputs (the state file deploy-gate itself writes in the repository). */
export function inputMatcher(globs: string[], ignore: ReadonlySet<string> = new Set()): InputMatcher {
  const tests = globs.map(globTest);
  return {
    globs,
    match: (path) => {
      if (ignore.size && ignore.has(path)) return -1;
      for (let i = 0; i < tests.length; i++) if (tests[i](path)) return i;
      return -1;
    },
  };
}

export interface ArtifactInputs {
  /** sha256 over the sorted (path, object id) pairs. */
  fingerprint: string;
  /** How many input files matched. */
  count: number;
  /** path -> object id of every matched input (built on first use: most runs never need it). */
  files: () => Record<string, string>;
  /** Index of each glob that matched no file. */
  unmatched: number[];
}

/** The per-artifact fingerprint from the ids of every file its globs match. */
export function fingerprintInputs(input: InputIds, matcher: InputMatcher): ArtifactInputs {
  const matched = new Array<boolean>(matcher.globs.length).fill(false);
  const { count, path, id, gone } = input;
  const listed = input.added ?? count;
  let picked: number[] = [];
  // Work-tree additions are few: sorted apart, then merged into git's listing as it streams by.
  const extras: { i: number; p: string }[] = [];
  for (let i = listed; i < count; i++) {
    const p = path(i);
    const which = matcher.match(p);
    if (which < 0) continue;
    matched[which] = true;
    extras.push({ i, p });
  }
  extras.sort((a, b) => (a.p < b.p ? -1 : a.p > b.p ? 1 : 0));
  // "path\0id\n" lines sorted by path, hashed in chunks of about 1 MB while matching. git's order
  // is ours for ordinary names; if it is not ("a-b" before "a/" can differ), sort everything.
  let hash = createHash("sha256");
  let chunk = "";
  let previous = "";
  let sorted = true;
  let e = 0;
  const add = (i: number, p: string) => {
    picked.push(i);
    if (!sorted) return;
    chunk += `${p}\0${id(i)}\n`;
    if (chunk.length > 1 << 20) {
      hash.update(chunk);
      chunk = "";
    }
  };
  for (let i = 0; i < listed; i++) {
    if (gone?.has(i)) continue;
    const p = path(i);
    const which = matcher.match(p);
    if (which < 0) continue;
    matched[which] = true;
    if (previous > p) sorted = false;
    previous = p;
    while (e < extras.length && extras[e].p < p) add(extras[e].i, extras[e++].p);
    add(i, p);
  }
  while (e < extras.length) add(extras[e].i, extras[e++].p);
  if (!sorted) {
    const byPath = picked.map((i) => ({ i, p: path(i) })).sort((a, b) => (a.p < b.p ? -1 : a.p > b.p ? 1 : 0));
    picked = byPath.map((entry) => entry.i);
    hash = createHash("sha256");
    chunk = byPath.map((entry) => `${entry.p}\0${id(entry.i)}\n`).join("");
  }
  hash.update(chunk);
  // A glob matching only files another glob already took still counts as matching something.
  for (let g = 0; g < matcher.globs.length; g++) {
    if (matched[g]) continue;
    const single = globTest(matcher.globs[g]);
    matched[g] = picked.some((i) => single(path(i)));
  }
  const fingerprint = `sha256:${hash.digest("hex")}`;
  let files: Record<string, string> | undefined;
  return {
    fingerprint,
    count: picked.length,
    files: () => {
      files ??= Object.fromEntries(picked.map((i) => [path(i), id(i)]));
      return files;
    },
    unmatched: matched.flatMap((m, i) => (m ? [] : [i])),
  };
}

/** Paths whose id differs between two recorded input sets (added, removed or changed), sorted. */
export function changedPaths(before: Record<string, string>, after: Record<string, string>): string[] {
  const out = new Set<string>();
  for (const [path, id] of Object.entries(after)) if (before[path] !== id) out.add(path);
  for (const path of Object.keys(before)) if (!(path in after)) out.add(path);
  return [...out].sort();
}
