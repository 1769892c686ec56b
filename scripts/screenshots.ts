// `npm run screenshots`: renders what people see on GitHub into docs/images/, from the gate's real
// output: the job summary of a failing preflight (the shipped dist/action.js, run as the runner
// runs it, against a loopback stand-in for the statuses API) and the checklist comment (the CLI's
// preview). Markdown goes through cmark-gfm (GitHub's parser, Debian's `cmark-gfm`) and headless
// Chromium (Debian's `chromium`) takes the picture. Needs both on PATH; it is not part of CI.
import { execFile, execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { API_KEY, Kit, ROOT } from "./demo/kit.js";

const CSS = `body{font:14px/1.5 "DejaVu Sans","Noto Color Emoji",sans-serif;color:#1f2328;margin:0;padding:16px 24px;width:852px}
.box{border:1px solid #d1d9e0;border-radius:6px;padding:8px 16px}
h2,h3{font-weight:600;margin:12px 0 8px}h2{font-size:20px;border-bottom:1px solid #d1d9e0;padding-bottom:4px}h3{font-size:16px}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #d1d9e0;padding:4px 10px;vertical-align:top}th{background:#f6f8fa}
code{font:12px "DejaVu Sans Mono",monospace;background:#eff1f3;border-radius:4px;padding:1px 4px}
ul{padding-left:24px}li:has(>input){list-style:none;margin-left:-20px}input{margin-right:6px}sub{color:#59636e}
hr{border:0;border-top:1px solid #d1d9e0}`;

function screenshot(markdown: string, out: string, height: number) {
  const html = execFileSync(
    "cmark-gfm",
    ["--unsafe", "-e", "table", "-e", "tasklist", "-e", "strikethrough", "-e", "autolink"],
    {
      input: markdown,
      encoding: "utf8",
    },
  );
  const dir = mkdtempSync(join(tmpdir(), "deploy-gate-shot-"));
  const page = join(dir, "page.html");
  writeFileSync(page, `<!doctype html><meta charset="utf-8"><style>${CSS}</style><div class="box">${html}</div>`);
  const r = spawnSync(
    "chromium",
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      `--user-data-dir=${join(dir, "profile")}`,
      "--hide-scrollbars",
      `--window-size=900,${height}`,
      `--screenshot=${join(ROOT, out)}`,
      `file://${page}`,
    ],
    { encoding: "utf8", timeout: 60_000 },
  );
  if (r.status !== 0) throw new Error(`chromium failed: ${r.stderr}`);
  console.log(`wrote ${out}`);
}

const config = `version: 1
environments:
  staging:
    variables: [{ dotenv: deploy/staging.env }]
  production:
    variables: [{ dotenv: deploy/production.env }]
    secrets: [API_KEY]
preflight:
  - { id: env, type: env, required: [AMI_ID, API_KEY], parity_with: staging }
  - { id: params, type: tcp, host: "\${PARAMS_HOST}", port: "\${PARAMS_PORT}", timeout: 2s }
checklist:
  items:
    - { id: api-key, text: "Ran \`rack params set\` in staging; the API key still works", paths: ["deploy/**"] }
    - { id: rollback, text: "Rolled back in the lab environment and forward again" }
    - { id: docs, text: "Docs updated", optional: true }
`;

/** The job summary a failing preflight writes, from the shipped action bundle. */
async function jobSummary(kit: Kit): Promise<string> {
  const repo = kit.repo();
  const dead = await kit.closedPort();
  repo.write({
    ".github/deploy-gate.yml": config,
    "deploy/staging.env":
      "AMI_ID=ami-0a1b2c3d4e5f60718\nSECURITY_GROUP=sg-staging\nAPI_KEY=staging-key\nPARAMS_HOST=127.0.0.1\nPARAMS_PORT=1\n",
    "deploy/production.env": `AMI_ID=ami-0a1b2c3d4e5f60718\nAPI_KEY=****\nPARAMS_HOST=127.0.0.1\nPARAMS_PORT=${dead}\n`,
  });
  repo.commit("release 2");
  const sha = execFileSync("git", ["rev-parse", "HEAD"], { cwd: repo.dir, encoding: "utf8" }).trim();
  // The statuses API, as far as the action needs it.
  const api = createServer((_req, res) => {
    res.writeHead(201, { "content-type": "application/json" });
    res.end("{}");
  });
  await new Promise<void>((r) => api.listen(0, "127.0.0.1", () => r()));
  const files = mkdtempSync(join(tmpdir(), "deploy-gate-runner-"));
  const summary = join(files, "summary.md");
  writeFileSync(summary, "");
  writeFileSync(join(files, "output"), "");
  writeFileSync(join(files, "event.json"), "{}");
  // Asynchronously: the API stand-in is served by this process.
  await new Promise<void>((resolve) =>
    execFile(
      process.execPath,
      [join(ROOT, "dist/action.js")],
      {
        env: {
          PATH: process.env.PATH,
          GITHUB_ACTIONS: "true",
          GITHUB_WORKSPACE: repo.dir,
          GITHUB_REPOSITORY: "acme/web",
          GITHUB_EVENT_NAME: "push",
          GITHUB_EVENT_PATH: join(files, "event.json"),
          GITHUB_SHA: sha,
          GITHUB_API_URL: `http://127.0.0.1:${(api.address() as { port: number }).port}`,
          GITHUB_SERVER_URL: "https://github.com",
          GITHUB_RUN_ID: "4242",
          GITHUB_OUTPUT: join(files, "output"),
          GITHUB_STEP_SUMMARY: summary,
          INPUT_STAGE: "preflight",
          INPUT_ENVIRONMENT: "production",
          INPUT_TOKEN: "token",
          INPUT_CONFIG: ".github/deploy-gate.yml",
          INPUT_VARIABLES: "{}",
          INPUT_SECRETS: "{}",
          INPUT_STRICT: "false",
          INPUT_WORKING_DIRECTORY: ".",
        },
      },
      (_error, stdout, stderr) => {
        if (!readFileSync(summary, "utf8").trim()) console.error(stderr || stdout);
        resolve();
      },
    ),
  );
  api.close();
  const text = readFileSync(summary, "utf8");
  if (!text.trim()) throw new Error("the action wrote no job summary");
  return text;
}

async function main() {
  const kit = new Kit();
  try {
    const summary = await jobSummary(kit);
    const repo = kit.repo();
    repo.write({ ".github/deploy-gate.yml": config, "deploy/production.env": "API_KEY=x\n" });
    const base = repo.commit("base");
    repo.write({ "deploy/production.env": "API_KEY=y\n" });
    repo.commit("change");
    const preview = await kit.gate(repo, "checklist", "--base", base, "--head", "HEAD");
    kit.printed.push(summary);
    if (kit.printed.some((t) => t.includes(API_KEY))) throw new Error("the canary secret appeared in the output");
    screenshot(summary, "docs/images/job-summary.png", 510);
    screenshot(preview.json.comment, "docs/images/checklist-comment.png", 240);
  } finally {
    await kit.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
