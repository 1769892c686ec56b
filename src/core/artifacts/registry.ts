import { createHash } from "node:crypto";
import { type ImageInfo, MANIFEST_TYPES, type Manifest, pickFromIndex, revisionOf } from "./image-config.js";
import { effectiveTag, type ImageRef } from "./image-ref.js";

export interface RegistryCredentials {
  username: string;
  password: string;
}

export interface RegistryOptions {
  credentials?: (domain: string) => RegistryCredentials | undefined;
  fetch?: typeof fetch;
  /** Each request, its body included, ends within this (defaults.timeout); 10 s when absent. */
  timeoutMs?: number;
  /** The stage's budget: aborting it cancels every request in flight. */
  signal?: AbortSignal;
}

const DEFAULT_TIMEOUT_MS = 10_000;

interface Answer {
  response: Response;
  /** The body, read under the request's bound. */
  body: () => Promise<Buffer>;
}

/** The registry could not be asked (network, auth, server error): the verdict fails closed. */
export class RegistryError extends Error {}

const apiHost = (domain: string) => (domain === "docker.io" ? "registry-1.docker.io" : domain);

/** Plain HTTP only for the loopback registries Docker itself treats as insecure. */
const schemeFor = (domain: string) =>
  /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/.test(domain) ? "http" : "https";

/** Parses `Bearer realm="…",service="…",scope="…"` (or Basic) from WWW-Authenticate. */
export function parseChallenge(header: string): { scheme: string; params: Record<string, string> } {
  const space = header.indexOf(" ");
  const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase();
  const params: Record<string, string> = {};
  for (const m of header.slice(space + 1).matchAll(/([A-Za-z_]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]+))/g)) {
    params[m[1].toLowerCase()] = m[2] ?? m[3];
  }
  return { scheme, params };
}

/**
 * A read-only client of the registry HTTP API v2 for one repository: anonymous first, then what
 * the 401 challenge asks for (Basic with the credentials, or a Bearer token from the realm).
 */
export class RegistryClient {
  private authorization?: string;
  private readonly base: string;
  private readonly doFetch: typeof fetch;

  constructor(
    private readonly ref: ImageRef,
    private readonly options: RegistryOptions = {},
  ) {
    this.base = `${schemeFor(ref.domain)}://${apiHost(ref.domain)}/v2/${ref.repository}`;
    this.doFetch = options.fetch ?? globalThis.fetch;
  }

  private where(): string {
    return `${this.ref.domain}/${this.ref.repository}`;
  }

  /**
   * One request with its bound: the timeout covers the answer and the reading of its body, so a
   * server that accepts the connection and never answers (or stops mid-body) cannot hold the stage.
   */
  private async request(url: string | URL, init: RequestInit, who: string): Promise<Answer> {
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = this.options.signal ? AbortSignal.any([timeout, this.options.signal]) : timeout;
    const fail = (error: unknown): never => {
      if (error instanceof RegistryError) throw error;
      if (timeout.aborted) throw new RegistryError(`${who} did not answer within ${timeoutMs}ms (defaults.timeout)`);
      if (signal.aborted) throw new RegistryError(`${who} had not answered when the stage's budget ran out`);
      const e = error as Error;
      throw new RegistryError(`cannot reach ${who} (${(e.cause as Error)?.message ?? e.message})`);
    };
    const response = await this.doFetch(url, { ...init, signal }).catch(fail);
    return { response, body: () => response.arrayBuffer().then(Buffer.from, fail) };
  }

  private async send(url: string, accept: string): Promise<Answer> {
    const attempt = () =>
      this.request(
        url,
        {
          headers: { Accept: accept, ...(this.authorization ? { Authorization: this.authorization } : {}) },
          redirect: "follow",
        },
        `the registry ${this.ref.domain}`,
      );
    let answer = await attempt();
    if (answer.response.status === 401 && !this.authorization) {
      await answer.response.body?.cancel();
      await this.authenticate(answer.response.headers.get("www-authenticate") ?? "");
      answer = await attempt();
    }
    const { status } = answer.response;
    if (status === 401 || status === 403) {
      await answer.response.body?.cancel();
      throw new RegistryError(
        `the registry refused access to ${this.where()} (HTTP ${status}); set DEPLOY_GATE_REGISTRY_USERNAME and DEPLOY_GATE_REGISTRY_PASSWORD in the environment's variables or secrets`,
      );
    }
    return answer;
  }

  private async authenticate(header: string): Promise<void> {
    const { scheme, params } = parseChallenge(header);
    const credentials = this.options.credentials?.(this.ref.domain);
    const basic = credentials
      ? `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`
      : undefined;
    if (scheme === "basic") {
      if (!basic) {
        throw new RegistryError(
          `the registry ${this.ref.domain} needs credentials; set DEPLOY_GATE_REGISTRY_USERNAME and DEPLOY_GATE_REGISTRY_PASSWORD in the environment's variables or secrets`,
        );
      }
      this.authorization = basic;
      return;
    }
    if (scheme !== "bearer" || !params.realm) {
      throw new RegistryError(`the registry ${this.ref.domain} asks for an unsupported authentication ("${scheme}")`);
    }
    const url = new URL(params.realm);
    if (params.service) url.searchParams.set("service", params.service);
    url.searchParams.set("scope", params.scope ?? `repository:${this.ref.repository}:pull`);
    const { response, body: read } = await this.request(
      url,
      { headers: basic ? { Authorization: basic } : {} },
      `the token service ${url.host}`,
    );
    if (!response.ok) {
      await response.body?.cancel();
      throw new RegistryError(
        `the token service ${url.host} refused a pull token for ${this.where()} (HTTP ${response.status}); check the registry credentials`,
      );
    }
    const text = (await read()).toString("utf8");
    let body: { token?: unknown; access_token?: unknown } = {};
    try {
      body = JSON.parse(text) ?? {};
    } catch {
      // Not JSON: reported below as an answer without a token.
    }
    const token = body.token ?? body.access_token;
    if (typeof token !== "string" || !token)
      throw new RegistryError(`the token service ${url.host} answered without a token`);
    this.authorization = `Bearer ${token}`;
  }

  private async getJson(
    path: string,
    accept: string,
  ): Promise<{ body: Buffer; json: unknown; digestHeader?: string } | undefined> {
    const { response, body: read } = await this.send(`${this.base}/${path}`, accept);
    if (response.status === 404) {
      await response.body?.cancel();
      return undefined;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new RegistryError(`the registry ${this.ref.domain} answered HTTP ${response.status} for ${this.where()}`);
    }
    const body = await read();
    let json: unknown;
    try {
      json = JSON.parse(body.toString("utf8"));
    } catch {
      throw new RegistryError(`the registry ${this.ref.domain} sent a manifest that is not JSON for ${this.where()}`);
    }
    return { body, json, digestHeader: response.headers.get("docker-content-digest") ?? undefined };
  }

  /** The image's manifest digest and revision label; undefined when the registry does not have it. */
  async inspect(): Promise<ImageInfo | undefined> {
    const reference = this.ref.digest ?? effectiveTag(this.ref);
    const top = await this.getJson(`manifests/${reference}`, MANIFEST_TYPES.join(", "));
    if (!top) return undefined;
    const digest = `sha256:${createHash("sha256").update(top.body).digest("hex")}`;
    if (this.ref.digest && this.ref.digest !== digest) {
      throw new RegistryError(`the registry served a manifest whose digest is not ${this.ref.digest}`);
    }
    let manifest = top.json as Manifest;
    if (manifest.manifests) {
      const chosen = pickFromIndex(manifest);
      const inner = chosen && (await this.getJson(`manifests/${chosen.digest}`, MANIFEST_TYPES.join(", ")));
      if (!inner) return { digest };
      manifest = inner.json as Manifest;
    }
    if (!manifest.config?.digest) return { digest, revision: revisionOf(undefined, manifest) };
    const config = await this.getJson(`blobs/${manifest.config.digest}`, "*/*");
    return { digest, revision: revisionOf(config?.json, manifest) };
  }
}
