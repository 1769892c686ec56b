import { join } from "node:path";
import { openRegular, RepoPathError, readRepoFile, repoEntry } from "../repo-files.js";
import { type ImageInfo, type Manifest, pickFromIndex, revisionOf } from "./image-config.js";
import type { OciLayoutRef } from "./image-ref.js";

const REF_NAME = "org.opencontainers.image.ref.name";

/** Reads named entries of a layout: from a directory, or a (plain, ustar) tar archive. */
type BlobReader = (name: string) => Promise<Buffer | undefined>;

/** Each entry is read as a repository path: a blob name or a symlink cannot lead out of the checkout. */
function directoryReader(repo: string, dir: string): BlobReader {
  return (name) =>
    readRepoFile(repo, join(dir, name)).catch((error: unknown) => {
      if (error instanceof RepoPathError && error.reason === "missing") return undefined;
      throw error;
    });
}

/** Indexes a tar archive's headers (no extraction), then reads only the entries asked for. */
async function archiveReader(file: string, shown: string): Promise<BlobReader> {
  const handle = await openRegular(file, shown);
  const entries = new Map<string, { offset: number; size: number }>();
  try {
    const size = (await handle.stat()).size;
    const header = Buffer.alloc(512);
    let offset = 0;
    let longName: string | undefined;
    while (offset + 512 <= size) {
      await handle.read(header, 0, 512, offset);
      if (header.every((b) => b === 0)) break;
      const field = (start: number, length: number) =>
        header
          .subarray(start, start + length)
          .toString("utf8")
          .replace(/\0.*$/s, "");
      const entrySize = Number.parseInt(field(124, 12).trim() || "0", 8);
      const type = field(156, 1);
      const prefix = field(257, 6).startsWith("ustar") ? field(345, 155) : "";
      let name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
      longName = undefined;
      const dataOffset = offset + 512;
      if (type === "L" || type === "x") {
        // GNU long names and pax headers carry the next entry's path.
        const data = Buffer.alloc(entrySize);
        await handle.read(data, 0, entrySize, dataOffset);
        const text = data.toString("utf8");
        longName = type === "L" ? text.replace(/\0.*$/s, "") : /\d+ path=([^\n]*)\n/.exec(text)?.[1];
      } else if (type === "0" || type === "" || type === "7") {
        name = name.replace(/^\.\//, "");
        entries.set(name, { offset: dataOffset, size: entrySize });
      }
      offset = dataOffset + Math.ceil(entrySize / 512) * 512;
    }
  } catch (error) {
    await handle.close();
    throw error;
  }
  await handle.close();
  return async (name) => {
    const entry = entries.get(name);
    if (!entry) return undefined;
    const h = await openRegular(file, shown);
    try {
      const data = Buffer.alloc(entry.size);
      await h.read(data, 0, entry.size, entry.offset);
      return data;
    } finally {
      await h.close();
    }
  };
}

const blobPath = (digest: string) => {
  const [algorithm, hex] = digest.split(":");
  return `blobs/${algorithm}/${hex}`;
};

const json = (data: Buffer | undefined, what: string): any => {
  if (!data) return undefined;
  try {
    return JSON.parse(data.toString("utf8"));
  } catch {
    throw new Error(`${what} is not valid JSON`);
  }
};

/**
 * Reads an image from an OCI image layout (directory or archive): its manifest digest and revision
 * label. Undefined when the layout, or the tag or digest in it, does not exist.
 */
export async function inspectOciLayout(ref: OciLayoutRef, root: string): Promise<ImageInfo | undefined> {
  let read: BlobReader;
  if (ref.transport === "oci") read = directoryReader(root, ref.path);
  else {
    try {
      read = await archiveReader((await repoEntry(root, ref.path)).real, ref.path);
    } catch (error) {
      if (error instanceof RepoPathError && error.reason === "missing") return undefined;
      throw error;
    }
  }
  const index = json(await read("index.json"), "index.json") as Manifest | undefined;
  if (!index?.manifests) return undefined;
  const candidates = index.manifests;
  const chosen = ref.digest
    ? candidates.find((d) => d.digest === ref.digest)
    : ref.tag
      ? candidates.find((d) => d.annotations?.[REF_NAME] === ref.tag)
      : candidates.length === 1
        ? candidates[0]
        : undefined;
  if (!chosen) return undefined;
  let manifest = json(await read(blobPath(chosen.digest)), chosen.digest) as Manifest | undefined;
  if (!manifest) return undefined;
  if (manifest.manifests) {
    const inner = pickFromIndex(manifest);
    manifest = inner && (json(await read(blobPath(inner.digest)), inner.digest) as Manifest | undefined);
    if (!manifest) return { digest: chosen.digest };
  }
  const config = manifest.config?.digest
    ? json(await read(blobPath(manifest.config.digest)), manifest.config.digest)
    : undefined;
  return { digest: chosen.digest, revision: revisionOf(config, manifest) };
}
