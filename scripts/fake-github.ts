// A stand-in for the parts of GitHub's REST API the app and the action use, on 127.0.0.1, with the
// state a real repository would have: pull requests, comments with their edit history, check runs,
// statuses, collaborators. The demo drives the real app against it; the benchmarks add latency.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

export interface Revision {
  editor: string;
  body: string;
  at: string;
}

export interface FakeComment {
  id: number;
  issue: number;
  user: { login: string; id: number; type: string };
  body: string;
  revisions: Revision[];
  created_at: string;
  updated_at: string;
}

export interface FakePull {
  number: number;
  head: string;
  base: string;
  author: string;
  labels: string[];
  body: string;
  files: { filename: string; sha: string; status: string }[];
}

export interface FakeRun {
  id: number;
  event: string;
  head_branch: string;
  head_sha: string;
  run_started_at: string;
}

export interface FakeGitHubOptions {
  /** Milliseconds added to every answer, as GitHub's own round trip. */
  latency?: number;
  /**
   * GitHub's secondary limit on content creation: past this many writes in any sliding minute,
   * a write is answered 403 "secondary rate limit" (and not carried out).
   */
  writesPerMinute?: number;
  /** The time the limit is judged by (a simulated clock in benchmarks); Date.now by default. */
  now?: () => number;
  /** Who the token belongs to: the author of everything the client writes. */
  bot?: { login: string; id: number };
  /** The app the token belongs to: the app of every check run the client creates. */
  appId?: number;
}

export class FakeGitHub {
  readonly files = new Map<string, string>();
  readonly pulls = new Map<number, FakePull>();
  readonly comments = new Map<number, FakeComment>();
  readonly checkRuns: {
    id: number;
    head_sha: string;
    name: string;
    conclusion: string;
    output: any;
    external_id?: string;
  }[] = [];
  readonly statuses: {
    sha: string;
    context: string;
    state: string;
    description: string;
    target_url?: string;
    created_at?: string;
  }[] = [];
  /** Workflow runs by id, and the environments each still waits on (a decision removes one). */
  readonly runs = new Map<number, FakeRun>();
  readonly pending = new Map<number, string[]>();
  /** Protection rule reviews as posted: decisions carry `state`, status reports do not. */
  readonly reviews: { run: number; environment_name: string; state?: string; comment: string }[] = [];
  /** Merged pull requests, by the commit they were merged as. */
  readonly merged = new Map<string, { number: number; head: string }>();
  readonly permissions = new Map<string, string>();
  /** Every request, as "METHOD /path", in order. */
  readonly requests: string[] = [];
  /** The most requests that were ever in flight at once. */
  maxInFlight = 0;
  /** Writes refused with a secondary-rate-limit 403. */
  secondaryLimited = 0;
  private inFlight = 0;
  private readonly writeTimes: number[] = [];
  private readonly faults: {
    method: string;
    path: RegExp;
    status: number;
    body: unknown;
    headers: Record<string, string>;
  }[] = [];
  readonly bot: { login: string; id: number };
  private server?: Server;
  private nextId = 100;
  private clock = Date.parse("2026-11-30T09:00:00Z");

  constructor(
    readonly owner: string,
    readonly repo: string,
    private readonly options: FakeGitHubOptions = {},
  ) {
    this.bot = options.bot ?? { login: "deploy-gate[bot]", id: 4242 };
  }

  /** A timestamp a second after the last one: histories stay ordered without waiting. */
  now(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString();
  }

  async listen(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", () => resolve()));
    return `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** A person edits a comment in the browser: the edit is recorded as theirs. */
  edit(id: number, editor: string, body: string): { from: string; comment: FakeComment } {
    const comment = this.comment(id);
    const from = comment.body;
    comment.body = body;
    comment.updated_at = this.now();
    comment.revisions.push({ editor, body, at: comment.updated_at });
    return { from, comment };
  }

  /** The next request that matches is answered with this instead (once). */
  failNext(method: string, path: RegExp, status: number, body: unknown, headers: Record<string, string> = {}) {
    this.faults.push({ method, path, status, body, headers });
  }

  comment(id: number): FakeComment {
    const comment = this.comments.get(id);
    if (!comment) throw new Error(`no comment ${id}`);
    return comment;
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : {};
    const url = new URL(req.url ?? "/", "http://fake");
    const method = req.method ?? "GET";
    this.requests.push(`${method} ${url.pathname}`);
    this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
    try {
      if (this.options.latency) await new Promise((r) => setTimeout(r, this.options.latency));
      const [status, data, headers] = this.answer(method, url, body, String(req.headers.accept));
      res.writeHead(status, headers);
      res.end(data);
    } finally {
      this.inFlight--;
    }
  }

  private answer(
    method: string,
    url: URL,
    body: any,
    accept: string,
  ): [number, string | Buffer, Record<string, string>] {
    const json = { "content-type": "application/json; charset=utf-8" };
    const fault = this.faults.findIndex((f) => f.method === method && f.path.test(url.pathname));
    if (fault >= 0) {
      const [f] = this.faults.splice(fault, 1);
      return [f.status, JSON.stringify(f.body), { ...json, ...f.headers }];
    }
    const query = url.pathname.endsWith("/graphql") && !/^\s*mutation\b/.test(String(body.query ?? ""));
    if (method !== "GET" && !query && this.options.writesPerMinute !== undefined) {
      const now = (this.options.now ?? Date.now)();
      if (this.writeTimes.filter((t) => t > now - 60_000).length >= this.options.writesPerMinute) {
        this.secondaryLimited++;
        const message = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.";
        return [403, JSON.stringify({ message }), { ...json, "retry-after": "60" }];
      }
      this.writeTimes.push(now);
    }
    const [status, data] =
      method === "POST" && url.pathname.endsWith("/graphql")
        ? this.graphql(body)
        : this.route(method, decodeURIComponent(url.pathname), body, url.searchParams);
    // Probot's config plugin asks for a file's raw bytes.
    if (typeof data === "object" && data && "content" in data && accept.includes(".raw")) {
      return [status, Buffer.from(String(data.content), "base64"), { "content-type": "text/plain; charset=utf-8" }];
    }
    return [status, JSON.stringify(data), json];
  }

  private route(method: string, path: string, body: any, query: URLSearchParams): [number, unknown] {
    const prefix = `/repos/${this.owner}/${this.repo}`;
    const rest = path.startsWith(prefix) ? path.slice(prefix.length) : undefined;
    for (const [verb, pattern, answer] of this.routes) {
      const m = rest === undefined || verb !== method ? null : rest.match(pattern);
      if (m) return answer(m, body, query);
    }
    return [404, { message: `the fake GitHub has no ${method} ${path}` }];
  }

  private readonly notFound: [number, unknown] = [404, { message: "Not Found" }];

  private readonly routes: [
    string,
    RegExp,
    (m: RegExpMatchArray, body: any, query: URLSearchParams) => [number, unknown],
  ][] = [
    [
      "GET",
      /^\/contents\/(.+)$/,
      (m) => {
        const text = this.files.get(m[1]);
        return text === undefined
          ? this.notFound
          : [200, { type: "file", encoding: "base64", path: m[1], content: Buffer.from(text).toString("base64") }];
      },
    ],
    [
      "GET",
      /^\/pulls\/(\d+)$/,
      (m) => {
        const pull = this.pulls.get(Number(m[1]));
        return pull ? [200, this.pullJson(pull)] : this.notFound;
      },
    ],
    [
      "GET",
      /^\/pulls\/(\d+)\/files$/,
      (m, _body, query) => {
        const pull = this.pulls.get(Number(m[1]));
        return pull ? [200, Number(query.get("page") ?? 1) > 1 ? [] : pull.files] : this.notFound;
      },
    ],
    [
      "GET",
      /^\/issues\/(\d+)\/comments$/,
      (m, _body, query) => {
        const mine = [...this.comments.values()].filter((c) => c.issue === Number(m[1]));
        return [200, Number(query.get("page") ?? 1) > 1 ? [] : mine.map((c) => this.commentJson(c))];
      },
    ],
    [
      "POST",
      /^\/issues\/(\d+)\/comments$/,
      (m, body) => {
        const at = this.now();
        const comment: FakeComment = {
          id: this.nextId++,
          issue: Number(m[1]),
          user: { ...this.bot, type: "Bot" },
          body: body.body,
          revisions: [{ editor: this.bot.login, body: body.body, at }],
          created_at: at,
          updated_at: at,
        };
        this.comments.set(comment.id, comment);
        return [201, this.commentJson(comment)];
      },
    ],
    [
      "PATCH",
      /^\/issues\/comments\/(\d+)$/,
      (m, body) => {
        if (!this.comments.has(Number(m[1]))) return this.notFound;
        return [200, this.commentJson(this.edit(Number(m[1]), this.bot.login, body.body).comment)];
      },
    ],
    [
      "GET",
      /^\/collaborators\/([^/]+)\/permission$/,
      (m) => {
        const permission = this.permissions.get(m[1]) ?? "read";
        return [200, { permission, role_name: permission, user: { login: m[1] } }];
      },
    ],
    [
      "POST",
      /^\/check-runs$/,
      (_m, body) => {
        const run = { id: this.nextId++, ...body, app: { id: this.options.appId ?? 1 } };
        this.checkRuns.push(run);
        return [201, run];
      },
    ],
    [
      "POST",
      /^\/statuses\/([^/]+)$/,
      (m, body) => {
        this.statuses.push({ sha: m[1], ...body, created_at: this.now() });
        return [201, body];
      },
    ],
    [
      "GET",
      /^\/commits\/([0-9a-f]{40})\/statuses$/,
      (m, _body, query) => {
        const all = this.statuses.filter((st) => st.sha === m[1]).reverse();
        const page = Number(query.get("page") ?? 1);
        return [200, all.slice((page - 1) * 100, page * 100)];
      },
    ],
    [
      "GET",
      /^\/commits\/([0-9a-f]{40})\/check-runs$/,
      (m, _body, query) => {
        const runs = this.checkRuns
          .filter((r) => r.head_sha === m[1] && (!query.get("check_name") || r.name === query.get("check_name")))
          .map((r) => ({ ...r, status: "completed" }));
        return [200, { total_count: runs.length, check_runs: runs }];
      },
    ],
    [
      "GET",
      /^\/commits\/([0-9a-f]{40})\/pulls$/,
      (m) => {
        const pr = this.merged.get(m[1]);
        const json = pr && { number: pr.number, merged_at: this.now(), merge_commit_sha: m[1], head: { sha: pr.head } };
        return [200, json ? [json] : []];
      },
    ],
    [
      "GET",
      /^\/actions\/runs$/,
      (_m, _body, query) => {
        const runs = [...this.runs.values()].filter(
          (r) =>
            r.head_sha === query.get("head_sha") &&
            (query.get("status") !== "waiting" || (this.pending.get(r.id) ?? []).length > 0),
        );
        return [200, { total_count: runs.length, workflow_runs: runs.map((r) => this.runJson(r)) }];
      },
    ],
    [
      "GET",
      /^\/actions\/runs\/(\d+)$/,
      (m) => {
        const run = this.runs.get(Number(m[1]));
        return run ? [200, this.runJson(run)] : this.notFound;
      },
    ],
    [
      "GET",
      /^\/actions\/runs\/(\d+)\/pending_deployments$/,
      (m) => [
        200,
        (this.pending.get(Number(m[1])) ?? []).map((name, i) => ({
          environment: { id: i + 1, name },
          wait_timer: 0,
          wait_timer_started_at: null,
          current_user_can_approve: false,
          reviewers: [],
        })),
      ],
    ],
    [
      "POST",
      /^\/actions\/runs\/(\d+)\/deployment_protection_rule$/,
      (m, body) => {
        const run = Number(m[1]);
        const waiting = this.pending.get(run) ?? [];
        if (!waiting.includes(body.environment_name)) return [422, { message: "No pending deployment" }];
        this.reviews.push({ run, ...body });
        if (body.state)
          this.pending.set(
            run,
            waiting.filter((name) => name !== body.environment_name),
          );
        return [204, undefined];
      },
    ],
  ];

  private runJson(r: FakeRun) {
    const repository = { id: 1, full_name: `${this.owner}/${this.repo}` };
    return {
      ...r,
      created_at: r.run_started_at,
      html_url: `https://github.com/${this.owner}/${this.repo}/actions/runs/${r.id}`,
      repository,
      head_repository: repository,
      pull_requests: [],
    };
  }

  /** The latest check run of a name on a commit, as GitHub shows it on the PR. */
  latestCheck(sha: string, name: string) {
    return this.checkRuns.filter((r) => r.head_sha === sha && r.name === name).at(-1);
  }

  /**
   * GraphQL, as far as deploy-gate asks it: a comment's edit history (`userContentEdits`, newest
   * first, the created revision included once the comment was edited; bots named without `[bot]`).
   */
  private graphql(body: { query?: string; variables?: { id?: string } }): [number, unknown] {
    const id = Number(String(body.variables?.id ?? "").replace(/^IC_/, ""));
    const comment = this.comments.get(id);
    if (!/userContentEdits/.test(body.query ?? ""))
      return [200, { errors: [{ message: "the fake GitHub answers only userContentEdits" }] }];
    if (!comment) return [200, { data: { node: null } }];
    const actor = (login: string) =>
      login.endsWith("[bot]") ? { __typename: "Bot", login: login.slice(0, -5) } : { __typename: "User", login };
    const edits = comment.revisions.length > 1 ? comment.revisions : [];
    return [
      200,
      {
        data: {
          node: {
            body: comment.body,
            createdAt: comment.created_at,
            includesCreatedEdit: edits.length > 0,
            author: actor(comment.user.login),
            userContentEdits: {
              pageInfo: { hasNextPage: false, endCursor: null },
              nodes: edits
                .map((r) => ({ editedAt: r.at, deletedAt: null, diff: r.body, editor: actor(r.editor) }))
                .reverse(),
            },
          },
        },
      },
    ];
  }

  private commentJson(c: FakeComment) {
    return {
      id: c.id,
      node_id: `IC_${c.id}`,
      body: c.body,
      user: c.user,
      created_at: c.created_at,
      updated_at: c.updated_at,
      html_url: `https://github.com/${this.owner}/${this.repo}/pull/${c.issue}#issuecomment-${c.id}`,
    };
  }

  private pullJson(p: FakePull) {
    return {
      number: p.number,
      state: "open",
      body: p.body,
      user: { login: p.author },
      labels: p.labels.map((name) => ({ name })),
      head: { sha: p.head, ref: "feature" },
      base: { ref: p.base, sha: "0".repeat(40) },
      html_url: `https://github.com/${this.owner}/${this.repo}/pull/${p.number}`,
    };
  }
}
