import * as fs from "node:fs";
import { glob } from "tinyglobby";
import { anyGlob, globBase } from "../glob-match.js";
import { isInside, RepoPathError, readRepoFile, repoRoot } from "../repo-files.js";
import type { Result } from "../report/types.js";
import { result } from "./types.js";
import { type Dialect, MAX_FILE_BYTES, ManifestError, parseYamlDocs, stripBom, type YamlDoc } from "./yaml-docs.js";

/**
 * The file system as the glob walk sees it: a symlink whose target lies outside the checkout does
 * not resolve, so the walk neither descends into it nor lists it (its files are never read).
 */
function containedFs(root: string): typeof fs {
  const realpath = ((path: fs.PathLike, callback: (error: Error | null, real?: string) => void) =>
    fs.realpath(path, (error, real) => {
      if (error) return callback(error);
      if (!isInside(root, real)) return callback(Object.assign(new Error("outside the repository"), { code: "EXDEV" }));
      callback(null, real);
    })) as typeof fs.realpath;
  return { ...fs, realpath };
}

/**
 * The files a check's globs match, relative to the repository, sorted; none is the caller's
 * `no-files`. The walk starts at each glob's fixed directories and our linear matcher decides,
 * so a glob with many stars never reaches tinyglobby's backtracking one.
 */
export async function matchFiles(repo: string, patterns: string[]): Promise<string[]> {
  const bases = [...new Set(patterns.map(globBase))];
  const walk = bases.includes("") ? ["**"] : bases.map((base) => `${base}/**`);
  const wanted = anyGlob(patterns);
  const files = await glob(walk, {
    cwd: repo,
    onlyFiles: true,
    dot: true,
    ignore: ["**/node_modules/**"],
    fs: containedFs(await repoRoot(repo)),
  });
  return files.filter(wanted).sort();
}

/**
 * The text of a file in the checkout, without a BOM: only inside the repository, only a regular
 * file, and refused above MAX_FILE_BYTES before it is read.
 */
export async function readManifestText(repo: string, file: string): Promise<string> {
  const tooBig = (size: number) => {
    if (size <= MAX_FILE_BYTES) return;
    throw new ManifestError(
      "unreadable-file",
      `${file}: is ${(size / 1024 / 1024).toFixed(1)} MiB, more than the ${MAX_FILE_BYTES / 1024 / 1024} MiB a manifest is read up to`,
    );
  };
  try {
    return stripBom((await readRepoFile(repo, file, tooBig)).toString("utf8"));
  } catch (error) {
    if (error instanceof RepoPathError) throw new ManifestError("unreadable-file", error.message);
    throw error;
  }
}

/** Every document of a multi-document YAML file; a file that cannot be read throws a ManifestError naming it. */
export async function readYamlDocs(repo: string, file: string, dialect: Dialect = "auto"): Promise<YamlDoc[]> {
  return parseYamlDocs(await readManifestText(repo, file), file, dialect);
}

/** The result for a file a check could not read: its `unreadable-file` (fail) or `not-checkable` (warn). */
export function fileResult(id: string, error: unknown, file: string): Result {
  if (!(error instanceof ManifestError)) throw error;
  const message = error.verdict === "unreadable-file" ? `${error.message}; fix the file` : error.message;
  return result(id, error.verdict, message, { file, line: error.line });
}
