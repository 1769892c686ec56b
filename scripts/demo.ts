// `npm run demo`: the gate on the embedded default (a state file in the repo), replaying the
// incidents of DESIGN.md in a scenario repository built in a temp dir. Every planted fault must be
// caught with its verdict, and the fixed scenario must pass; otherwise the demo exits 1.
import { execFile, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createServer as createTcpServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CLI = join(ROOT, "dist/cli.js");
const colour = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
const paint = (code: string, text: string) => (colour ? `\x1b[${code}m${text}\x1b[0m` : text);
const green = (t: string) => paint("32", t);
const red = (t: string) => paint("31", t);
const dim = (t: string) => paint("2", t);
const bold = (t: string) => paint("1", t);

/** A canary for the real API key: it must never appear in anything the gate prints. */
const API_KEY = "sk-live-CANARY-9f8e7d6c5b4a";

interface Result {
  id: string;
  status: string;
  verdict: string;
  message: string;
}

function write(dir: string, files: Record<string, string>) {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

function git(dir: string, ...args: string[]) {
  const r = spawnSync("git", args, {
    cwd: dir,
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "demo",
      GIT_AUTHOR_EMAIL: "demo@example.invalid",
      GIT_COMMITTER_NAME: "demo",
      GIT_COMMITTER_EMAIL: "demo@example.invalid",
    },
  });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr.trim()}`);
  return r.stdout.trim();
}

/** Runs the shipped CLI asynchronously: the parameter store it checks is served by this process. */
function gate(dir: string, ...args: string[]): Promise<{ code: number; json: any; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args, "-C", dir, "--json"], { encoding: "utf8" }, (error, stdout, stderr) => {
      let json: any;
      try {
        json = JSON.parse(stdout);
      } catch {
        json = undefined;
      }
      resolve({ code: error ? Number(error.code ?? 2) : 0, json, stdout, stderr });
    });
  });
}

const listen = (server: Server | ReturnType<typeof createTcpServer>) =>
  new Promise<number>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port)),
  );

/** A port nobody listens on: bind one, note it, close it. */
async function closedPort(): Promise<number> {
  const probe = createTcpServer();
  const port = await listen(probe);
  await new Promise((r) => probe.close(r));
  return port;
}

const DIGEST = `sha256:${"4f".repeat(32)}`;
const NEW_DIGEST = `sha256:${"9c".repeat(32)}`;

const config = `version: 1
environments:
  staging:
    variables: [{ dotenv: deploy/staging.env }]
  production:
    variables: [{ dotenv: deploy/production.env }]
    secrets: [API_KEY]
artifacts:
  - { name: goinstance, path: bin/goinstance, inputs: ["cmd/goinstance/**", go.mod] }
  - { name: web, image: "\${WEB_IMAGE}", inputs: ["web/**"] }
preflight:
  - id: env
    type: env
    required: [AMI_ID, API_KEY]
    parity_with: staging
    patterns: { AMI_ID: "^ami-[0-9a-f]{8,17}$" }
  - { id: params-tcp, type: tcp, host: "\${PARAMS_HOST}", port: "\${PARAMS_PORT}", timeout: 2s }
  - id: params-healthz
    type: http
    url: "http://\${PARAMS_HOST}:\${PARAMS_PORT}/healthz"
    expect: { status: 200, body_contains: ok }
    timeout: 2s
  - { id: k8s-secrets, type: k8s-refs, manifests: ["k8s/*.yaml"], namespace: production, inventory: deploy/production.k8s.json }
  - { id: pinned, type: images-pinned, files: ["k8s/*.yaml"] }
checklist:
  items:
    - { id: api-key, text: "Ran \`rack params set\` in staging; the API key still works", paths: ["deploy/**"] }
    - { id: rollback, text: "Rolled back in the lab environment and forward again" }
    - { id: docs, text: "Docs updated", optional: true }
`;

const manifest = (image: string, secret: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: production }
spec:
  template:
    spec:
      containers:
        - name: web
          image: ${image}
          env:
            - name: API_KEY
              valueFrom: { secretKeyRef: { name: ${secret}, key: api-key } }
`;

const inventory = (secret: string) =>
  JSON.stringify({
    apiVersion: "v1",
    kind: "List",
    items: [
      {
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: secret, namespace: "production" },
        data: { "api-key": "c2VjcmV0" },
      },
    ],
  });

const stagingEnv = (port: number) =>
  `AMI_ID=ami-0a1b2c3d4e5f60718\nSECURITY_GROUP=sg-staging\nAPI_KEY=staging-key-123\nWEB_IMAGE=registry.example.com/web:1.4.0@${DIGEST}\nPARAMS_HOST=127.0.0.1\nPARAMS_PORT=${port}\n`;

interface Fault {
  incident: string;
  expect: { id: string; verdict: string };
}

const FAULTS: Fault[] = [
  { incident: "1 fix merged, artifact byte-identical", expect: { id: "goinstance", verdict: "skipped-rebuild" } },
  { incident: "2 variable in staging, not production", expect: { id: "env:SECURITY_GROUP", verdict: "parity-gap" } },
  { incident: "3 secret renamed, manifest still uses it", expect: { id: "k8s-secrets", verdict: "missing-secret" } },
  { incident: "4 parameter-store endpoint unreachable", expect: { id: "params-tcp", verdict: "unreachable" } },
  { incident: "5 API key re-submitted as ****", expect: { id: "env:API_KEY", verdict: "placeholder-value" } },
  { incident: "6 service tracks the latest tag", expect: { id: "web", verdict: "mutable-ref" } },
];

const allResults = (report: any): Result[] => (report?.stages ?? []).flatMap((s: any) => s.results);
const matches = (r: Result, e: Fault["expect"]) =>
  (r.id === e.id || r.id.startsWith(`${e.id}:`)) && r.verdict === e.verdict;

async function main(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "deploy-gate-demo-"));
  const server = createServer((req, res) => {
    res.writeHead(req.url === "/healthz" ? 200 : 404, { "content-type": "application/json" });
    res.end(req.url === "/healthz" ? '{"status":"ok"}' : "{}");
  });
  const livePort = await listen(server);
  const deadPort = await closedPort();
  try {
    console.log(bold("deploy-gate demo: the incidents, replayed in a scratch repository"));
    console.log(dim(`  ${dir}; parameter store served on 127.0.0.1:${livePort}; nothing leaves this machine\n`));

    // Release 1, deployed and recorded: the baseline.
    write(dir, {
      ".github/deploy-gate.yml": config,
      ".gitignore": "bin/\n.deploy-gate/\n",
      "go.mod": "module example.com/goinstance\n\ngo 1.22\n",
      "cmd/goinstance/main.go": 'package main\n\nfunc main() { println("v1") }\n',
      "bin/goinstance": "ELF goinstance built from v1\n",
      "web/index.html": "<h1>web</h1>\n",
      "deploy/staging.env": stagingEnv(livePort),
      "deploy/production.env": `AMI_ID=ami-0a1b2c3d4e5f60718\nSECURITY_GROUP=sg-prod\nAPI_KEY=${API_KEY}\nWEB_IMAGE=registry.example.com/web:1.4.0@${DIGEST}\nPARAMS_HOST=127.0.0.1\nPARAMS_PORT=${livePort}\n`,
      "deploy/production.k8s.json": inventory("api-credentials"),
      "k8s/web.yaml": manifest(`registry.example.com/web:1.4.0@${DIGEST}`, "api-credentials"),
    });
    git(dir, "init", "-q", "-b", "main");
    git(dir, "add", "-A");
    git(dir, "commit", "-qm", "release 1");
    const base = git(dir, "rev-parse", "HEAD");
    const recorded = await gate(dir, "record", "--env", "production");
    if (recorded.code !== 0) throw new Error(`recording the baseline failed: ${recorded.stderr || recorded.stdout}`);

    // Release 2, with every fault of the incidents planted.
    write(dir, {
      "cmd/goinstance/main.go": 'package main\n\nfunc main() { println("v2: the fix") }\n', // bin/ is not rebuilt
      "deploy/production.env": `AMI_ID=ami-0a1b2c3d4e5f60718\nAPI_KEY=****\nWEB_IMAGE=registry.example.com/web:latest\nPARAMS_HOST=127.0.0.1\nPARAMS_PORT=${deadPort}\n`,
      "deploy/production.k8s.json": inventory("api-credentails"),
      "k8s/web.yaml": manifest("registry.example.com/web:latest", "api-credentials"),
    });
    git(dir, "commit", "-qam", "release 2: the fix (and some drift)");
    const faulty = await gate(dir, "gate", "--env", "production");
    if (!faulty.json?.stages) throw new Error(`the gate gave no report: ${faulty.stderr}`);
    const found = allResults(faulty.json);

    console.log(bold("Release 2, as merged"));
    let caught = 0;
    for (const fault of FAULTS) {
      const hit = found.find((r) => matches(r, fault.expect));
      if (hit) caught++;
      const mark = hit ? green("caught") : red("MISSED");
      console.log(
        `  ${mark}  ${fault.incident.padEnd(42)} ${fault.expect.verdict.padEnd(17)} ${dim(hit ? hit.id : "")}`,
      );
    }
    const others = found.filter((r) => r.status === "fail" && !FAULTS.some((f) => matches(r, f.expect)));
    console.log(dim(`  also failed: ${others.map((r) => `${r.id} ${r.verdict}`).join(", ") || "nothing else"}`));
    console.log(
      `  gate exit code ${faulty.code} ${faulty.code === 1 ? green("(deploy refused)") : red("(expected 1)")}\n`,
    );

    // The fixes.
    write(dir, {
      "bin/goinstance": "ELF goinstance built from v2: the fix\n",
      "deploy/production.env": `AMI_ID=ami-0a1b2c3d4e5f60718\nSECURITY_GROUP=sg-prod\nAPI_KEY=${API_KEY}\nWEB_IMAGE=registry.example.com/web:1.5.0@${NEW_DIGEST}\nPARAMS_HOST=127.0.0.1\nPARAMS_PORT=${livePort}\n`,
      "deploy/production.k8s.json": inventory("api-credentials"),
      "k8s/web.yaml": manifest(`registry.example.com/web:1.5.0@${NEW_DIGEST}`, "api-credentials"),
      "web/index.html": "<h1>web 1.5</h1>\n",
    });
    git(dir, "commit", "-qam", "release 2, fixed");
    const fixed = await gate(dir, "gate", "--env", "production");
    const fixedResults = allResults(fixed.json);
    const failing = fixedResults.filter((r) => r.status === "fail");
    console.log(bold("Release 2, fixed"));
    for (const stage of fixed.json?.stages ?? []) {
      const passed = stage.results.filter((r: Result) => r.status !== "fail").length;
      console.log(
        `  ${stage.ok ? green("pass") : red("FAIL")}  deploy-gate/${stage.stage} (production): ${passed}/${stage.results.length} ${dim(stage.results.map((r: Result) => r.verdict).join(", "))}`,
      );
    }
    for (const r of failing) console.log(`  ${red("✗")} ${r.id} ${r.verdict}: ${r.message}`);
    console.log(
      `  gate exit code ${fixed.code} ${fixed.code === 0 ? green("(deploy allowed)") : red("(expected 0)")}\n`,
    );

    const leaked = [faulty, fixed, recorded].some((r) => (r.stdout + r.stderr).includes(API_KEY));

    const checklist = spawnSync(process.execPath, [CLI, "checklist", "--base", base, "--head", "HEAD", "-C", dir], {
      encoding: "utf8",
    });
    console.log(bold("The checklist comment the bot would post for this change"));
    console.log(
      (checklist.status === 0 ? checklist.stdout : red(checklist.stderr))
        .trim()
        .split("\n")
        .filter((line) => !line.startsWith("<!--"))
        .map((line) => `  ${line}`)
        .join("\n"),
    );
    console.log();

    const ok = caught === FAULTS.length && faulty.code === 1 && fixed.code === 0 && !leaked && checklist.status === 0;
    console.log(
      ok
        ? green(
            `demo passed: ${caught}/${FAULTS.length} planted faults caught, the fixed release passes, the API key never printed`,
          )
        : red(
            `demo FAILED: ${caught}/${FAULTS.length} caught; faulty exit ${faulty.code}, fixed exit ${fixed.code}${leaked ? "; the API key leaked" : ""}`,
          ),
    );
    return ok ? 0 : 1;
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(red(`demo could not run: ${error instanceof Error ? error.message : String(error)}`));
    process.exitCode = 2;
  },
);
