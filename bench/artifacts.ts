// Artifacts benchmark: `deploy-gate artifacts` (the whole CLI) on a 100,000-file repository, for a
// first deploy and for a recorded deploy with one changed input, against the least git work the task needs, and digesting a 1 GiB file against `openssl dgst -sha256`.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileDigest } from "../src/core/artifacts/digest.js";
import { bundleCli } from "./bundle-cli.js";
import { median, ms } from "./stats.js";

const FILES = 100_000;
const RUNS = 11;
const GO_MOD = "module example.com/bench\n";

function timeProcess(command: string, args: string[], cwd: string): number {
  const start = process.hrtime.bigint();
  const out = spawnSync(command, args, { cwd, stdio: ["ignore", "ignore", "inherit"], maxBuffer: 1 << 30 });
  if (out.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${out.status}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const CONFIG = `version: 1
environments:
  production: {}
artifacts:
  - name: app
    path: bin/app
    inputs: [src/**, go.mod]
`;

/** A 100,000-file repository with a deploy-gate config, made with one `git fast-import` stream, then checked out. */
async function makeRepo(dir: string): Promise<void> {
  execFileSync("git", ["init", "-q", "-b", "main", dir]);
  const importer = spawn("git", ["fast-import", "--quiet"], { cwd: dir, stdio: ["pipe", "ignore", "inherit"] });
  const inline = (path: string, body: string) => `M 100644 inline ${path}\ndata ${Buffer.byteLength(body)}\n${body}\n`;
  // go.mod too: the artifact's globs are `src/**` and `go.mod`, and a glob matching nothing is a config error.
  const chunks: string[] = [
    "commit refs/heads/main\ncommitter bench <bench@example.com> 0 +0000\ndata 5\nbench\n",
    inline(".github/deploy-gate.yml", CONFIG),
    inline(".gitignore", "bin/\n.deploy-gate/\n"),
    inline("go.mod", GO_MOD),
  ];
  for (let i = 0; i < FILES; i++) chunks.push(inline(`src/d${Math.floor(i / 100)}/f${i % 100}.txt`, `file ${i}\n`));
  importer.stdin.end(chunks.join(""));
  await new Promise<void>((resolve, reject) =>
    importer.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`fast-import exited ${code}`)))),
  );
  execFileSync("git", ["checkout", "-q", "-f", "main"], { cwd: dir });
  // A realistic work tree: a few edits and untracked files that must be hashed by content.
  for (let i = 0; i < 20; i++) writeFileSync(join(dir, `src/d${i}/f1.txt`), `edited ${i}\n`);
  for (let i = 0; i < 20; i++) writeFileSync(join(dir, `src/d${i}/new.txt`), `untracked ${i}\n`);
  mkdirSync(join(dir, "bin"));
  writeFileSync(join(dir, "bin/app"), "build 1\n");
}

/** Median times of the floor (git listing HEAD's tree and the work tree's state) and of each command, interleaved. */
function race(repo: string, commands: string[][]): { floor: number; times: number[] } {
  const floor: number[] = [];
  const times: number[][] = commands.map(() => []);
  for (let i = 0; i < RUNS; i++) {
    floor.push(
      timeProcess("git", ["ls-tree", "-r", "HEAD"], repo) +
        timeProcess("git", ["status", "--porcelain", "-uall"], repo),
    );
    for (const [k, args] of commands.entries()) times[k].push(timeProcess(process.execPath, args, repo));
  }
  return { floor: median(floor), times: times.map(median) };
}

async function benchFingerprint(work: string): Promise<void> {
  const repo = join(work, "repo");
  const start = Date.now();
  await makeRepo(repo);
  console.log(`generated a ${FILES.toLocaleString("en")}-file repository in ${ms(Date.now() - start)}`);
  const cli = await bundleCli(work);
  const state = (name: string) => ["--state", join(work, name)];
  const artifacts = (name: string) => [cli, "artifacts", "--env", "production", "--json", ...state(name)];
  const verdict = (name: string) =>
    JSON.parse(execFileSync(process.execPath, artifacts(name), { cwd: repo, encoding: "utf8" })).stages[0].results[0]
      .verdict;
  // The usual case: a deploy recorded at the previous commit, and one input changed since (rebuilt).
  execFileSync(process.execPath, [cli, "record", "--env", "production", ...state("recorded.json")], { cwd: repo });
  writeFileSync(join(repo, "src/d500/f5.txt"), "changed since the deploy\n");
  execFileSync("git", ["commit", "-q", "-m", "one input", "--", "src/d500/f5.txt"], { cwd: repo });
  writeFileSync(join(repo, "bin/app"), "build 2\n");
  console.log(`verdicts: ${verdict("none.json")} with no record, ${verdict("recorded.json")} after one changed input`);
  // Warm the page cache and git's index once for both sides.
  timeProcess("git", ["status", "--porcelain", "-uall"], repo);
  const { floor, times } = race(repo, [
    artifacts("none.json"),
    artifacts("recorded.json"),
    [cli, "--version"],
    ["-e", "0"],
  ]);
  const floorText = `git ls-tree -r HEAD + git status --porcelain -uall ${ms(floor)}`;
  for (const [k, what] of ["first deploy", "recorded deploy, one input changed"].entries()) {
    console.log(
      `deploy-gate artifacts, ${what}: ${ms(times[k])} (node start-up included) vs ${floorText}: ${(times[k] / floor).toFixed(2)}x (goal <= 1.5x; median of ${RUNS})`,
    );
  }
  // What the floor never pays: the share of the gap that is starting the process, not fingerprinting.
  console.log(
    `of which start-up: deploy-gate --version ${ms(times[2])}, bare node ${ms(times[3])} (${((times[2] - times[3]) / floor).toFixed(2)}x of the floor is loading the CLI's modules, ${(times[3] / floor).toFixed(2)}x is node itself)`,
  );
}

async function benchDigest(work: string): Promise<void> {
  const file = join(work, "big.bin");
  const block = randomBytes(16 * 1024 * 1024);
  const fd = openSync(file, "w");
  for (let i = 0; i < 64; i++) {
    block[0] = i;
    writeSync(fd, block);
  }
  closeSync(fd);
  const size = 1024 ** 3;
  timeProcess("openssl", ["dgst", "-sha256", file], work);
  const opensslTimes: number[] = [];
  const gateTimes: number[] = [];
  for (let i = 0; i < 3; i++) {
    opensslTimes.push(timeProcess("openssl", ["dgst", "-sha256", file], work));
    const start = process.hrtime.bigint();
    await fileDigest(file);
    gateTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const openssl = median(opensslTimes);
  const gate = median(gateTimes);
  const rate = (t: number) => `${(size / 1024 ** 2 / (t / 1000)).toFixed(0)} MiB/s`;
  console.log(
    `digest 1 GiB file: deploy-gate ${ms(gate)} (${rate(gate)}) vs openssl dgst -sha256 ${ms(openssl)} (${rate(openssl)}): ${(openssl / gate).toFixed(2)}x its throughput (goal >= 0.9x; median of 3)`,
  );
}

export default async function artifactsBench(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), "deploy-gate-bench-"));
  try {
    await benchFingerprint(work);
    await benchDigest(work);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
