// Scale bench: 3 app processes on one real redis-server against the fake GitHub host (real HTTP on
// 127.0.0.1, a configurable latency per request), an organisation's load: 10 installations x 10
// repositories x 5 PRs x 10 events. Each repository's events go one after another (a person's
// pace), the 100 repositories at once, each delivery to a random replica and one in ten sent
// twice (a redelivery racing the first). The limiter's budgets are raised (BENCH_WRITE_BUDGET) so
// the app's own cost is measured; the latency bench's burst covers GitHub's real budgets. The peer
// is one process without Redis, on the same load, in the same run.
//   BENCH_SCALE=installations,repos,prs,events (default 10,10,5,10)  BENCH_LATENCY=ms (default 20)
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { type Delivery, deliveriesFor, post, tickAll } from "../scripts/app-under-test.js";
import type { FakeGitHub } from "../scripts/fake-github.js";
import { FakeGitHubHost } from "../scripts/fake-github-host.js";
import { freePort } from "../scripts/free-port.js";
import { pct } from "./stats.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SECRET = "bench-secret";
const CONFIG = `version: 1
checklist:
  items:
    - { id: api-key, text: "API key still works", paths: [api/**] }
    - { id: rollback, text: "Rolled back and forward again" }
    - { id: docs, text: "Docs updated", optional: true }
`;

/** A child process, stopped by its pid at the end. */
function child(argv: string[], env: Record<string, string>, ready: RegExp) {
  const proc = spawn(argv[0], argv.slice(1), { cwd: ROOT, env: { PATH: process.env.PATH ?? "", ...env } });
  let out = "";
  const started = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${argv.join(" ")} did not start:\n${out}`)), 60_000);
    const seen = (d: Buffer) => {
      out += d;
      if (ready.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    proc.stdout.on("data", seen);
    proc.stderr.on("data", seen);
  });
  started.catch(() => undefined);
  return { started, stop: () => proc.pid && process.kill(proc.pid, "SIGKILL") };
}

async function replicas(count: number, host: FakeGitHubHost, redisUrl?: string) {
  const key = (await import("node:crypto"))
    .generateKeyPairSync("rsa", { modulusLength: 2048 })
    .privateKey.export({ type: "pkcs1", format: "pem" })
    .toString();
  return Promise.all(
    Array.from({ length: count }, async () => {
      const port = await freePort();
      const app = child(
        [process.execPath, "--import", "tsx", "scripts/app-under-test.ts", "serve"],
        {
          APP_ID: "1",
          PRIVATE_KEY: key,
          WEBHOOK_SECRET: SECRET,
          GHE_HOST: host.host,
          GHE_PROTOCOL: "http",
          PORT: String(port),
          HOST: "127.0.0.1",
          LOG_LEVEL: "warn",
          LOG_FORMAT: "json",
          BENCH_WRITE_BUDGET: "1000000,10000000",
          ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
        },
        /$^/,
      );
      // Up once it answers its health check.
      for (let i = 0; ; i++) {
        const up = await fetch(`http://127.0.0.1:${port}/healthz`).then(
          (r) => r.ok,
          () => false,
        );
        if (up) break;
        if (i > 600) throw new Error("a replica did not start within a minute");
        await new Promise((r) => setTimeout(r, 100));
      }
      return { url: `http://127.0.0.1:${port}/api/github/webhooks`, stop: app.stop };
    }),
  );
}

/** One repository's 5 PRs x 10 events, in order; returns each event's kind, requests and time to its last call. */
async function drive(
  repo: FakeGitHub,
  installation: number,
  prs: number,
  events: number,
  send: (d: Delivery) => Promise<void>,
) {
  const make = deliveriesFor(repo, `i${installation}-${repo.repo}`);
  const timings: { kind: string; requests: number; ms: number }[] = [];
  const step = async (kind: string, delivery: () => Delivery) => {
    const before = repo.requests.length;
    const start = performance.now();
    await send(delivery());
    const last = repo.answeredAt.slice(before).reduce((a, b) => Math.max(a, b ?? 0), start);
    timings.push({ kind, requests: repo.requests.length - before, ms: last - start });
  };
  const plan: [string, (n: number, i: number) => Delivery][] = [
    [
      "opened",
      (n) =>
        make.open(
          {
            number: n,
            head: `${n}`.padEnd(40, "a"),
            base: "main",
            author: "mona",
            labels: [],
            body: "",
            files: [{ filename: "api/a.go", sha: "a".repeat(40), status: "modified" }],
          },
          installation,
        ),
    ],
    ["edit (tick)", (n) => make.edit(n, "lead", (b) => b.replace("- [ ]", "- [x]"), installation)],
    ["labeled", (n) => make.touch(n, "labeled", installation)],
    ["edit (tick)", (n) => make.edit(n, "lead", tickAll, installation)],
    ["synchronize", (n, i) => make.push(n, `${n}`.padEnd(39, "b") + String(i % 10), installation)],
    ["edit (tick)", (n) => make.edit(n, "lead", tickAll, installation)],
    ["unlabeled", (n) => make.touch(n, "unlabeled", installation)],
    ["edit (untick)", (n) => make.edit(n, "lead", (b) => b.replace("- [x]", "- [ ]"), installation)],
    ["edit (tick)", (n) => make.edit(n, "lead", tickAll, installation)],
    ["ready_for_review", (n) => make.touch(n, "ready_for_review", installation)],
  ];
  for (let n = 1; n <= prs; n++) {
    for (let i = 0; i < events; i++) {
      const [kind, delivery] = plan[i % plan.length];
      await step(kind, () => delivery(n, i));
    }
  }
  return timings;
}

interface Run {
  seconds: number;
  deliveries: number;
  timings: { kind: string; requests: number; ms: number }[];
  duplicates: number;
  failed: number;
}

async function run(count: number, redis: boolean, size: number[], latency: number): Promise<Run> {
  const [installations, repos, prs, events] = size;
  const host = new FakeGitHubHost({ latency });
  await host.listen();
  let redisServer: ReturnType<typeof child> | undefined;
  let redisUrl: string | undefined;
  if (redis) {
    const port = await freePort();
    redisServer = child(
      ["redis-server", "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      {},
      /Ready to accept connections/,
    );
    await redisServer.started;
    redisUrl = `redis://127.0.0.1:${port}`;
  }
  const apps = await replicas(count, host, redisUrl);
  let failed = 0;
  let sent = 0;
  const send = async (delivery: Delivery) => {
    sent++;
    const pick = () => apps[Math.floor(Math.random() * apps.length)].url;
    const twice = Math.random() < 0.1;
    const statuses = await Promise.all([
      post(pick(), SECRET, delivery, 60_000),
      ...(twice ? [post(pick(), SECRET, delivery, 60_000)] : []),
    ]);
    if (statuses.some((s) => s !== 200)) failed++;
  };
  const start = performance.now();
  try {
    const all = await Promise.all(
      Array.from({ length: installations * repos }, (_, r) => {
        const installation = Math.floor(r / repos) + 1;
        const repo = host.repo(`org${installation}`, `repo${r % repos}`);
        repo.files.set(".github/deploy-gate.yml", CONFIG);
        repo.permissions.set("lead", "write");
        return drive(repo, installation, prs, events, send);
      }),
    );
    const seconds = (performance.now() - start) / 1000;
    const fakes = [...host.repos.values()];
    const comments = fakes.reduce((n, f) => n + f.comments.size, 0);
    const checks = fakes.reduce((n, f) => n + f.checkRuns.length, 0);
    // Each event writes its check once; each PR has one comment.
    const duplicates = checks - sent + (comments - installations * repos * prs);
    return { seconds, deliveries: sent, timings: all.flat(), duplicates, failed };
  } finally {
    for (const app of apps) app.stop();
    redisServer?.stop();
    await host.close();
  }
}

export default async function bench(): Promise<void> {
  const size = (process.env.BENCH_SCALE ?? "10,10,5,10").split(",").map(Number);
  const latency = Number(process.env.BENCH_LATENCY ?? 20);
  console.log(
    `${size[0]} installations x ${size[1]} repositories x ${size[2]} PRs x ${size[3]} events against the fake GitHub at ${latency} ms a request; one delivery in ten sent twice; budgets raised.`,
  );
  const ours = await run(3, true, size, latency);
  const peer = await run(1, false, size, latency);
  const line = (name: string, r: Run) => {
    const times = r.timings.map((t) => t.ms);
    const edits = r.timings.filter((t) => t.kind.startsWith("edit")).map((t) => t.requests);
    const perEvent = r.timings.reduce((n, t) => n + t.requests, 0) / r.timings.length;
    console.log(
      `${name.padEnd(26)}${(r.deliveries / r.seconds).toFixed(1).padStart(8)} deliveries/s  p50 ${pct(times, 50).toFixed(0).padStart(5)} ms  p95 ${pct(times, 95).toFixed(0).padStart(5)} ms  ` +
        `duplicate writes ${r.duplicates} (goal 0)  failed ${r.failed}  requests/event ${perEvent.toFixed(2)}  per edit max ${Math.max(...edits)} (goal <= 4)`,
    );
  };
  console.log("setup                     throughput            time to the event's last API call");
  line("3 replicas, one Redis", ours);
  line("peer: 1 process, memory", peer);
  console.log(
    `ratio: ${(ours.deliveries / ours.seconds / (peer.deliveries / peer.seconds)).toFixed(2)}x the peer's deliveries/s`,
  );
}
