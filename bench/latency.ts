// Latency bench: the real app, in this process, against the in-repo fake GitHub (real HTTP on
// 127.0.0.1 with a latency per request), from delivery to the last API request done. The peer is
// the same app on Probot's default throttling (a fixed second between writes), measured in the
// same run. Then a burst of 300 events for one installation against a fake that refuses writes
// past 80 in any minute, on a simulated clock (an hour of GitHub's budget passes in seconds).
import { ProbotOctokit } from "probot";
import { appUnderTest, tickAll } from "../scripts/app-under-test.js";
import { FakeGitHub, type FakePull } from "../scripts/fake-github.js";
import { limitedProbotOctokit } from "../src/app/octokit.js";
import { type Clock, WriteLimiter } from "../src/github/write-limiter.js";
import { pct } from "./stats.js";

const CHECK = "deploy-gate/checklist";
const CONFIG = `version: 1
checklist:
  reset: on-push
  items:
    - { id: api-key, text: "API key still works", paths: [api/**] }
    - { id: rollback, text: "Rolled back and forward again" }
    - { id: docs, text: "Docs updated", optional: true }
`;

const sha = (n: number, salt: number) => `${salt.toString(16)}${n.toString(16).padStart(6, "0")}`.padEnd(40, "e");
const pull = (n: number): FakePull => ({
  number: n,
  head: sha(n, 1),
  base: "main",
  author: "mona",
  labels: [],
  body: "",
  files: [{ filename: "api/a.go", sha: "a".repeat(40), status: "modified" }],
});

/** Probot's Octokit at `baseUrl`, with the limiter or with Probot's own throttling. */
function octokitFor(baseUrl: string, limiter?: WriteLimiter): typeof ProbotOctokit {
  const Base = limiter ? limitedProbotOctokit(limiter) : ProbotOctokit;
  return Base.defaults((options: any) => ({ ...options, baseUrl, retry: { enabled: false } })) as typeof ProbotOctokit;
}

interface Figures {
  [event: string]: { times: number[]; requests: number[] };
}

/** `runs` PRs, each opened, ticked by a reviewer, then pushed to: each event timed alone. */
async function measure(latency: number, runs: number, limiter?: WriteLimiter): Promise<Figures> {
  const github = new FakeGitHub("acme", "web", { latency });
  const app = await appUnderTest(github, octokitFor(await github.listen(), limiter));
  github.files.set(".github/deploy-gate.yml", CONFIG);
  github.permissions.set("lead", "write");
  const figures: Figures = {};
  const time = async (event: string, work: () => Promise<void>) => {
    const before = github.requests.length;
    const start = performance.now();
    await work();
    figures[event] ??= { times: [], requests: [] };
    const entry = figures[event];
    entry.times.push(performance.now() - start);
    entry.requests.push(github.requests.length - before);
  };
  try {
    for (let n = 1; n <= runs; n++) {
      await time("pull_request.opened", () => app.open(pull(n)));
      await time("issue_comment.edited (a tick)", () => app.edit(n, "lead", tickAll));
      await time("pull_request.synchronize", () => app.push(n, sha(n, 2)));
    }
  } finally {
    await github.close();
  }
  return figures;
}

/** A clock for the limiter and the fake alike, whose sleeps pass at once. */
function simulatedClock(): Clock {
  let now = Date.parse("2026-12-01T09:00:00Z");
  return {
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
  };
}

async function burst() {
  const clock = simulatedClock();
  const github = new FakeGitHub("acme", "web", { writesPerMinute: 80, now: clock.now });
  const app = await appUnderTest(github, octokitFor(await github.listen(), new WriteLimiter({ clock })));
  github.files.set(".github/deploy-gate.yml", CONFIG);
  github.permissions.set("lead", "write");
  github.permissions.set("guest", "read");
  const prs = Array.from({ length: 60 }, (_, i) => i + 1);
  const start = clock.now();
  const wall = performance.now();
  try {
    // 60 PRs opened at once, then on each: a refused tick, a partial tick, a full tick, a no-op edit.
    await Promise.all(prs.map((n) => app.open(pull(n))));
    await Promise.all(
      prs.map(async (n) => {
        await app.edit(n, "guest", tickAll);
        await app.edit(n, "lead", (b) => b.replace("- [ ]", "- [x]"));
        await app.edit(n, "lead", tickAll);
        await app.edit(n, "lead", (b) => `${b}`);
      }),
    );
    const wrong = prs.filter((n) => github.latestCheck(pull(n).head, CHECK)?.conclusion !== "success");
    const writes = github.requests.filter((r) => !r.startsWith("GET")).length;
    console.log(
      `burst: 300 events, 1 installation, ${writes} writes: ${github.secondaryLimited} secondary-limit 403s (goal 0); ` +
        `${prs.length - wrong.length}/${prs.length} checks end success as they should; ` +
        `${((clock.now() - start) / 60_000).toFixed(1)} simulated minutes of GitHub's budget in ${((performance.now() - wall) / 1000).toFixed(1)} s`,
    );
  } finally {
    await github.close();
  }
}

export default async function bench(): Promise<void> {
  const runs = Number(process.env.BENCH_RUNS ?? 40);
  const peerRuns = Math.max(5, Math.floor(runs / 4));
  console.log(
    `The app against the fake GitHub; ${runs} events of each type (the peer: ${peerRuns}); ms from delivery to the last API request.`,
  );
  console.log("latency  event                            requests  p50      p95      peer p95  ratio");
  for (const latency of [0, 20]) {
    const ours = await measure(latency, runs, new WriteLimiter());
    const peer = latency === 20 ? await measure(latency, peerRuns) : undefined;
    for (const [event, { times, requests }] of Object.entries(ours)) {
      const peerP95 = peer ? pct(peer[event].times, 95) : undefined;
      console.log(
        `${`${latency} ms`.padEnd(9)}${event.padEnd(33)}${`${Math.min(...requests)}-${Math.max(...requests)}`.padEnd(10)}` +
          `${pct(times, 50).toFixed(1).padStart(6)}  ${pct(times, 95).toFixed(1).padStart(7)}  ` +
          `${peerP95 === undefined ? "" : `${peerP95.toFixed(1).padStart(8)}  ${(pct(times, 95) / peerP95).toFixed(2)}x`}`,
      );
    }
  }
  await burst();
}
