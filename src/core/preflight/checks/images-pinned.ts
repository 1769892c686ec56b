import { basename } from "node:path";
import picomatch from "picomatch";
import type { CheckConfig } from "../../config/schema.js";
import { readRepoText } from "../../repo-files.js";
import type { Result } from "../../report/types.js";
import { containersOf, matchFiles, podSpecs, readYamlDocs } from "../manifests.js";
import { type CheckContext, result } from "../types.js";

type ImagesPinnedCheck = Extract<CheckConfig, { type: "images-pinned" }>;

/** An image reference found in a file, with where it is. `unknown` holds why it could not be read. */
export interface ImageRef {
  image: string;
  file: string;
  line?: number;
  unknown?: string;
}

export const isPinned = (image: string): boolean => /@sha256:[0-9a-f]{64}$/i.test(image);

/** The repository part of a reference: `registry:5000/app:1.2` -> `registry:5000/app`. */
export function imageName(image: string): string {
  const noDigest = image.split("@")[0];
  const slash = noDigest.lastIndexOf("/");
  const colon = noDigest.lastIndexOf(":");
  return colon > slash ? noDigest.slice(0, colon) : noDigest;
}

/** Dockerfile, Containerfile, Dockerfile.prod, api.Dockerfile. */
const isDockerfile = (file: string) =>
  /^(docker|container)file(\..+)?$|[.-](docker|container)file$/i.test(basename(file));

/** `$X`, `${X}`, `${X:-default}` from build args; what stays unresolved is reported, not guessed. */
function substituteArgs(text: string, args: Map<string, string | undefined>): { text: string; unresolved: string[] } {
  const unresolved: string[] = [];
  const out = text.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (whole, braced, fallback, bare) => {
      const name = braced ?? bare;
      const value = args.get(name);
      if (value !== undefined && value !== "") return value;
      if (fallback !== undefined) return fallback;
      unresolved.push(name);
      return whole;
    },
  );
  return { text: out, unresolved };
}

/** FROM lines of a Dockerfile: flags skipped, stage names and `scratch` are not images, global ARGs substituted. */
export function dockerfileImages(text: string, file: string): ImageRef[] {
  const lines = text.split(/\r?\n/);
  const instructions: { text: string; line: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let joined = lines[i];
    while (/\\\s*$/.test(joined) && i + 1 < lines.length) joined = joined.replace(/\\\s*$/, " ") + lines[++i];
    if (!/^\s*(#|$)/.test(joined)) instructions.push({ text: joined.trim(), line: start + 1 });
  }
  const args = new Map<string, string | undefined>();
  const stages = new Set<string>();
  const out: ImageRef[] = [];
  let seenFrom = false;
  for (const { text: ins, line } of instructions) {
    const [keyword, ...rest] = ins.split(/\s+/);
    const upper = keyword.toUpperCase();
    // Only ARGs before the first FROM can appear in FROM lines.
    if (upper === "ARG" && !seenFrom) {
      for (const decl of rest) {
        const eq = decl.indexOf("=");
        const name = eq < 0 ? decl : decl.slice(0, eq);
        args.set(name, eq < 0 ? undefined : decl.slice(eq + 1).replace(/^["']|["']$/g, ""));
      }
      continue;
    }
    if (upper !== "FROM") continue;
    seenFrom = true;
    const words = rest.filter((w) => !w.startsWith("--"));
    const raw = words[0];
    if (!raw) continue;
    const asIndex = words.findIndex((w, i) => i > 0 && w.toUpperCase() === "AS");
    const { text: image, unresolved } = substituteArgs(raw, args);
    // A FROM may name an earlier stage; only stages declared before this line count.
    const isStage = stages.has(image.toLowerCase());
    if (asIndex > 0 && words[asIndex + 1]) stages.add(words[asIndex + 1].toLowerCase());
    if (image.toLowerCase() === "scratch" || isStage) continue;
    out.push({
      image,
      file,
      line,
      ...(unresolved.length
        ? { unknown: `depends on build arg ${unresolved.join(", ")} without a default; give the ARG a pinned default` }
        : {}),
    });
  }
  return out;
}

/** Compose (and envsubst) fill `${VAR}` from the environment: use the target's variables the same way. */
function composeImage(raw: string, values: Record<string, string>): { text: string; unresolved: string[] } {
  return substituteArgs(raw, new Map(Object.entries(values)));
}

async function imagesIn(file: string, ctx: CheckContext): Promise<ImageRef[]> {
  if (isDockerfile(file)) return dockerfileImages(await readRepoText(ctx.repo, file), file);
  const out: ImageRef[] = [];
  for (const doc of await readYamlDocs(ctx.repo, file)) {
    const data = doc.data as Record<string, any> | null;
    const services = data && typeof data === "object" ? data.services : undefined;
    if (services && typeof services === "object" && !Array.isArray(services) && !data?.kind) {
      for (const [name, service] of Object.entries(services as Record<string, any>)) {
        if (typeof service?.image !== "string") continue;
        const { text, unresolved } = composeImage(service.image, ctx.environment.values);
        out.push({
          image: text,
          file,
          line: doc.lineOf(["services", name, "image"]),
          ...(unresolved.length
            ? { unknown: `uses ${unresolved.join(", ")}, which environment "${ctx.environment.name}" does not define` }
            : {}),
        });
      }
      continue;
    }
    for (const pod of podSpecs(doc)) {
      for (const { container, path } of containersOf(pod)) {
        if (typeof container.image !== "string") continue;
        // Templated manifests (envsubst) carry ${VAR}: read them with the target's values, as compose does.
        const { text, unresolved } = composeImage(container.image, ctx.environment.values);
        out.push({
          image: text,
          file,
          line: doc.lineOf([...path, "image"]),
          ...(unresolved.length
            ? { unknown: `uses ${unresolved.join(", ")}, which environment "${ctx.environment.name}" does not define` }
            : {}),
        });
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
  const allowed = check.allow?.length ? picomatch(check.allow) : () => false;
  const out: Result[] = [];
  let count = 0;
  for (const file of files) {
    let images: ImageRef[];
    try {
      images = await imagesIn(file, ctx);
    } catch (error) {
      out.push(result(`${check.id}:${file}`, "no-files", `${(error as Error).message}; fix the file`, { file }));
      continue;
    }
    for (const ref of images) {
      count++;
      if (allowed(ref.image) || allowed(imageName(ref.image))) continue;
      if (!ref.unknown && isPinned(ref.image)) continue;
      const where = `${ref.file}${ref.line ? `:${ref.line}` : ""}`;
      const why = ref.unknown
        ? `image "${ref.image}" ${ref.unknown}`
        : ref.image.includes(":", ref.image.lastIndexOf("/") + 1) || ref.image.includes("@")
          ? `image "${ref.image}" is referenced by a tag without a digest, so a restart may pull something else; pin it as ${imageName(ref.image)}:<tag>@sha256:<digest>`
          : `image "${ref.image}" has no tag, so it means the mutable "latest"; pin it as ${ref.image}:<tag>@sha256:<digest>`;
      out.push(result(`${check.id}:${where}`, "unpinned-image", why, ref));
    }
  }
  if (out.length) return out;
  return [result(check.id, "passed", `all ${count} image reference${count === 1 ? "" : "s"} are pinned by digest`)];
}
