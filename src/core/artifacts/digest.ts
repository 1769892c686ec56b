import { createHash } from "node:crypto";
import { lstat, readdir, readlink } from "node:fs/promises";
import { decodeNames, nameBytes, quoteName, repoFsPath } from "../path-bytes.js";
import { openRegular, RepoPathError, repoEntry, specialFile, specialKind } from "../repo-files.js";

/**
 * Read size: small enough that the bytes a read copies in are still in the CPU's cache when SHA-256
 * reads them (a 4 MiB buffer went out to memory and back, at 0.85x openssl's throughput), large
 * enough that one read per chunk costs little (4096 reads for 1 GiB).
 */
const CHUNK = 256 * 1024;

/**
 * Streamed SHA-256 of one regular file, through two reused buffers: the next chunk is read on
 * libuv's pool while this one is hashed, so the hash never waits on a read it could have started.
 * `shown` names the file in errors.
 */
export async function fileDigest(path: string | Buffer, shown = String(path)): Promise<string> {
  const handle = await openRegular(path, shown);
  try {
    const hash = createHash("sha256");
    const buffers = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)];
    let next = handle.read(buffers[0], 0, CHUNK, null);
    for (let k = 1; ; k ^= 1) {
      const { bytesRead, buffer } = await next;
      if (bytesRead === 0) break;
      // The buffer read into now was hashed by the turn before: update() consumes before returning.
      next = handle.read(buffers[k], 0, CHUNK, null);
      hash.update(bytesRead === CHUNK ? buffer : buffer.subarray(0, bytesRead));
    }
    return `sha256:${hash.digest("hex")}`;
  } finally {
    await handle.close();
  }
}

interface TreeEntry {
  path: string;
  line: string | Buffer;
}

/** Runs `work` over `items` with at most `limit` at once. */
async function bounded<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * The digest of a directory's tree: relative paths, the executable bit, symlink targets and file
 * contents. Not mtimes, owners, creation order or empty directories, so a rebuild of the same
 * bytes digests the same. Symlinks are digested as their target text and never followed, so the
 * walk stays inside the tree; a FIFO, socket or device in it is a RepoPathError, never opened.
 */
export async function treeDigest(root: string, concurrency = 8, shown = root): Promise<string> {
  const files: { rel: string; executable: boolean }[] = [];
  const links: TreeEntry[] = [];
  // Names and link targets are read as bytes: one that is not UTF-8 is digested as it is.
  const walk = async (rel: string) => {
    const entries = await readdir(repoFsPath(root, rel), { withFileTypes: true, encoding: "buffer" });
    for (const entry of entries) {
      const name = decodeNames(entry.name);
      const child = rel ? `${rel}/${name}` : name;
      const full = repoFsPath(root, child);
      if (entry.isDirectory()) await walk(child);
      else if (entry.isSymbolicLink()) {
        links.push({ path: child, line: Buffer.concat([Buffer.from("L "), await readlink(full, "buffer")]) });
      } else if (entry.isFile()) {
        const stat = await lstat(full);
        files.push({ rel: child, executable: (stat.mode & 0o111) !== 0 });
      } else throw specialFile(`${shown}/${quoteName(child)}`, specialKind(entry) ?? "not a regular file");
    }
  };
  await walk("");
  const hashed = await bounded(files, concurrency, async (f) => ({
    path: f.rel,
    line: `F ${f.executable ? "x" : "-"} ${await fileDigest(repoFsPath(root, f.rel), `${shown}/${quoteName(f.rel)}`)}`,
  }));
  const all = [...hashed, ...links].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const hash = createHash("sha256");
  for (const entry of all) hash.update(nameBytes(entry.path)).update("\0").update(entry.line).update("\n");
  return `sha256:${hash.digest("hex")}`;
}

/**
 * The digest of a file or a directory at `path` in the repository; undefined when nothing is
 * there. A path leading out of the checkout, or to a FIFO, socket or device, is a RepoPathError.
 */
export async function pathDigest(
  repo: string,
  path: string,
): Promise<{ kind: "file" | "directory"; digest: string } | undefined> {
  let found: Awaited<ReturnType<typeof repoEntry>>;
  try {
    found = await repoEntry(repo, path);
  } catch (error) {
    if (error instanceof RepoPathError && error.reason === "missing") return undefined;
    throw error;
  }
  if (found.kind === "directory") return { kind: "directory", digest: await treeDigest(found.real, 8, path) };
  return { kind: "file", digest: await fileDigest(found.real, path) };
}
