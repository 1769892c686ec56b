import { createHash } from "node:crypto";
import { firstWhere } from "../binary-search.js";
import { compileGlob } from "../glob-match.js";
import { isTextName, nameBytes, quoteName } from "../path-bytes.js";
import type { InputIds } from "./input-ids.js";
import type { TreeListing } from "./tree-listing.js";

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

const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/**
 * Which entries of a commit's listing a matcher takes, in order, and by which glob: the part of
 * the fingerprint that needs no work-tree state, so it can run while `git status` still does.
 */
export interface MatchedEntries {
  picked: number[];
  which: number[];
  /** git's order is ours for ordinary names; when it is not, the records are sorted at the end. */
  sorted: boolean;
}

export function matchEntries(tree: TreeListing, matcher: InputMatcher): MatchedEntries {
  const picked: number[] = [];
  const which: number[] = [];
  let previous = "";
  let sorted = true;
  for (let i = 0; i < tree.count; i++) {
    const p = tree.path(i);
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
function recordHasher(printed: TreeListing["printed"], escaped: boolean) {
  const hash = createHash("sha256");
  let text = "";
  let runStart = 0;
  let runEnd = 0;
  const flushRun = () => {
    if (printed && runEnd > runStart) hash.update(printed.bytes.subarray(runStart, runEnd));
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
    record(path: string, id: string) {
      flushRun();
      if (escaped && !isTextName(path)) {
        // The record holds the name's bytes; its string would hash as UTF-8 replacement characters.
        flushText();
        hash.update(`${id} `).update(nameBytes(path)).update("\0");
        return;
      }
      text += `${id} ${path}\0`;
      if (text.length > 1 << 20) flushText();
    },
    digest() {
      flushRun();
      flushText();
      return `sha256:${hash.digest("hex")}`;
    },
  };
}

/** Where the work tree departs from the picked entries: before position `k`, it adds `add`; without `add`, it changes or deletes the entry at `k`. */
interface Departure {
  k: number;
  add?: { path: string; id: string };
}

/**
 * One artifact's inputs: the listing's picked entries with the work tree's changes merged in.
 * `visit` walks them in listing order, unchanged stretches of `picked` as ranges and every input
 * the work tree changed or added one by one; the cost beyond `picked` follows the changes.
 */
function mergedInputs(ids: InputIds, matcher: InputMatcher, entries: MatchedEntries) {
  const { picked, which } = entries;
  const { replaced, gone, added } = ids.changes;
  // How many inputs each glob takes: a glob whose files were all deleted matches nothing.
  const filesPerGlob = new Array<number>(matcher.globs.length).fill(0);
  for (const glob of which) filesPerGlob[glob]++;
  const departures: Departure[] = [];
  // Additions are few and sorted: each is placed among the picked entries by a binary search.
  for (const add of added) {
    const glob = matcher.match(add.path);
    if (glob < 0) continue;
    filesPerGlob[glob]++;
    departures.push({ k: firstWhere(picked.length, (k) => ids.path(picked[k]) > add.path), add });
  }
  const additions = departures.length;
  let goneCount = 0;
  for (const i of [...gone, ...replaced.keys()].sort((a, b) => a - b)) {
    const k = firstWhere(picked.length, (k) => picked[k] >= i);
    if (picked[k] !== i) continue;
    departures.push({ k });
    if (gone.has(i)) {
      goneCount++;
      filesPerGlob[which[k]]--;
    }
  }
  // An addition goes before the entry at its position; the sort is stable, so additions keep path order.
  departures.sort((x, y) => x.k - y.k || Number(x.add === undefined) - Number(y.add === undefined));
  return {
    count: picked.length - goneCount + additions,
    filesPerGlob,
    escaped: Boolean(ids.escaped) || added.some((a) => !isTextName(a.path)),
    visit(range: (from: number, to: number) => void, one: (path: string, id: string) => void) {
      let k = 0;
      for (const departure of departures) {
        if (k < departure.k) range(k, departure.k);
        k = departure.k;
        if (departure.add) one(departure.add.path, departure.add.id);
        else {
          const i = picked[k++];
          const id = replaced.get(i);
          if (id !== undefined) one(ids.path(i), id);
        }
      }
      if (k < picked.length) range(k, picked.length);
    },
  };
}

/**
 * The per-artifact fingerprint from the ids of every file its globs match. `entries` is what
 * `matchEntries` found in the same listing before the work tree was known: past that, the cost
 * follows what the work tree changed, not how many files the repository has.
 */
export function fingerprintInputs(
  ids: InputIds,
  matcher: InputMatcher,
  entries: MatchedEntries = matchEntries(ids, matcher),
): ArtifactInputs {
  const { picked } = entries;
  const inputs = mergedInputs(ids, matcher, entries);

  /** The inputs in path order; built only when asked for. */
  let ordered: { path: string; id: string }[] | undefined;
  const inOrder = () => {
    if (ordered) return ordered;
    const out: { path: string; id: string }[] = [];
    inputs.visit(
      (from, to) => {
        for (let k = from; k < to; k++) out.push({ path: ids.path(picked[k]), id: ids.id(picked[k]) });
      },
      (path, id) => out.push({ path, id }),
    );
    ordered = entries.sorted ? out : out.sort(byPath);
    return ordered;
  };

  const hasher = recordHasher(ids.printed, inputs.escaped);
  const { printed } = ids;
  if (entries.sorted && printed) {
    // Consecutive listing entries are consecutive bytes of git's output.
    inputs.visit(
      (from, to) => {
        for (let k = from; k < to; ) {
          let end = k + 1;
          while (end < to && picked[end] === picked[end - 1] + 1) end++;
          hasher.bytes(printed.start(picked[k]), printed.end(picked[end - 1]));
          k = end;
        }
      },
      (path, id) => hasher.record(path, id),
    );
  } else for (const { path, id } of inOrder()) hasher.record(path, id);

  // A glob matching only files another glob already took still counts as matching something.
  const matched = inputs.filesPerGlob.map((n) => n > 0);
  for (let g = 0; g < matcher.globs.length; g++) {
    if (matched[g]) continue;
    const single = compileGlob(matcher.globs[g]);
    matched[g] = inOrder().some(({ path }) => single(path));
  }
  let files: Record<string, string> | undefined;
  return {
    fingerprint: hasher.digest(),
    count: inputs.count,
    files: () => {
      files ??= Object.fromEntries(inOrder().map(({ path, id }) => [quoteName(path), id]));
      return files;
    },
    unmatched: matched.flatMap((m, i) => (m ? [] : [i])),
  };
}

/** The first three paths and how many more: what a one-sentence message can hold. */
export const listPaths = (paths: string[]): string => {
  const shown = paths.slice(0, 3).join(", ");
  return paths.length > 3 ? `${shown}, and ${paths.length - 3} more` : shown;
};
