import type { LoadedConfig } from "../config/load.js";
import type { ArtifactConfig } from "../config/schema.js";
import { interpolate } from "../environment/interpolate.js";
import { RepoPathError } from "../repo-files.js";
import { pathDigest } from "./digest.js";
import { effectiveTag, ImageRefError, isMutable, parseImageRef, parseOciLayoutRef } from "./image-ref.js";
import { inspectOciLayout } from "./oci-layout.js";
import type { ArtifactRecord } from "./records.js";
import { RegistryClient, RegistryError, type RegistryOptions } from "./registry.js";

/** What is on disk or in the registry for one artifact, before any comparison. */
export interface Observation {
  kind: ArtifactRecord["kind"];
  digest?: string;
  /** The commit the artifact says it was built from. */
  revision?: string;
  /** Names the `image` needs that the environment lacks. */
  missingVariables?: string[];
  missing?: string;
  mutableRef?: string;
}

export interface ObserveOptions {
  repo: string;
  values: Record<string, string>;
  registry?: RegistryOptions;
}

const DIGEST_HINT = "name:tag@sha256:…";

async function observePath(artifact: ArtifactConfig & { path: string }, repo: string): Promise<Observation> {
  try {
    const found = await pathDigest(repo, artifact.path);
    if (!found) {
      return {
        kind: "file",
        missing: `${artifact.path} is not there; build it before the gate runs (and check \`path\`)`,
      };
    }
    return { kind: found.kind, digest: found.digest };
  } catch (error) {
    if (error instanceof RepoPathError && error.reason !== "unreadable")
      return { kind: "file", missing: error.message };
    const code = (error as NodeJS.ErrnoException).code ?? (error as RepoPathError).code ?? (error as Error).message;
    return { kind: "file", missing: `${artifact.path} cannot be read (${code}); fix its permissions and run again` };
  }
}

async function observeImage(image: string, options: ObserveOptions, resolve: boolean): Promise<Observation> {
  const { text, missing } = interpolate(image, options.values);
  if (missing.length) return { kind: "image", missingVariables: missing };
  const layout = parseOciLayoutRef(text);
  if (layout) {
    try {
      const info = await inspectOciLayout(layout, options.repo);
      if (!info) {
        return {
          kind: "image",
          missing: `the OCI layout ${layout.path}${layout.tag ? ` has no image tagged ${layout.tag}` : layout.digest ? ` has no image ${layout.digest}` : " is not there (or holds several images: name one with :TAG)"}; build it before the gate runs`,
        };
      }
      return { kind: "image", ...info };
    } catch (error) {
      return { kind: "image", missing: `the OCI layout ${layout.path} cannot be read (${(error as Error).message})` };
    }
  }
  let ref: ReturnType<typeof parseImageRef>;
  try {
    ref = parseImageRef(text);
  } catch (error) {
    if (error instanceof ImageRefError) {
      return { kind: "image", missing: `${error.message}; fix \`image\` (or the variable it names)` };
    }
    throw error;
  }
  const shown = `${ref.domain === "docker.io" ? "" : `${ref.domain}/`}${ref.repository}`;
  let info: Awaited<ReturnType<RegistryClient["inspect"]>>;
  if (resolve) {
    try {
      info = await new RegistryClient(ref, options.registry).inspect();
    } catch (error) {
      if (!(error instanceof RegistryError)) throw error;
      return { kind: "image", missing: `${error.message}, so ${text} could not be checked` };
    }
    if (!info) {
      return {
        kind: "image",
        missing: `${text} is not in the registry ${ref.domain}; push it before the gate runs`,
      };
    }
  }
  if (isMutable(ref)) {
    const tag = effectiveTag(ref);
    const pin = info ? `${shown}:${tag}@${info.digest}` : DIGEST_HINT;
    return {
      kind: "image",
      digest: info?.digest,
      revision: info?.revision,
      mutableRef: `${text} names the mutable tag "${tag}"${ref.tag ? "" : " (no tag means latest)"} without a digest, so a restart may pull another image; pin it as ${pin}`,
    };
  }
  return { kind: "image", digest: info?.digest ?? ref.digest, revision: info?.revision };
}

export async function observe(artifact: ArtifactConfig, options: ObserveOptions): Promise<Observation> {
  if (artifact.path !== undefined) return observePath({ ...artifact, path: artifact.path }, options.repo);
  return observeImage(artifact.image ?? "", options, Boolean(artifact.resolve));
}

/** The config entry of an artifact, for messages and annotations. */
export const artifactPlace = (loaded: LoadedConfig, index: number) => ({
  file: loaded.file,
  line: loaded.lineOf(["artifacts", index]),
});
