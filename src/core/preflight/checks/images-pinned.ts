import type { CheckConfig } from "../../config/schema.js";
import { anyGlob } from "../../glob-match.js";
import type { Result } from "../../report/types.js";
import {
  dockerfileImages,
  type FoundImage,
  foundImage,
  isDockerfile,
  isDockerignore,
  substituteVariables,
} from "../dockerfile.js";
import { fileResult, matchFiles, readManifestText } from "../manifests.js";
import { pathText, podSpecs } from "../pod-specs.js";
import { type CheckContext, result } from "../types.js";
import { parseYamlDocs } from "../yaml-docs.js";

export { dockerfileImages, type FoundImage } from "../dockerfile.js";

type ImagesPinnedCheck = Extract<CheckConfig, { type: "images-pinned" }>;

export const isPinned = (image: string): boolean => /@sha256:[0-9a-f]{64}$/i.test(image);

/** The repository part of a reference: `registry:5000/app:1.2` -> `registry:5000/app`. */
export function imageName(image: string): string {
  const noDigest = image.split("@")[0];
  const slash = noDigest.lastIndexOf("/");
  const colon = noDigest.lastIndexOf(":");
  return colon > slash ? noDigest.slice(0, colon) : noDigest;
}

/** Compose (and envsubst) fill `${VAR}` from the environment: use the target's variables the same way. */
function composeImage(raw: string, values: Record<string, string>): { text: string; unresolved: string[] } {
  return substituteVariables(raw, new Map(Object.entries(values)));
}

/** A compose file: a top-level `services` mapping (a Kubernetes object has a `kind` instead). */
const composeServices = (data: unknown): Record<string, any> | undefined => {
  const services = (data as Record<string, any> | null)?.services;
  return services && typeof services === "object" && !Array.isArray(services) && !(data as any).kind
    ? services
    : undefined;
};

async function imagesIn(file: string, ctx: CheckContext): Promise<FoundImage[]> {
  if (isDockerignore(file)) return [];
  const text = await readManifestText(ctx.repo, file);
  if (isDockerfile(file)) return dockerfileImages(text, file);
  const out: FoundImage[] = [];
  const add = (raw: string, line: number | undefined, from?: string) => {
    // Compose and envsubst-templated manifests carry ${VAR}: read them with the target's values.
    const { text: image, unresolved } = composeImage(raw, ctx.environment.values);
    out.push(
      foundImage(
        { image, file, line, from },
        unresolved,
        (names) => `uses ${names}, which environment "${ctx.environment.name}" does not define`,
      ),
    );
  };
  for (const doc of parseYamlDocs(text, file)) {
    const services = composeServices(doc.data);
    if (services) {
      for (const [name, service] of Object.entries(services)) {
        if (typeof service?.image === "string") {
          add(service.image, doc.lineOf(["services", name, "image"]), `service ${name}`);
        }
      }
      continue;
    }
    for (const pod of podSpecs(doc)) {
      for (const { value: container, path } of pod.containers) {
        if (typeof container.image !== "string") continue;
        add(container.image, doc.lineOf([...path, "image"]), `${pod.kind} ${pod.name}, ${pathText(path)}`);
      }
    }
  }
  return out;
}

export async function imagesPinnedCheck(check: ImagesPinnedCheck, ctx: CheckContext): Promise<Result[]> {
  const files = await matchFiles(ctx.repo, check.files);
  if (!files.length) {
    return [result(check.id, "no-files", `no file matches ${check.files.join(", ")}; fix \`files\` in the check`)];
  }
  const allowed = anyGlob(check.allow ?? []);
  const out: Result[] = [];
  let count = 0;
  for (const file of files) {
    let images: FoundImage[];
    try {
      images = await imagesIn(file, ctx);
    } catch (error) {
      out.push(fileResult(`${check.id}:${file}`, error, file));
      continue;
    }
    for (const ref of images) {
      count++;
      const where = `${ref.file}${ref.line ? `:${ref.line}` : ""}`;
      const source = ref.from ? `${ref.from}: ` : "";
      if (ref.image.includes("{{")) {
        out.push(
          result(
            `${check.id}:${where}`,
            "not-checkable",
            `${source}image "${ref.image}" is a template expression; check what \`helm template\` renders from it`,
            ref,
          ),
        );
        continue;
      }
      if (allowed(ref.image) || allowed(imageName(ref.image))) continue;
      if (!ref.unknown && isPinned(ref.image)) continue;
      const why = ref.unknown
        ? `image "${ref.image}" ${ref.unknown}`
        : ref.image.includes(":", ref.image.lastIndexOf("/") + 1) || ref.image.includes("@")
          ? `image "${ref.image}" is referenced by a tag without a digest, so a restart may pull something else; pin it as ${imageName(ref.image)}:<tag>@sha256:<digest>`
          : `image "${ref.image}" has no tag, so it means the mutable "latest"; pin it as ${ref.image}:<tag>@sha256:<digest>`;
      out.push(result(`${check.id}:${where}`, "unpinned-image", `${source}${why}`, ref));
    }
  }
  if (out.length) return out;
  return [result(check.id, "passed", `all ${count} image reference${count === 1 ? "" : "s"} are pinned by digest`)];
}
