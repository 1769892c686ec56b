// Artifacts benchmark: fingerprinting the inputs of a 100,000-file repository against the least
// git work the task needs, and digesting a 1 GiB file against `openssl dgst -sha256`.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { fileDigest } from "../src/core/artifacts/digest.js";

const FILES = 100_000;
const RUNS = 11;
const GO_MOD = "module example.com/bench\n";

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (n: number) => `${n.toFixed(0)} ms`;

function timeProcess(command: string, args: string[], cwd: string): number {
  const start = process.hrtime.bigint();
  const out = spawnSync(command, args, { cwd, stdio: ["ignore", "ignore", "inherit"], maxBuffer: 1 << 30 });
  if (out.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${out.status}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** A 100,000-file repository made with one `git fast-import` stream, then checked out. */
async function makeRepo(dir: string): Promise<void> {
  execFileSync("git", ["init", "-q", "-b", "main", dir]);
  const importer = spawn("git", ["fast-import", "--quiet"], { cwd: dir, stdio: ["pipe", "ignore", "inherit"] });
  // go.mod too: the fingerprinter's globs are `src/**` and `go.mod`, and a glob matching nothing is a config error.
  const chunks: string[] = [
    "commit refs/heads/main\ncommitter bench <bench@example.com> 0 +0000\ndata 5\nbench\n",
    `M 100644 inline go.mod\ndata ${GO_MOD.length}\n${GO_MOD}\n`,
  ];
  for (let i = 0; i < FILES; i++) {
    const body = `file ${i}\n`;
    chunks.push(`M 100644 inline src/d${Math.floor(i / 100)}/f${i % 100}.txt\ndata ${body.length}\n${body}\n`);
  }
  importer.stdin.end(chunks.join(""));
  await new Promise<void>((resolve, reject) =>
    importer.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`fast-import exited ${code}`)))),
  );
  execFileSync("git", ["checkout", "-q", "-f", "main"], { cwd: dir });
  // A realistic work tree: a few edits and untracked files that must be hashed by content.
  for (let i = 0; i < 20; i++) writeFileSync(join(dir, `src/d${i}/f1.txt`), `edited ${i}\n`);
  for (let i = 0; i < 20; i++) writeFileSync(join(dir, `src/d${i}/new.txt`), `untracked ${i}\n`);
}

/** Bundles a tiny fingerprinting program (what `deploy-gate artifacts` runs first) to plain JS. */
async function bundleFingerprinter(dir: string): Promise<string> {
  const entry = join(dir, "fingerprint-entry.ts");
  const fingerprint = fileURLToPath(new URL("../src/core/artifacts/fingerprint.ts", import.meta.url));
  const workTree = fileURLToPath(new URL("../src/core/artifacts/work-tree-fingerprints.ts", import.meta.url));
  writeFileSync(
    entry,
    `import { inputMatcher } from ${JSON.stringify(fingerprint)};
import { fingerprintWorkTree } from ${JSON.stringify(workTree)};
const [inputs] = await fingerprintWorkTree(process.argv[2], [inputMatcher(["src/**", "go.mod"])]);
process.stdout.write(inputs.fingerprint + " " + inputs.count + "\\n");
`,
  );
  const outfile = join(dir, "fingerprint.mjs");
  await build({ entryPoints: [entry], bundle: true, platform: "node", format: "esm", outfile, logLevel: "error" });
  return outfile;
}

async function benchFingerprint(work: string): Promise<void> {
  const repo = join(work, "repo");
  const start = Date.now();
  await makeRepo(repo);
  console.log(`generated a ${FILES.toLocaleString("en")}-file repository in ${ms(Date.now() - start)}`);
  const script = await bundleFingerprinter(work);
  const check = execFileSync(process.execPath, [script, repo], { encoding: "utf8" }).trim();
  console.log(`fingerprint: ${check.split(" ")[0].slice(0, 23)}… over ${check.split(" ")[1]} input files`);
  // Warm the page cache and git's index once for both sides.
  timeProcess("git", ["status", "--porcelain", "-uall"], repo);
  const gitTimes: number[] = [];
  const gateTimes: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    gitTimes.push(
      timeProcess("git", ["ls-tree", "-r", "HEAD"], repo) +
        timeProcess("git", ["status", "--porcelain", "-uall"], repo),
    );
    gateTimes.push(timeProcess(process.execPath, [script, repo], repo));
  }
  const git = median(gitTimes);
  const gate = median(gateTimes);
  console.log(
    `fingerprint inputs: deploy-gate ${ms(gate)} (node start-up included) vs git ls-tree -r HEAD + git status --porcelain -uall ${ms(git)}: ${(gate / git).toFixed(2)}x (goal <= 1.5x; median of ${RUNS})`,
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
