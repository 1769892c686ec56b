// GitHub for the app's replicas: many repositories (each a FakeGitHub) on one 127.0.0.1 address,
// with the app-level endpoints an app process calls (installation tokens, `GET /app`) and the
// webhook deliveries log the redeliver command reads (`GET /app/hook/deliveries`, paged by cursor).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { HookDelivery } from "../src/app/redeliver.js";
import { apiUrl, bodyOf, FakeGitHub, type FakeGitHubOptions } from "./fake-github.js";

/** One attempt of a delivery, as GitHub lists it (the shape the redeliver command reads). */
export type FakeDelivery = HookDelivery;

export class FakeGitHubHost {
  readonly repos = new Map<string, FakeGitHub>();
  /** The app's deliveries, newest first, as `GET /app/hook/deliveries` pages them. */
  readonly deliveries: FakeDelivery[] = [];
  /** The delivery ids a `POST /app/hook/deliveries/{id}/attempts` asked for, in order. */
  readonly redelivered: number[] = [];
  /** When set, every redelivery is refused (404), as for a delivery GitHub no longer keeps. */
  refuse = false;
  /** Installation tokens minted, one per request. */
  tokens = 0;
  private server?: Server;
  private base = "";

  constructor(
    private readonly options: FakeGitHubOptions = {},
    private readonly pageSize = 100,
  ) {}

  /** The repository `owner/name`, created on first use; comment ids never collide across them. */
  repo(owner: string, name: string): FakeGitHub {
    const key = `${owner}/${name}`;
    let repo = this.repos.get(key);
    if (!repo) {
      repo = new FakeGitHub(owner, name, { ...this.options, firstId: (this.repos.size + 1) * 1_000_000 });
      this.repos.set(key, repo);
    }
    return repo;
  }

  /** Every request any repository was sent. */
  get requests(): string[] {
    return [...this.repos.values()].flatMap((r) => r.requests);
  }

  async listen(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", () => resolve()));
    this.base = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this.base;
  }

  /** For GHE_HOST: the app then calls `http://HOST/api/v3`. */
  get host(): string {
    return this.base.replace(/^http:\/\//, "");
  }

  close(): Promise<void> {
    this.server?.closeAllConnections();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const method = req.method ?? "GET";
    const url = apiUrl(req);
    const body = await bodyOf(req);
    const json = (status: number, data: unknown, headers: Record<string, string> = {}) =>
      res
        .writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers })
        .end(JSON.stringify(data));
    if (method === "POST" && /^\/app\/installations\/\d+\/access_tokens$/.test(url.pathname)) {
      this.tokens++;
      const expires = new Date(Date.now() + 3_600_000).toISOString();
      return json(201, {
        token: `ghs_fake${this.tokens}`,
        expires_at: expires,
        permissions: {},
        repository_selection: "all",
      });
    }
    if (method === "GET" && url.pathname === "/app") return json(200, { id: 1, slug: "deploy-gate" });
    if (method === "GET" && url.pathname === "/app/hook/deliveries") return this.listDeliveries(url, json);
    const attempt = /^\/app\/hook\/deliveries\/(\d+)\/attempts$/.exec(url.pathname);
    if (method === "POST" && attempt) {
      if (this.refuse || !this.deliveries.some((d) => d.id === Number(attempt[1]))) {
        return json(404, { message: "Not Found" });
      }
      const original = this.deliveries.find((d) => d.id === Number(attempt[1])) as FakeDelivery;
      this.redelivered.push(original.id);
      // GitHub lists the new attempt first; here the app took it.
      const id = Math.max(...this.deliveries.map((d) => d.id)) + 1;
      this.deliveries.unshift({
        ...original,
        id,
        redelivery: true,
        status: "OK",
        status_code: 200,
        delivered_at: new Date().toISOString(),
      });
      return json(202, {});
    }
    const target =
      url.pathname === "/graphql"
        ? [...this.repos.values()].find((r) => r.comments.has(Number(String(body.variables?.id).replace(/^IC_/, ""))))
        : this.repos.get(/^\/repos\/([^/]+\/[^/]+)\//.exec(url.pathname)?.[1] ?? "");
    if (!target && url.pathname === "/graphql") return json(200, { data: { node: null } });
    if (!target) return json(404, { message: `the fake GitHub has no ${method} ${url.pathname}` });
    await target.serve(method, url, body, String(req.headers.accept), res);
  }

  /** Newest first, `pageSize` a page, the next page named by a cursor in the Link header, as GitHub does. */
  private listDeliveries(url: URL, json: (status: number, data: unknown, headers?: Record<string, string>) => void) {
    const from = Number(url.searchParams.get("cursor") ?? 0);
    const size = Math.min(Number(url.searchParams.get("per_page") ?? 30), this.pageSize);
    const page = this.deliveries.slice(from, from + size);
    const headers: Record<string, string> = {};
    if (from + size < this.deliveries.length) {
      headers.link = `<${this.base}/api/v3/app/hook/deliveries?per_page=${size}&cursor=${from + size}>; rel="next"`;
    }
    json(200, page, headers);
  }
}
