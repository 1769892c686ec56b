/**
 * Image references by the Docker reference grammar (distribution/reference):
 *   reference := name [ ":" tag ] [ "@" digest ]
 *   name      := [ domain "/" ] path-component [ "/" path-component ]*
 * A first component is a domain when it holds "." or ":" or is "localhost"; without one the
 * registry is Docker Hub, and a single component lives under "library/".
 */
export interface ImageRef {
  /** As written. */
  original: string;
  /** Host[:port] of the registry. */
  domain: string;
  /** The repository path inside the registry. */
  repository: string;
  tag?: string;
  digest?: string;
}

const DOCKER_HUB = "docker.io";
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::[0-9]+)?$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;

export class ImageRefError extends Error {}

export function parseImageRef(text: string): ImageRef {
  const fail = (why: string): never => {
    throw new ImageRefError(`"${text}" is not a valid image reference: ${why}`);
  };
  if (!text || text.length > 255 + 140) fail("it is empty or too long");
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) fail(`bad digest "${digest}"`);
    if (digest.startsWith("sha256:") && !/^sha256:[a-f0-9]{64}$/.test(digest)) fail("a sha256 digest is 64 hex digits");
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf("/");
  const colon = rest.lastIndexOf(":");
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) fail(`bad tag "${tag}"`);
  }
  const parts = rest.split("/");
  let domain = DOCKER_HUB;
  if (parts.length > 1 && (parts[0].includes(".") || parts[0].includes(":") || parts[0] === "localhost")) {
    domain = parts.shift()!;
    if (!DOMAIN.test(domain)) fail(`bad registry host "${domain}"`);
  }
  for (const part of parts)
    if (!COMPONENT.test(part)) fail(`bad name component "${part}" (lowercase letters, digits and separators)`);
  if (domain === DOCKER_HUB && parts.length === 1) parts.unshift("library");
  const repository = parts.join("/");
  if (repository.length > 255) fail("the name is longer than 255 characters");
  return { original: text, domain, repository, tag, digest };
}

/** By tag only (an absent tag means `latest`): what the registry serves may change under it. */
export const isMutable = (ref: ImageRef): boolean => ref.digest === undefined;

export const effectiveTag = (ref: ImageRef): string => ref.tag ?? "latest";

/** Local OCI image layouts, named as skopeo names them: `oci:DIR[:TAG|@DIGEST]`, `oci-archive:FILE[...]`. */
export interface OciLayoutRef {
  transport: "oci" | "oci-archive";
  path: string;
  tag?: string;
  digest?: string;
}

export function parseOciLayoutRef(text: string): OciLayoutRef | undefined {
  const m = /^(oci|oci-archive):(.+)$/.exec(text);
  if (!m) return undefined;
  const transport = m[1] as OciLayoutRef["transport"];
  let rest = m[2];
  let digest: string | undefined;
  const at = rest.lastIndexOf("@");
  if (at > 0 && DIGEST.test(rest.slice(at + 1))) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(":");
  if (colon > 0 && !rest.slice(colon + 1).includes("/")) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return { transport, path: rest, tag, digest };
}
