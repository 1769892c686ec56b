// Protection rule bench: the real app, in this process, against the in-repo fake GitHub (real
// HTTP on 127.0.0.1, with a latency per request), from the delivery of a
// deployment_protection_rule (or status) event to the decision posted: the requests it made and
// the time it took. The physical floor is the requests times the latency, printed beside it.
import { Probot } from "probot";
import { unthrottled } from "../scripts/app-under-test.js";
import { FakeGitHub } from "../scripts/fake-github.js";
import { createApp } from "../src/app/index.js";
import { mergedPull, requestedPayload } from "../test/helpers/protection.js";
import { pct } from "./stats.js";

const APP_ID = 4242;
const CONFIG = `version: 1
environments:
  production:
    protection:
      require: [artifacts, preflight, checklist]
      refs: [main]
      events: [push]
`;

const sha = (n: number) => n.toString(16).padStart(40, "a");
const head = (n: number) => n.toString(16).padStart(40, "b");

type Scenario = "approve" | "reject (ref)" | "pending, then a status approves";

async function measure(latency: number, runs: number) {
  const github = new FakeGitHub("Codertocat", "Hello-World", { latency, appId: APP_ID });
  const baseUrl = await github.listen();
  github.files.set(".github/deploy-gate.yml", CONFIG);
  const probot = new Probot({ githubToken: "token", logLevel: "fatal", Octokit: unthrottled(baseUrl) });
  await probot.load(createApp({ key: "bench", appId: APP_ID }));
  let delivery = 0;
  const send = (name: string, payload: any) => probot.receive({ id: `d-${++delivery}`, name, payload } as never);
  const figures = new Map<string, { times: number[]; requests: number[] }>();
  const time = async (what: string, work: () => Promise<unknown>) => {
    const before = github.requests.length;
    const start = performance.now();
    await work();
    const entry = figures.get(what) ?? { times: [], requests: [] };
    entry.times.push(performance.now() - start);
    entry.requests.push(github.requests.length - before);
    figures.set(what, entry);
  };
  const status = (run: number, n: number, context: string, state = "success") =>
    github.statuses.push({
      sha: sha(n),
      context,
      state,
      description: "passed",
      target_url: `https://github.com/Codertocat/Hello-World/actions/runs/${run}`,
      created_at: new Date().toISOString(),
    });
  try {
    for (let n = 1; n <= runs; n++) {
      for (const scenario of ["approve", "reject (ref)", "pending, then a status approves"] as Scenario[]) {
        const run = n * 10 + ["approve", "reject (ref)", "pending, then a status approves"].indexOf(scenario);
        github.runs.set(run, {
          id: run,
          event: "push",
          head_branch: "main",
          head_sha: sha(n),
          run_started_at: "2026-12-01T00:00:00Z",
        });
        github.pending.set(run, ["production"]);
        github.checkRuns.push({
          id: run,
          head_sha: head(n),
          name: "deploy-gate/checklist",
          conclusion: "success",
          output: { title: "3 of 3 ticked" },
          app: { id: APP_ID },
        } as never);
        const payload = requestedPayload({
          sha: sha(n),
          runId: run,
          api: baseUrl,
          ref: scenario === "reject (ref)" ? "feature/x" : "main",
          pulls: [mergedPull(n, sha(n), head(n))],
        });
        status(run, n, "deploy-gate/artifacts (production)");
        if (scenario !== "pending, then a status approves") status(run, n, "deploy-gate/preflight (production)");
        await time(`${scenario}: deployment_protection_rule`, () => send("deployment_protection_rule", payload));
        if (scenario === "pending, then a status approves") {
          status(run, n, "deploy-gate/preflight (production)");
          const event = { ...payload, sha: sha(n), context: "deploy-gate/preflight (production)", state: "success" };
          await time(`${scenario}: status`, () => send("status", event));
        }
        if ((github.pending.get(run) ?? []).length) throw new Error(`run ${run} (${scenario}) was not decided`);
      }
    }
  } finally {
    await github.close();
  }
  return figures;
}

export default async function bench(): Promise<void> {
  const runs = Number(process.env.BENCH_RUNS ?? 30);
  console.log(
    `The protection rule against the fake GitHub; ${runs} deploys per scenario; ms from delivery to the decision (or report) posted.`,
  );
  console.log("latency  event                                                       requests  p50      p95      floor");
  for (const latency of [0, 20]) {
    for (const [what, { times, requests }] of await measure(latency, runs)) {
      const most = Math.max(...requests);
      console.log(
        `${`${latency} ms`.padEnd(9)}${what.padEnd(60)}${`${Math.min(...requests)}-${most}`.padEnd(10)}` +
          `${pct(times, 50).toFixed(1).padStart(6)}  ${pct(times, 95).toFixed(1).padStart(7)}  ${(most * latency).toFixed(0).padStart(6)}`,
      );
    }
  }
}
