/** What an image says about itself: its manifest digest and the commit it was built from. */
export interface ImageInfo {
  digest: string;
  revision?: string;
}

export const REVISION_LABEL = "org.opencontainers.image.revision";

export const MANIFEST_TYPES = [
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.docker.distribution.manifest.v2+json",
];

export interface Descriptor {
  mediaType?: string;
  digest: string;
  platform?: { os?: string; architecture?: string };
  annotations?: Record<string, string>;
}

export interface Manifest {
  mediaType?: string;
  manifests?: Descriptor[];
  config?: Descriptor;
  annotations?: Record<string, string>;
}

/** An index names several platform images; linux/amd64 is what most deploy targets run. */
export function pickFromIndex(manifest: Manifest): Descriptor | undefined {
  const list = manifest.manifests ?? [];
  return (
    list.find((d) => d.platform?.os === "linux" && d.platform.architecture === "amd64") ??
    list.find((d) => d.platform?.architecture !== "unknown") ??
    list[0]
  );
}

/** The revision label from an image config blob (or the manifest's annotations). */
export function revisionOf(config: unknown, manifest?: Manifest): string | undefined {
  const labels = (config as { config?: { Labels?: Record<string, string> } } | undefined)?.config?.Labels;
  return labels?.[REVISION_LABEL] || manifest?.annotations?.[REVISION_LABEL] || undefined;
}
