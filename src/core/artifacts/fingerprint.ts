import { createHash } from "node:crypto";
import { compileGlob } from "../glob-match.js";
import { isTextName, nameBytes, quoteName } from "../path-bytes.js";
import type { InputIds } from "./git-objects.js";

/** A compiled `inputs` list: which of its globs matched, so a glob matching nothing can be named. */
export interface InputMatcher {
  globs: string[];
  match: (path: string) => number;
}

/** `ignore`: paths that are never inputs (the state file deploy-gate itself writes in the repository). */
export function inputMatcher(globs: string[], ignore: ReadonlySet<string> = new Set()): InputMatcher {
  const tests = globs.map(compileGlob);
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
  /** sha256 over the `<id> SP <path> NUL` records of the inputs, sorted by path. */
  fingerprint: string;
  /** How many input files matched. */
  count: number;
  /** path -> object id of every matched input, names shown as `quoteName` shows them (built on first use: most runs never need it). */
  files: () => Record<string, string>;
  /** Index of each glob that matched no file. */
  unmatched: number[];
}

const byPath = (a: { p: string }, b: { p: string }) => (a.p < b.p ? -1 : a.p > b.p ? 1 : 0);

/**
 * Which entries of git's listing a matcher takes, in order, and by which glob: the part of the
 * fingerprint that needs no work-tree state, so it can run while `git status` still does.
 */
export interface MatchedEntries {
  picked: number[];
  which: number[];
  /** git's order is ours for ordinary names; when it is not, the records are sorted at the end. */
  sorted: boolean;
}

export function matchEntries(input: InputIds, matcher: InputMatcher): MatchedEntries {
  const listed = input.added ?? input.count;
  const picked: number[] = [];
  const which: number[] = [];
  let previous = "";
  let sorted = true;
  for (let i = 0; i < listed; i++) {
    const p = input.path(i);
    const glob = matcher.match(p);
    if (glob < 0) continue;
    if (previous > p) sorted = false;
    previous = p;
    picked.push(i);
    which.push(glob);
  }
  return { picked, which, sorted };
}

/** Feeds `<id> SP <path> NUL` records to SHA-256: byte ranges of git's output, or text. */
function recordHasher(input: InputIds) {
  const hash = createHash("sha256");
  let text = "";
  let runStart = 0;
  let runEnd = 0;
  const flushRun = () => {
    if (input.printed && runEnd > runStart) hash.update(input.printed.bytes.subarray(runStart, runEnd));
    runStart = runEnd = 0;
  };
  const flushText = () => {
    if (text) hash.update(text);
    text = "";
  };
  return {
    /** Records as git printed them, from byte `start` to `end`: adjacent ranges go in as one slice. */
    bytes(start: number, end: number) {
      flushText();
      if (start !== runEnd) {
        flushRun();
        runStart = start;
      }
      runEnd = end;
    },
    record(i: number) {
      flushRun();
      const path = input.path(i);
      if (input.escaped && !isTextName(path)) {
        // The record holds the name's bytes; its string would hash as UTF-8 replacement characters.
        flushText();
        hash
          .update(`${input.id(i)} `)
          .update(nameBytes(path))
          .update("\0");
        return;
      }
      text += `${input.id(i)} ${path}\0`;
      if (text.length > 1 << 20) flushText();
    },
    digest() {
      flushRun();
      flushText();
      return `sha256:${hash.digest("hex")}`;
    },
  };
}

/** Index of the first element of a sorted range for which `after` holds (binary search). */
function firstWhere(length: number, after: (k: number) => boolean): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (after(mid)) high = mid;
    else low = mid + 1;
  }
  return low;
}

/** What the work tree does at position `k` of the picked entries: adds entry `add` before it, or (no `add`) deletes or changes it. */
interface Edit {
  k: number;
  add?: number;
}

/**
 * The per-artifact fingerprint from the ids of every file its globs match. `entries` is what
 * `matchEntries` found in the same listing before the work tree was known: past that, the cost
 * follows what the work tree changed, not how many files the repository has.
 */
export function fingerprintInputs(
  input: InputIds,
  matcher: InputMatcher,
  entries: MatchedEntries = matchEntries(input, matcher),
): ArtifactInputs {
  const { count, path, id, gone, printed } = input;
  const { picked, which } = entries;
  // How many inputs each glob holds: a glob whose files were all deleted matches nothing.
  const holds = new Array<number>(matcher.globs.length).fill(0);
  for (const glob of which) holds[glob]++;
  const edits: Edit[] = [];
  // Work-tree additions are few: each is placed among the picked entries by a binary search.
  const extras: { i: number; p: string }[] = [];
  for (let i = input.added ?? count; i < count; i++) {
    const p = path(i);
    const glob = matcher.match(p);
    if (glob < 0) continue;
    holds[glob]++;
    extras.push({ i, p });
  }
  extras.sort(byPath);
  for (const { i, p } of extras) edits.push({ k: firstWhere(picked.length, (k) => path(picked[k]) > p), add: i });
  let goneCount = 0;
  for (const i of input.altered ?? []) {
    const k = firstWhere(picked.length, (k) => picked[k] >= i);
    if (picked[k] !== i) continue;
    edits.push({ k });
    if (gone?.has(i)) {
      goneCount++;
      holds[which[k]]--;
    }
  }
  // An addition goes before the entry at its position; the sort is stable, so additions keep path order.
  edits.sort((x, y) => x.k - y.k || Number(x.add === undefined) - Number(y.add === undefined));
  const matched = holds.map((n) => n > 0);

  /** Walks the inputs in listing order: unchanged stretches of `picked` as ranges, the edits one by one. */
  const replay = (range: (from: number, to: number) => void, one: (i: number) => void) => {
    let k = 0;
    for (const edit of edits) {
      if (k < edit.k) range(k, edit.k);
      k = edit.k;
      if (edit.add !== undefined) one(edit.add);
      else {
        const i = picked[k++];
        if (!gone?.has(i)) one(i);
      }
    }
    if (k < picked.length) range(k, picked.length);
  };

  /** The inputs in path order; built only when asked for. */
  let ordered: number[] | undefined;
  const inOrder = (): number[] => {
    if (ordered) return ordered;
    const out: number[] = [];
    replay(
      (from, to) => {
        for (let k = from; k < to; k++) out.push(picked[k]);
      },
      (i) => out.push(i),
    );
    ordered = entries.sorted
      ? out
      : out
          .map((i) => ({ i, p: path(i) }))
          .sort(byPath)
          .map((entry) => entry.i);
    return ordered;
  };

  const hasher = recordHasher(input);
  if (entries.sorted && printed) {
    // Consecutive listing entries are consecutive bytes of git's output.
    replay(
      (from, to) => {
        for (let k = from; k < to; ) {
          let end = k + 1;
          while (end < to && picked[end] === picked[end - 1] + 1) end++;
          hasher.bytes(printed.start(picked[k]), printed.end(picked[end - 1]));
          k = end;
        }
      },
      (i) => hasher.record(i),
    );
  } else for (const i of inOrder()) hasher.record(i);

  // A glob matching only files another glob already took still counts as matching something.
  for (let g = 0; g < matcher.globs.length; g++) {
    if (matched[g]) continue;
    const single = compileGlob(matcher.globs[g]);
    matched[g] = inOrder().some((i) => single(path(i)));
  }
  let files: Record<string, string> | undefined;
  return {
    fingerprint: hasher.digest(),
    count: picked.length - goneCount + extras.length,
    files: () => {
      files ??= Object.fromEntries(inOrder().map((i) => [quoteName(path(i)), id(i)]));
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

/** The first three paths and how many more: what a one-sentence message can hold. */
export const listPaths = (paths: string[]): string => {
  const shown = paths.slice(0, 3).join(", ");
  return paths.length > 3 ? `${shown}, and ${paths.length - 3} more` : shown;
};
