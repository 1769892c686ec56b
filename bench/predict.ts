// Predict benchmark: `deploy-gate predict` on a 50-package turbo monorepo against what it asks
// turbo, `turbo run app#build --dry=json`, alone. The gate's part is node's start-up, the config,
// the inputs fingerprint and the baseline, all of which run while turbo plans.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleCli } from "./bundle-cli.js";
import { median, ms } from "./stats.js";

const PACKAGES = 50;
const RUNS = 11;
const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** The environment both sides run in: the fixture's own turbo first on PATH, nothing reported anywhere. */
const env = (repo: string): NodeJS.ProcessEnv => ({
  ...process.env,
  PATH: [join(repo, "node_modules/.bin"), process.env.PATH ?? ""].join(delimiter),
  TURBO_TELEMETRY_DISABLED: "1",
  DO_NOT_TRACK: "1",
});

function timeProcess(command: string, args: string[], cwd: string, expect = 0): number {
  const start = process.hrtime.bigint();
  const out = spawnSync(command, args, { cwd, env: env(cwd), stdio: ["ignore", "ignore", "pipe"], maxBuffer: 1 << 28 });
  if (out.status !== expect) throw new Error(`${command} ${args.join(" ")} exited ${out.status}: ${out.stderr}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** `app` depends on 49 libraries, each with a few source files; turbo's build counts src/**. */
function makeMonorepo(repo: string): void {
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), text);
  };
  const libs = Array.from({ length: PACKAGES - 1 }, (_, i) => `lib-${i}`);
  write(".gitignore", "node_modules\n.deploy-gate/\ndist/\n.turbo/\n");
  write(
    "package.json",
    JSON.stringify({ name: "bench", private: true, packageManager: "npm@11.0.0", workspaces: ["packages/*"] }),
  );
  write(
    "turbo.json",
    JSON.stringify({ tasks: { build: { dependsOn: ["^build"], inputs: ["src/**"], outputs: ["dist/**"] } } }),
  );
  const deps = Object.fromEntries(libs.map((name) => [name, "*"]));
  write(
    "packages/app/package.json",
    JSON.stringify({ name: "app", version: "1.0.0", scripts: { build: "build" }, dependencies: deps }),
  );
  for (const name of ["app", ...libs]) {
    if (name !== "app") {
      write(`packages/${name}/package.json`, JSON.stringify({ name, version: "1.0.0", scripts: { build: "build" } }));
    }
    for (let f = 0; f < 10; f++) write(`packages/${name}/src/f${f}.ts`, `export const v${f} = "${name}";\n`);
  }
  write(
    ".github/deploy-gate.yml",
    `version: 1
environments:
  production: {}
artifacts:
  - name: app
    path: packages/app/dist
    inputs: [package.json, turbo.json, "packages/**"]
    predict: { turbo: { task: "app#build" } }
`,
  );
  write("packages/app/dist/index.js", "built\n");
  symlinkSync(join(ROOT, "node_modules"), join(repo, "node_modules"));
  const git = (...args: string[]) =>
    execFileSync("git", args, {
      cwd: repo,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: "b",
        GIT_AUTHOR_EMAIL: "b@b",
        GIT_COMMITTER_NAME: "b",
        GIT_COMMITTER_EMAIL: "b@b",
      },
    });
  git("init", "-q", "-b", "main");
  git("add", "-A");
  git("commit", "-qm", "bench");
}

export default async function predictBench(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), "deploy-gate-bench-predict-"));
  try {
    const repo = join(work, "repo");
    makeMonorepo(repo);
    const cli = await bundleCli(work);
    // A baseline to compare with, then a change turbo counts: the run a pull request makes.
    timeProcess(process.execPath, [cli, "record", "--env", "production", "-C", repo], repo);
    writeFileSync(join(repo, "packages/lib-7/src/f3.ts"), 'export const v3 = "changed";\n');
    const turbo = ["run", "app#build", "--dry=json"];
    timeProcess("turbo", turbo, repo);
    const turboTimes: number[] = [];
    const gateTimes: number[] = [];
    const startTimes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      turboTimes.push(timeProcess("turbo", turbo, repo));
      gateTimes.push(timeProcess(process.execPath, [cli, "predict", "--env", "production", "-C", repo], repo));
      startTimes.push(timeProcess(process.execPath, [cli, "--version"], repo));
    }
    const alone = median(turboTimes);
    const gate = median(gateTimes);
    console.log(
      `predict on a ${PACKAGES}-package turbo monorepo: deploy-gate ${ms(gate)} (node start-up included) vs turbo run app#build --dry=json ${ms(alone)}: ${(gate / alone).toFixed(2)}x (goal <= 1.2x; median of ${RUNS})`,
    );
    // Where the difference goes: the CLI's start-up alone is paid before turbo can be asked.
    console.log(`  of which the CLI's start-up (deploy-gate --version): ${ms(median(startTimes))}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
