// Verify: 200 hosts on distinct loopback addresses switch to the new version one after another over
// a few seconds; the figure is how long the stage takes past the last host becoming ready, as a
// ratio of `interval` (the physical limit is one poll's latency; the goal is <= 1 interval), and
// the CPU the stage spent. The fleet runs in its own process, as real hosts would; nothing here
// asserts a time.
import { spawn } from "node:child_process";
import { setMaxListeners } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig } from "../src/core/config/load.js";
import { prepareEnvironment } from "../src/core/environment/prepare.js";
import { createPool } from "../src/core/preflight/pool.js";
import { createAgents, pollHost } from "../src/core/verify/probe.js";
import { runVerifyStage } from "../src/core/verify/stage.js";

const HOSTS = 200;
const SPREAD_MS = 3000;
const INTERVAL_MS = 500;
const RUNS = 3;

/** Host i (at 127.0.0.(2+i)) serves 1 until `start + (i+1) * step`, then 2; it prints the port, then "ready". */
const FLEET = `
const { createServer } = require("node:http");
const [hosts, step] = process.argv.slice(1).map(Number);
let start = 0;
let requests = 0;
const servers = [];
const listen = (i, port) => new Promise((resolve, reject) => {
  const at = (i + 1) * step;
  const s = createServer((req, res) => {
    requests++;
    const version = start && Date.now() - start >= at ? "2" : "1";
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ version }));
  });
  s.once("error", reject);
  s.listen(port, "127.0.0." + (2 + i), () => resolve(s.address().port));
  servers.push(s);
});
(async () => {
  const port = await listen(0, 0);
  for (let i = 1; i < hosts; i++) await listen(i, port);
  process.stdout.write(port + "\\n");
  process.stdin.on("data", (text) => {
    // A new run: every host is back on the old version until its turn.
    if (String(text).startsWith("go")) start = Date.now();
    process.stdout.write((String(text).startsWith("go") ? start : requests) + "\\n");
  });
})();
`;

async function startFleet() {
  const child = spawn(process.execPath, ["-e", FLEET, String(HOSTS), String(SPREAD_MS / HOSTS)], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines: string[] = [];
  const waiters: ((line: string) => void)[] = [];
  let buffer = "";
  child.stdout.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    for (let i = buffer.indexOf("\n"); i >= 0; i = buffer.indexOf("\n")) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      const waiter = waiters.shift();
      if (waiter) waiter(line);
      else lines.push(line);
    }
  });
  let exited: Error | undefined;
  child.once("exit", (code) => {
    exited = new Error(`the bench fleet exited (${code})`);
  });
  const next = () =>
    new Promise<string>((resolve, reject) => {
      const line = lines.shift();
      if (line !== undefined) return resolve(line);
      if (exited) return reject(exited);
      waiters.push(resolve);
    });
  const port = Number(await next());
  return {
    port,
    /** Starts the rollout; resolves with its start on the fleet's clock (the same machine's). */
    roll: async () => {
      child.stdin.write("go\n");
      return Number(await next());
    },
    /** Requests the fleet has answered. */
    requests: async () => {
      child.stdin.write("count\n");
      return Number(await next());
    },
    close: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill();
      }),
  };
}

export default async function bench(): Promise<void> {
  const repo = mkdtempSync(join(tmpdir(), "deploy-gate-bench-"));
  writeFileSync(join(repo, "README"), "bench\n");
  const fleet = await startFleet();
  try {
    const hosts = Array.from({ length: HOSTS }, (_, i) => `"127.0.0.${2 + i}:${fleet.port}"`).join(", ");
    const yaml = `version: 1
environments:
  bench: {}
verify:
  - id: web
    type: rollout
    hosts: [${hosts}]
    url: "http://{host}/healthz"
    expect: { status: 200, json: { "$.version": "2" } }
    interval: ${INTERVAL_MS}ms
    deadline: 1m
`;
    const loaded = parseConfig(yaml, "bench.yml");
    const { environment, loadOther } = await prepareEnvironment(loaded, "bench", { repo });
    // The floor: every host polled once, back to back under the same bound, by the same poll.
    const agents = createAgents();
    const pool = createPool(loaded.config.defaults.concurrency, new AbortController().signal);
    const target = {
      url: "http://{host}/healthz",
      expect: { status: 200 },
      paths: [],
      timeoutMs: 10_000,
      timeoutText: "10s",
      agents,
    };
    const never = new AbortController().signal;
    setMaxListeners(0, never);
    const sweepOnce = async () => {
      const sweepStart = performance.now();
      await Promise.all(
        Array.from({ length: HOSTS }, (_, i) =>
          pool(() => pollHost({ label: `127.0.0.${2 + i}:${fleet.port}` }, target, never)),
        ),
      );
      return performance.now() - sweepStart;
    };
    // The first sweep opens the connections; the second is what a round costs once they are open.
    await sweepOnce();
    const sweep = await sweepOnce();
    agents.destroy();
    const runs: { overhead: number; cpuMs: number; took: number; polls: number; verdict: string }[] = [];
    for (let run = 0; run < RUNS; run++) {
      const before = await fleet.requests();
      const started = await fleet.roll();
      const cpu = process.cpuUsage();
      const stage = await runVerifyStage({ loaded, environment, repo, loadOther });
      const ended = Date.now();
      const used = process.cpuUsage(cpu);
      runs.push({
        overhead: ended - (started + SPREAD_MS),
        cpuMs: (used.user + used.system) / 1000,
        took: ended - started,
        polls: (await fleet.requests()) - before,
        verdict: `${stage.results[0].verdict} (${stage.results[0].message})`,
      });
    }
    const sorted = [...runs].sort((a, b) => a.overhead - b.overhead);
    const median = sorted[Math.floor(sorted.length / 2)];
    const worst = sorted.at(-1)!;
    const ratio = (ms: number) => `${(ms / INTERVAL_MS).toFixed(2)}x`;
    console.log(
      `${HOSTS} hosts ready one by one over ${SPREAD_MS} ms, interval ${INTERVAL_MS} ms (with jitter), ${RUNS} runs: ${[...new Set(runs.map((r) => r.verdict))].join("; ")}`,
    );
    // A loaded machine stretches every poll: say how loaded it was.
    console.log(`load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`);
    console.log(
      `one sweep, connections open (every host polled once, same bound): ${sweep.toFixed(0)} ms = ${ratio(sweep)} interval`,
    );
    console.log(
      `past the last host becoming ready: median ${median.overhead} ms = ${ratio(median.overhead)} interval, worst ${worst.overhead} ms = ${ratio(worst.overhead)} (goal <= 1.00x; the floor is one poll, ~0.00x, or a sweep when the fleet is slow)`,
    );
    console.log(
      `CPU (median run): ${median.cpuMs.toFixed(0)} ms over ${median.took} ms = ${((100 * median.cpuMs) / median.took).toFixed(1)}% of one core; ${median.polls} polls, ${((median.cpuMs * 1000) / Math.max(1, median.polls)).toFixed(0)} µs of CPU each`,
    );
  } finally {
    await fleet.close();
    rmSync(repo, { recursive: true, force: true });
  }
}
