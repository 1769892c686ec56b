import { createHash } from "node:crypto";
import { lstat, open, readdir, readlink, stat } from "node:fs/promises";
import { join } from "node:path";

const CHUNK = 4 * 1024 * 1024;

/** Streamed SHA-256 of one file, through one reused large buffer. */
export async function fileDigest(path: string): Promise<string> {
  const handle = await open(path, "r");
  try {
    const hash = createHash("sha256");
    const buffer = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, null);
      if (bytesRead === 0) break;
      // update() consumes the bytes before returning, so the buffer can be reused.
      hash.update(bytesRead === CHUNK ? buffer : buffer.subarray(0, bytesRead));
    }
    return `sha256:${hash.digest("hex")}`;
  } finally {
    await handle.close();
  }
}

interface TreeEntry {
  path: string;
  line: string;
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
 * bytes digests the same.
 */
export async function treeDigest(root: string, concurrency = 8): Promise<string> {
  const files: { rel: string; executable: boolean }[] = [];
  const links: TreeEntry[] = [];
  const walk = async (rel: string) => {
    const entries = await readdir(join(root, rel), { withFileTypes: true });
    for (const entry of entries) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(child);
      else if (entry.isSymbolicLink()) links.push({ path: child, line: `L ${await readlink(join(root, child))}` });
      else if (entry.isFile()) {
        const stat = await lstat(join(root, child));
        files.push({ rel: child, executable: (stat.mode & 0o111) !== 0 });
      }
    }
  };
  await walk("");
  const hashed = await bounded(files, concurrency, async (f) => ({
    path: f.rel,
    line: `F ${f.executable ? "x" : "-"} ${await fileDigest(join(root, f.rel))}`,
  }));
  const all = [...hashed, ...links].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const hash = createHash("sha256");
  for (const entry of all) hash.update(`${entry.path}\0${entry.line}\n`);
  return `sha256:${hash.digest("hex")}`;
}

/** A file's or a directory's digest; undefined when nothing is there. */
export async function pathDigest(path: string): Promise<{ kind: "file" | "directory"; digest: string } | undefined> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  if (info.isDirectory()) return { kind: "directory", digest: await treeDigest(path) };
  return { kind: "file", digest: await fileDigest(path) };
}
