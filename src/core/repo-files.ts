import { constants, type Dirent, type Stats } from "node:fs";
import { type FileHandle, open, realpath, stat } from "node:fs/promises";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { workTreeRoot } from "./git.js";

/**
 * Why a path the config names was not read. The PR's author writes the config and the files, so a
 * path may climb out with `..`, be absolute, pass through a symlink that leads out of the checkout,
 * or name a FIFO or a device that would block a read forever: all are refused before any byte is read.
 */
export class RepoPathError extends Error {
  constructor(
    message: string,
    /** The path as the config gave it. */
    readonly path: string,
    readonly reason: "outside" | "special" | "missing" | "unreadable",
    readonly code?: string,
  ) {
    super(message);
    this.name = "RepoPathError";
  }
}

/** Whether `path` is `root` or below it; both absolute and normalized. */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!isAbsolute(rel) && rel !== ".." && !rel.startsWith(`..${sep}`));
}

const outside = (shown: string) =>
  new RepoPathError(
    `${shown} leads outside the repository (an absolute path, ".." or a symlink out); every path the config names must stay inside the repository`,
    shown,
    "outside",
  );

/** What a file that is neither a regular file nor a directory is, for messages; undefined for those two. */
export function specialKind(info: Stats | Dirent<string | Buffer>): string | undefined {
  if (info.isFIFO()) return "a named pipe (FIFO)";
  if (info.isSocket()) return "a socket";
  if (info.isCharacterDevice() || info.isBlockDevice()) return "a device";
  if (!info.isFile() && !info.isDirectory()) return "not a regular file";
  return undefined;
}

export const specialFile = (shown: string, kind: string) =>
  new RepoPathError(
    `${shown} is ${kind}; only regular files, directories and symlinks to them inside the repository are read`,
    shown,
    "special",
  );

const fsError = (shown: string, error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT" || code === "ENOTDIR") {
    return new RepoPathError(`${shown} is not in the checkout`, shown, "missing", code);
  }
  return new RepoPathError(`${shown} cannot be read (${code ?? (error as Error).message})`, shown, "unreadable", code);
};

const roots = new Map<string, Promise<string>>();

/**
 * The real path of the checkout around `repo` (git's top level, so a config in a subdirectory
 * may still name a sibling directory of the same repository); `repo` itself when it is no git
 * checkout. Real, so a repository reached through a symlink is still the same tree.
 */
export function repoRoot(repo: string): Promise<string> {
  let root = roots.get(repo);
  if (!root) {
    // A directory git cannot answer for (git missing, or none there) is its own root.
    root = workTreeRoot(repo)
      .catch(() => repo)
      .then((top) => realpath(top));
    roots.set(repo, root);
  }
  return root;
}

/**
 * The real path of `file` (relative to the repository) after every symlink, checked to lie inside
 * the checkout. Readers open the path returned, so what was checked is what is read.
 */
export async function resolveInRepo(repo: string, file: string): Promise<string> {
  const top = await repoRoot(repo);
  const lexical = resolve(await realpath(repo).catch(() => repo), file);
  if (!isInside(top, lexical)) throw outside(file);
  let real: string;
  try {
    real = await realpath(lexical);
  } catch (error) {
    throw fsError(file, error);
  }
  if (!isInside(top, real)) throw outside(file);
  return real;
}

/** A path inside the repository and what it is; FIFOs, sockets and devices are refused, never opened. */
export async function repoEntry(repo: string, file: string): Promise<{ real: string; kind: "file" | "directory" }> {
  const real = await resolveInRepo(repo, file);
  let info: Stats;
  try {
    info = await stat(real);
  } catch (error) {
    throw fsError(file, error);
  }
  const special = specialKind(info);
  if (special) throw specialFile(file, special);
  return { real, kind: info.isDirectory() ? "directory" : "file" };
}

/**
 * Opens a file already known to be regular. O_NONBLOCK so that a FIFO swapped in since cannot
 * block the open, and the kind checked again on the open descriptor.
 */
export async function openRegular(real: string | Buffer, shown: string): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(real, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw fsError(shown, error);
  }
  const info = await handle.stat();
  const special = info.isFile() ? undefined : (specialKind(info) ?? "a directory");
  if (special) {
    await handle.close();
    throw specialFile(shown, info.isDirectory() ? "a directory, not a file" : special);
  }
  return handle;
}

/**
 * The bytes of a regular file inside the repository; a RepoPathError otherwise. `checkSize` sees
 * the open file's size before anything is read, and may throw to refuse it.
 */
export async function readRepoFile(repo: string, file: string, checkSize?: (size: number) => void): Promise<Buffer> {
  const { real, kind } = await repoEntry(repo, file);
  if (kind === "directory") throw specialFile(file, "a directory, not a file");
  const handle = await openRegular(real, file);
  try {
    checkSize?.((await handle.stat()).size);
    return await handle.readFile();
  } catch (error) {
    throw fsError(file, error);
  } finally {
    await handle.close();
  }
}

export const readRepoText = async (repo: string, file: string): Promise<string> =>
  (await readRepoFile(repo, file)).toString("utf8");
