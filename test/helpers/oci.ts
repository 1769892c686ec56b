import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const sha = (data: Buffer) => createHash("sha256").update(data).digest("hex");

/** Writes a small but valid OCI image layout (one layer, a config with labels); returns the manifest digest. */
export function writeOciLayout(
  dir: string,
  options: { tag: string; revision?: string; content?: string; multiArch?: boolean },
): string {
  mkdirSync(join(dir, "blobs/sha256"), { recursive: true });
  const blob = (data: Buffer) => {
    const hex = sha(data);
    writeFileSync(join(dir, "blobs/sha256", hex), data);
    return { digest: `sha256:${hex}`, size: data.length };
  };
  // A tar with one file, gzipped: built with the system tar so it is a real layer.
  const staging = `${dir}.layer`;
  mkdirSync(staging, { recursive: true });
  writeFileSync(join(staging, "app.txt"), options.content ?? "hello");
  const tar = execFileSync("tar", ["-C", staging, "-cf", "-", "app.txt"]);
  const layerGz = gzipSync(tar);
  const layer = blob(layerGz);
  const config = blob(
    Buffer.from(
      JSON.stringify({
        architecture: "amd64",
        os: "linux",
        config: { Labels: options.revision ? { "org.opencontainers.image.revision": options.revision } : {} },
        rootfs: { type: "layers", diff_ids: [`sha256:${sha(tar)}`] },
      }),
    ),
  );
  const manifest = blob(
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: "application/vnd.oci.image.manifest.v1+json",
        config: { mediaType: "application/vnd.oci.image.config.v1+json", ...config },
        layers: [{ mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", ...layer }],
      }),
    ),
  );
  // A multi-platform image: an index naming this manifest for linux/amd64 (and a second platform).
  const top = options.multiArch
    ? {
        mediaType: "application/vnd.oci.image.index.v1+json",
        ...blob(
          Buffer.from(
            JSON.stringify({
              schemaVersion: 2,
              mediaType: "application/vnd.oci.image.index.v1+json",
              manifests: [
                {
                  mediaType: "application/vnd.oci.image.manifest.v1+json",
                  ...manifest,
                  platform: { os: "linux", architecture: "arm64" },
                },
                {
                  mediaType: "application/vnd.oci.image.manifest.v1+json",
                  ...manifest,
                  platform: { os: "linux", architecture: "amd64" },
                },
              ],
            }),
          ),
        ),
      }
    : { mediaType: "application/vnd.oci.image.manifest.v1+json", ...manifest };
  writeFileSync(join(dir, "oci-layout"), JSON.stringify({ imageLayoutVersion: "1.0.0" }));
  writeFileSync(
    join(dir, "index.json"),
    JSON.stringify({
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.index.v1+json",
      manifests: [{ ...top, annotations: { "org.opencontainers.image.ref.name": options.tag } }],
    }),
  );
  return top.digest;
}
