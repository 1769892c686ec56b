// Preflight: concurrency against the physical limit (one check's latency), and the bound a hung
// check's timeout puts on the stage. Real HTTP on 127.0.0.1; nothing here asserts a time.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig } from "../src/core/config/load.js";
import { prepareEnvironment } from "../src/core/environment/prepare.js";
import { runPreflightStage } from "../src/core/preflight/stage.js";

const DELAY_MS = 400;

/**
 * The local server runs in its own process, as a real endpoint would: on 2 cores, serving 48
 * requests from the gate's own event loop would bill the server's work to the runner.
 */
const SERVER = `
const { createServer } = require("node:http");
const server = createServer((req, res) => {
  if (req.url === "/hang") return;
  setTimeout(() => res.end("ok"), req.url === "/fast" ? 0 : ${DELAY_MS});
});
server.listen(0, "127.0.0.1", () => process.stdout.write(String(server.address().port) + "\\n"));
`;

async function serve(): Promise<{ base: string; close: () => Promise<void> }> {
  const child = spawn(process.execPath, ["-e", SERVER], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout.once("data", (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once("exit", (code) => reject(new Error(`the bench server exited (${code})`)));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill();
      }),
  };
}

async function timeStage(repo: string, checks: string[], defaults = ""): Promise<{ ms: number; verdicts: string }> {
  const yaml = `version: 1\n${defaults ? `defaults: ${defaults}\n` : ""}environments:\n  bench: {}\npreflight:\n${checks.join("")}`;
  const loaded = parseConfig(yaml, "bench.yml");
  const { environment, loadOther } = await prepareEnvironment(loaded, "bench", { repo });
  const start = performance.now();
  const stage = await runPreflightStage({ loaded, environment, repo, loadOther });
  const ms = performance.now() - start;
  const counts = new Map<string, number>();
  for (const r of stage.results) counts.set(r.verdict, (counts.get(r.verdict) ?? 0) + 1);
  return { ms, verdicts: [...counts].map(([v, n]) => `${n} ${v}`).join(", ") };
}

const http = (id: string, url: string, extra = "") => `  - { id: ${id}, type: http, url: "${url}"${extra} }\n`;
const fmt = (ms: number) => `${ms.toFixed(0)} ms`;

export default async function bench(): Promise<void> {
  const repo = mkdtempSync(join(tmpdir(), "deploy-gate-bench-"));
  writeFileSync(join(repo, "README"), "bench\n");
  const { base, close } = await serve();
  try {
    // Warm up the HTTP client once so the single-check figure is not a cold start.
    await timeStage(repo, [http("warm", `${base}/fast`)]);

    const one = await timeStage(repo, [http("one", `${base}/slow`)]);
    const many = Array.from({ length: 48 }, (_, i) => http(`c${i}`, `${base}/slow`));
    const byDefault = await timeStage(repo, many);
    const narrow = await timeStage(repo, many, "{ concurrency: 32 }");
    console.log(`server answers in ${DELAY_MS} ms; 1 check: ${fmt(one.ms)} (${one.verdicts})`);
    console.log(
      `48 checks, default concurrency 64 (one wave): ${fmt(byDefault.ms)} = ${(byDefault.ms / one.ms).toFixed(2)}x one check (goal <= 2x; physical limit 1.00x) (${byDefault.verdicts})`,
    );
    console.log(
      `48 checks, concurrency 32 (two waves):        ${fmt(narrow.ms)} = ${(narrow.ms / one.ms).toFixed(2)}x one check (physical limit 2.00x) (${narrow.verdicts})`,
    );

    const timeout = 1000;
    const mixed = [
      ...Array.from({ length: 20 }, (_, i) => http(`fast${i}`, `${base}/fast`)),
      ...Array.from({ length: 4 }, (_, i) => http(`hung${i}`, `${base}/hang`, `, timeout: ${timeout}ms`)),
    ];
    const hung = await timeStage(repo, mixed);
    console.log(
      `4 hung checks (timeout ${timeout} ms) among 20 fast ones: ${fmt(hung.ms)} = ${(hung.ms / timeout).toFixed(2)}x the timeout (goal: bounded by it, ~1.00x) (${hung.verdicts})`,
    );
    const budget = await timeStage(
      repo,
      mixed.map((c) => c.replace(`timeout: ${timeout}ms`, "timeout: 1m")),
      `{ budget: ${timeout}ms }`,
    );
    console.log(
      `same, timeout 1m but budget ${timeout} ms: ${fmt(budget.ms)} = ${(budget.ms / timeout).toFixed(2)}x the budget (${budget.verdicts})`,
    );
  } finally {
    await close();
    rmSync(repo, { recursive: true, force: true });
  }
}
