import { isMapping } from "../core/mapping.js";

/** One config file Probot read: the repository's own, then each `_extends` base in turn. */
export interface ConfigFile {
  owner: string;
  repo: string;
  path: string;
  config: Record<string, unknown> | null;
}

/**
 * The file a key path of the merged config came from. Probot merges the bases first and the
 * repository's own file last (deepmerge: the later scalar wins, lists are joined in that order),
 * so a path is followed through every file that has it; the last one holding it is its source.
 */
export function sourceOf(path: readonly PropertyKey[], files: ConfigFile[]): ConfigFile | undefined {
  type Candidate = { file: ConfigFile; node: unknown };
  let candidates: Candidate[] = files
    .filter((f) => f.config)
    .reverse()
    .map((file) => ({ file, node: file.config }));
  let source = candidates.at(-1)?.file;
  for (const key of path) {
    let next: Candidate[] = [];
    if (typeof key === "number") {
      let index = key;
      for (const c of candidates) {
        if (!Array.isArray(c.node)) continue;
        if (index < c.node.length) {
          next = [{ file: c.file, node: c.node[index] }];
          break;
        }
        index -= c.node.length;
      }
    } else {
      next = candidates
        .filter((c) => isMapping(c.node) && Object.hasOwn(c.node, key))
        .map((c) => ({ file: c.file, node: (c.node as Record<string, unknown>)[key as string] }));
    }
    if (!next.length) break;
    candidates = next;
    source = candidates.at(-1)?.file;
  }
  return source;
}

/** How a file is named in messages: its path in this repository, `owner/repo:path` in another. */
export const fileName = (file: ConfigFile, here: { owner: string; repo: string }): string =>
  file.owner === here.owner && file.repo === here.repo ? file.path : `${file.owner}/${file.repo}:${file.path}`;
