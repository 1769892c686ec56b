import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { tempDir } from "./tmp.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const PRELOAD = fileURLToPath(new URL("./nock-preload.mjs", import.meta.url));

export interface NockMock {
  method: string;
  /** A regular expression source matched against the request path. */
  path: string;
  status: number;
  body?: unknown;
  times?: number;
}

export interface ActionRun {
  exitCode: number;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
  calls: { method: string; path: string; body?: any; unmatched?: boolean }[];
  pending: string[];
  annotations: { level: string; props: Record<string, string>; message: string }[];
}

/** GITHUB_OUTPUT's two forms: `name=value` and the heredoc `name<<DELIM ... DELIM`. */
function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], i + 1);
      out[heredoc[1]] = lines.slice(i + 1, end).join("\n");
      i = end;
    } else if (lines[i].includes("=")) {
      const at = lines[i].indexOf("=");
      out[lines[i].slice(0, at)] = lines[i].slice(at + 1);
    }
  }
  return out;
}

/** The `${{ }}` expressions action.yml may use; anything else fails the test loudly. */
function evaluate(text: string, scope: Record<string, any>): string {
  return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_whole, expr: string) => {
    const value = expr.split(".").reduce<any>((node, key) => (node == null ? undefined : node[key]), scope);
    if (!/^(inputs|github|steps)\./.test(expr)) throw new Error(`the harness does not know the expression ${expr}`);
    return value == null ? "" : String(value);
  });
}

/**
 * Runs action.yml's composite steps the way the runner does: inputs with their defaults, each
 * step's `env:` mapped, `bash -e` for `run:`, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY / GITHUB_EVENT_PATH
 * files, then the composite outputs. The action's process talks to nock (loaded with --import).
 */
export function runAction(options: {
  inputs: Record<string, string>;
  workspace: string;
  eventName: string;
  payload: unknown;
  sha: string;
  mocks: NockMock[];
  apiUrl?: string;
  token?: string;
  /** The job's environment (what earlier steps exported, e.g. configure-aws-credentials' AWS_*). */
  env?: Record<string, string>;
}): ActionRun {
  const action = parse(readFileSync(join(ROOT, "action.yml"), "utf8"));
  const temp = tempDir("deploy-gate-runner-");
  const files = {
    output: join(temp, "output"),
    summary: join(temp, "summary.md"),
    event: join(temp, "event.json"),
    spec: join(temp, "nock-spec.json"),
    log: join(temp, "nock-log.json"),
  };
  writeFileSync(files.output, "");
  writeFileSync(files.summary, "");
  writeFileSync(files.event, JSON.stringify(options.payload));
  const apiUrl = options.apiUrl ?? "https://api.github.com";
  writeFileSync(files.spec, JSON.stringify({ baseUrl: apiUrl, mocks: options.mocks }));

  const github = { token: options.token ?? "ghs_runnertoken" };
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries<any>(action.inputs ?? {})) {
    inputs[name] = options.inputs[name] ?? evaluate(String(spec.default ?? ""), { github });
  }
  for (const name of Object.keys(options.inputs)) {
    if (!(name in inputs)) throw new Error(`action.yml has no input "${name}"`);
  }
  const steps: Record<string, { outputs: Record<string, string> }> = {};
  let exitCode = 0;
  let stdout = "";
  for (const step of action.runs.steps) {
    writeFileSync(files.output, "");
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_OPTIONS: `--import ${PRELOAD}`,
      NOCK_SPEC: files.spec,
      NOCK_LOG: files.log,
      GITHUB_ACTIONS: "true",
      GITHUB_ACTION_PATH: ROOT,
      GITHUB_WORKSPACE: options.workspace,
      GITHUB_REPOSITORY: "Codertocat/Hello-World",
      GITHUB_EVENT_NAME: options.eventName,
      GITHUB_EVENT_PATH: files.event,
      GITHUB_SHA: options.sha,
      GITHUB_API_URL: apiUrl,
      GITHUB_SERVER_URL: "https://github.com",
      GITHUB_RUN_ID: "4242",
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      RUNNER_TEMP: temp,
      ...options.env,
    };
    for (const [key, value] of Object.entries<string>(step.env ?? {}))
      env[key] = evaluate(String(value), { inputs, github });
    const r = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", step.run], {
      cwd: options.workspace,
      env,
      encoding: "utf8",
    });
    stdout += r.stdout + r.stderr;
    steps[step.id] = { outputs: parseOutputFile(readFileSync(files.output, "utf8")) };
    exitCode = r.status ?? 1;
    if (exitCode !== 0) break;
  }
  const outputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries<any>(action.outputs ?? {})) outputs[name] = evaluate(spec.value, { steps });
  let log = { calls: [], pending: [] as string[] };
  try {
    log = JSON.parse(readFileSync(files.log, "utf8"));
  } catch {
    // the action never started node (e.g. the version guard stopped it)
  }
  const annotations = [...stdout.matchAll(/^::(error|warning|notice)(?: ([^:]*))?::(.*)$/gm)].map((m) => ({
    level: m[1],
    props: Object.fromEntries(
      (m[2] ?? "")
        .split(",")
        .filter(Boolean)
        .map((kv) => kv.split("=") as [string, string]),
    ),
    message: m[3],
  }));
  return {
    exitCode,
    stdout,
    outputs,
    summary: readFileSync(files.summary, "utf8"),
    calls: log.calls,
    pending: log.pending,
    annotations,
  };
}

export const repoRoot = (...parts: string[]) => resolve(ROOT, ...parts);
