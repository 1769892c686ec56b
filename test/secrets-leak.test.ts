import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { clientEnv, type MotoServer, startMoto } from "../scripts/moto-server.js";
import { CUT, excerpt, tail } from "../src/core/report/cut.js";
import { tableCell } from "../src/core/report/markdown.js";
import { createMasker, MIN_MASKED, outputMask } from "../src/core/report/mask.js";
import { runCli } from "./helpers/cli.js";
import { testRepo } from "./helpers/git-repo.js";
import { examplePayload } from "./helpers/payloads.js";
import { type ActionRun, runAction } from "./helpers/run-action.js";
import { httpServer } from "./helpers/servers.js";

const CANARY = "SuperSecretCanary/{x|y}";

function repoWith(checks: string, files: Record<string, string> = {}) {
  const repo = testRepo({
    ".github/deploy-gate.yml": `version: 1
environments:
  production:
    variables: [{ dotenv: prod.env }]
    secrets: [API_KEY]
preflight:
${checks}`,
    "prod.env": `API_KEY=${CANARY}\n`,
    ...files,
  });
  repo.commit("init");
  return repo;
}

/** No piece of the canary of 6 characters or more, in any form a URL or JSON gives it. */
function expectNoPiece(text: string) {
  for (const form of [CANARY, encodeURIComponent(CANARY)]) {
    for (let i = 0; i + 6 <= form.length; i++) expect(text).not.toContain(form.slice(i, i + 6));
  }
}

describe("secrets never leak, not even in part", () => {
  it("command output cut to fit a message keeps no piece of the secret", async () => {
    const padding = "x".repeat(190);
    const repo = repoWith(`  - { id: cmd, type: command, run: 'echo "${padding} $API_KEY"; exit 3' }\n`);
    const { code, stdout, stderr } = await runCli(["preflight", "--env", "production", "-C", repo.dir, "--json"]);
    expect(code).toBe(1);
    expect(JSON.parse(stdout).stages[0].results[0].verdict).toBe("command-failed");
    expectNoPiece(stdout + stderr);
  });

  it("a secret in an http url is masked in the form the URL writes it", async () => {
    const server = await httpServer((req, res) => {
      res.writeHead(503);
      res.end(`${"y".repeat(115)} echo ${req.url}`);
    });
    const repo = repoWith(`  - { id: web, type: http, url: "${server}/p/\${API_KEY}" }\n`);
    const { code, stdout, stderr } = await runCli(["preflight", "--env", "production", "-C", repo.dir, "--json"]);
    expect(code).toBe(1);
    expect(JSON.parse(stdout).stages[0].results[0].verdict).toBe("unexpected-status");
    expectNoPiece(stdout + stderr);
  });

  it("a broken JSON variables file is an error that does not quote the file", async () => {
    const repo = testRepo({
      ".github/deploy-gate.yml":
        "version: 1\nenvironments:\n  production:\n    variables: [{ json: prod.json }]\n    secrets: [API_KEY]\n",
      "prod.json": `{ "API_KEY": ${CANARY} }`,
    });
    repo.commit("init");
    const { code, stdout, stderr } = await runCli(["preflight", "--env", "production", "-C", repo.dir, "--json"]);
    expect(code).toBe(2);
    expect(JSON.parse(stdout).error.message).toMatch(/^prod\.json is not valid JSON.*; fix the file$/);
    expectNoPiece(stdout + stderr);
  });
});

/** Canaries: a bearer token, a password with characters every encoding rewrites, another environment's key. */
const TOKEN = `tK${createHash("sha256").update("bearer canary").digest("base64url").slice(0, 62)}`;
const PASSWORD = 'Pw"cnry|7Kq~9xZ!v3ñLm';
const USER = "deploy";
const OTHER = `stg${createHash("sha256").update("other canary").digest("hex").slice(0, 29)}`;

const base64 = (text: string) => Buffer.from(text).toString("base64");
const base64url = (text: string) => Buffer.from(text).toString("base64url");

/** Every form of a secret the gate writes or sends: raw, URL, JSON, base64(url), and Basic `user:secret`. */
function formsOf(secret: string): string[] {
  const basic = base64(`${USER}:${secret}`);
  return [
    secret,
    encodeURIComponent(secret),
    JSON.stringify(secret).slice(1, -1),
    base64(secret),
    base64url(secret),
    // The user's part of the header is no secret: what follows it is.
    basic.slice(Math.ceil(((USER.length + 1) * 8) / 6)),
  ];
}

/** No piece of six characters or more of any form: cut pieces included. */
function expectNoTrace(text: string, secrets = [TOKEN, PASSWORD, OTHER]) {
  for (const secret of secrets) {
    for (const form of formsOf(secret)) {
      for (let i = 0; i + 6 <= form.length; i++) {
        const piece = form.slice(i, i + 6);
        const at = text.indexOf(piece);
        expect(
          at < 0,
          `"${piece}" of ${JSON.stringify(form)} appears in ${JSON.stringify(text.slice(Math.max(0, at - 80), at + 80))}`,
        ).toBe(true);
      }
    }
  }
}

const CONFIG = `version: 1
environments:
  production:
    variables: [{ dotenv: shared.env }, { dotenv: prod.env }]
    secrets: [API_TOKEN, PW]
preflight:
`;

/** A committed checkout holding the canaries and the checks given (YAML list items). */
function checkout(checks: string, extra: Record<string, string> = {}) {
  const repo = testRepo({
    ".github/deploy-gate.yml": CONFIG + checks,
    "shared.env": "REGION=eu-west-1\n",
    "prod.env": `API_TOKEN=${TOKEN}\nPW='${PASSWORD}'\n`,
    ...extra,
  });
  return { dir: repo.dir, sha: repo.commit("init") };
}

/** The `command` check of the reproduction: the token sits past the 80 characters a message keeps. */
const ARGV_CHECK = `  - { id: cmd, type: command, argv: [sh, -c, "exit 3", "--", "-H", "Authorization: Bearer \${API_TOKEN}"] }\n`;
const basicCheck = (base: string) =>
  `  - { id: web, type: http, url: "${base.replace("//", `//${USER}:\${PW}@`)}/login" }\n`;

/** Echoes the Authorization header it got in a 401, as many servers do. */
const ECHO_401 = `require("node:http").createServer((req, res) => { res.writeHead(401); res.end("denied: " + req.headers.authorization); })`;

/** The text run of `preflight` and the --json run of `gate`: stdout and stderr of both. */
async function cliOutputs(dir: string) {
  const text = await runCli(["preflight", "--env", "production", "-C", dir]);
  const json = await runCli(["gate", "--env", "production", "-C", dir, "--json"]);
  return {
    text: text.stdout + text.stderr,
    json: json.stdout + json.stderr,
    document: JSON.parse(json.stdout),
    codes: [text.code, json.code],
  };
}

describe("secrets never leak from the CLI, in any form the gate produces", () => {
  it("a command's argv cut to fit a message keeps no piece of the token (text and --json)", async () => {
    const { dir } = checkout(ARGV_CHECK);
    const { text, json, document, codes } = await cliOutputs(dir);
    expect(codes).toEqual([1, 1]);
    expect(document.stages[0].results[0].verdict).toBe("command-failed");
    expect(text).toContain("Authorization: Bearer ***…");
    expectNoTrace(text + json);
  });

  it("the Basic header built from the URL's user:password, echoed in a 401, is masked in base64", async () => {
    const base = await httpServer((req, res) => {
      res.writeHead(401);
      res.end(`denied: ${req.headers.authorization}`);
    });
    const { dir } = checkout(basicCheck(base));
    const { text, json, codes } = await cliOutputs(dir);
    expect(codes).toEqual([1, 1]);
    expect(text).toContain("answered 401");
    expect(text).toContain("denied: Basic ");
    expectNoTrace(text + json);
  });

  it("a command printing the secrets whole, JSON-quoted, URL-encoded and in base64 shows none of them", async () => {
    const { dir } = checkout(
      `  - id: echo
    type: command
    run: >-
      node -e 'const e = process.env; for (const s of [e.API_TOKEN, e.PW]) console.error(s, JSON.stringify(s), encodeURIComponent(s), Buffer.from(s).toString("base64"), Buffer.from("x:" + s).toString("base64url"))'; exit 1
`,
    );
    const { text, json } = await cliOutputs(dir);
    expect(text).toContain("command-failed");
    expectNoTrace(text + json);
  });

  it("another environment's declared secret stops the run (exit 2, naming the file) when one of its sources is missing", async () => {
    const { dir } = checkout(`  - { id: cmd, type: command, run: 'echo "$STAGING_TOKEN"; exit 1' }\n`, {
      ".github/deploy-gate.yml": `version: 1
environments:
  production:
    variables: [{ dotenv: shared.env }]
  staging:
    variables: [{ dotenv: shared.env }, { dotenv: staging.env }]
    secrets: [STAGING_TOKEN]
preflight:
  - { id: cmd, type: command, run: 'echo "$STAGING_TOKEN"; exit 1' }
`,
      "shared.env": `STAGING_TOKEN=${OTHER}\n`,
    });
    const { text, json, document, codes } = await cliOutputs(dir);
    expect(codes).toEqual([2, 2]);
    expect(text).toContain("staging.env");
    expect(text).toContain('"staging"');
    expect(document.error.message).toContain("staging.env");
    expectNoTrace(text + json);
  });
});

/** Everything an action run leaves behind: log, annotations, summary, outputs, report file, API bodies. */
function everything(run: ActionRun): string {
  const report = run.outputs.report ? readFileSync(run.outputs.report, "utf8") : "";
  // The runner consumes `::add-mask::` commands (registering the raw value): they are never shown.
  const log = run.stdout.replace(/^::add-mask::.*$/gm, "");
  return [log, run.summary, JSON.stringify(run.outputs), JSON.stringify(run.calls), report].join("\n");
}

const servers: ChildProcess[] = [];
afterEach(() => {
  for (const child of servers.splice(0)) child.kill();
});

/**
 * A real HTTP server on loopback in its own process: the action runs synchronously (as the runner
 * would run it), so a server in this process could not answer.
 */
async function serverProcess(script: string): Promise<string> {
  const child = spawn(
    process.execPath,
    ["-e", `const s = ${script}; s.listen(0, "127.0.0.1", () => console.log(s.address().port));`],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  servers.push(child);
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout!.once("data", (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once("exit", () => reject(new Error("the server process ended")));
  });
  return `http://127.0.0.1:${port}`;
}

function actionRun(
  dir: string,
  sha: string,
  inputs: Record<string, string> = {},
  env: Record<string, string> = {},
): ActionRun {
  return runAction({
    env,
    inputs: { stage: "preflight", environment: "production", ...inputs },
    workspace: dir,
    eventName: "push",
    payload: examplePayload("push"),
    sha,
    mocks: [{ method: "POST", path: "/statuses/", status: 201, times: 5 }],
  });
}

describe("secrets never leak from the action: log, annotations, summary, statuses, report file", () => {
  it("the argv cut and the Basic header echoed in a 401", async () => {
    const base = await serverProcess(ECHO_401);
    const { dir, sha } = checkout(ARGV_CHECK + basicCheck(base));
    const run = actionRun(dir, sha);
    expect(run.exitCode).toBe(1);
    expect(run.annotations.filter((a) => a.props.title).map((a) => a.props.title)).toEqual([
      "deploy-gate command-failed (cmd)",
      "deploy-gate unexpected-status (web)",
    ]);
    expect(run.summary).toContain("denied: Basic ");
    expect(run.calls.filter((c) => c.path.includes("/statuses/"))).toHaveLength(1);
    expectNoTrace(everything(run));
  });

  it("the `secrets` input is masked in every form too", async () => {
    const { dir, sha } = checkout(
      `  - { id: cmd, type: command, argv: [sh, -c, "exit 3", "--", "-H", "Authorization: Bearer \${DEPLOY_KEY}"] }\n`,
    );
    const run = actionRun(dir, sha, { secrets: JSON.stringify({ DEPLOY_KEY: `${PASSWORD}${TOKEN}` }) });
    expect(run.exitCode).toBe(1);
    expect(run.summary).toContain("Authorization: Bearer ***…");
    expectNoTrace(everything(run));
  });

  it("another environment's secret with a missing dotenv file: exit 2, nothing printed", () => {
    const { dir, sha } = checkout("", {
      ".github/deploy-gate.yml": `version: 1
environments:
  production:
    variables: [{ dotenv: shared.env }]
  staging:
    variables: [{ dotenv: shared.env }, { dotenv: staging.env }]
    secrets: [STAGING_TOKEN]
preflight:
  - { id: cmd, type: command, run: 'echo "$STAGING_TOKEN"; exit 1' }
`,
      "shared.env": `STAGING_TOKEN=${OTHER}\n`,
    });
    const run = actionRun(dir, sha);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toContain("staging.env");
    expectNoTrace(everything(run));
  });
});

describe("the masker", () => {
  it("masks the URL path, query, userinfo and form encodings of a value", () => {
    const mask = createMasker([CANARY]);
    const url = new URL("http://h.invalid/");
    url.pathname = `/p/${CANARY}`;
    url.search = `?k=${CANARY}`;
    url.username = CANARY;
    expect(mask(url.href)).not.toMatch(/Secret/);
    expect(mask(new URLSearchParams({ k: CANARY }).toString())).toBe("k=***");
  });

  it("masks a value JSON-escaped once and twice, on one line, trimmed, and as a Markdown table cell", () => {
    const secret = ' p@ss "word"|\n next ';
    const mask = createMasker([secret]);
    const quoted = JSON.stringify(secret);
    for (const text of [
      JSON.stringify({ m: secret }),
      JSON.stringify({ m: `got ${quoted}` }),
      `x ${excerpt(secret)} y`,
      tableCell(`got ${excerpt(secret)}`),
      tableCell(`got ${quoted}`),
    ]) {
      expect(mask(text), text).not.toMatch(/p@ss|word|next/);
    }
  });

  it("masks a value inside any base64 text, at each byte alignment, in base64url too", () => {
    const value = "s3cr3t-Value!";
    const mask = createMasker([value]);
    for (const lead of ["", "u", "us", "user:"]) {
      for (const after of ["", " and more"]) {
        for (const encoding of ["base64", "base64url"] as const) {
          const encoded = Buffer.from(`${lead}${value}${after}`).toString(encoding);
          const masked = mask(`Authorization: Basic ${encoded}`);
          // What only the value's bytes decide: from the lead's last whole character to the value's end.
          const own = encoded.slice(Math.ceil((lead.length * 8) / 6), Math.floor(((lead + value).length * 8) / 6));
          for (let i = 0; i + 4 <= own.length; i++)
            expect(masked, `${lead}|${after}|${encoding}`).not.toContain(own.slice(i, i + 4));
        }
      }
    }
  });

  it("masks a secret's start left before a cut mark, and its end left after one", () => {
    const mask = createMasker(["abcdefgh"]);
    expect(mask(`output: abcde${CUT}`)).toBe(`output: ***${CUT}`);
    expect(mask(`${CUT}efgh and more`)).toBe(`${CUT}*** and more`);
    expect(mask(`${CUT}fgh${CUT}`)).toBe(`${CUT}***${CUT}`);
    // Without a mark nothing was cut, and a piece is only a coincidence.
    expect(mask("output: abcde and efgh")).toBe("output: abcde and efgh");
    // A piece shorter than MIN_MASKED stays.
    expect(MIN_MASKED).toBe(3);
    expect(mask(`the ab${CUT}`)).toBe(`the ab${CUT}`);
  });

  it("every cut the gate makes is marked: excerpt and tail", () => {
    expect(excerpt("x".repeat(10), 5)).toBe(`xxxx${CUT}`);
    expect(tail("a\nb\nc\nd", 3, 100)).toBe(`${CUT}b c d`);
    expect(tail("abcdef", 3, 4)).toBe(`${CUT}cdef`);
    expect(tail("a\nb", 3, 100)).toBe("a b");
  });

  it("masks the longer of two overlapping secrets whole", () => {
    expect(createMasker(["abc", "abcdef"])("xabcdefx")).toBe("x***x");
  });

  it("leaves values too short to mask out, and text without secrets as it is", () => {
    expect(createMasker(["1", "", " 2 "])("version 1 2")).toBe("version 1 2");
  });

  it("an output mask learns secrets as environments load, masking with all of them at once", () => {
    const out = outputMask();
    expect(out("key abcdef-123")).toBe("key abcdef-123");
    out.use(createMasker(["abc"]));
    out.use(createMasker(["abcdef-123"]));
    expect(out("key abcdef-123 abc")).toBe("key *** ***");
  });
});

/** AWS credentials as configure-aws-credentials exports them: canaries that must never be printed. */
const AWS_CANARIES = {
  accessKeyId: `ASIA${createHash("sha256").update("key id canary").digest("hex").slice(0, 16).toUpperCase()}`,
  secretAccessKey: createHash("sha256").update("secret key canary").digest("base64").slice(0, 40),
  sessionToken: `IQoJb3JpZ2luX2Vj${createHash("sha512").update("session canary").digest("base64")}`,
};

describe("AWS credentials never leak from the aws check or identity.aws_account", () => {
  // Moto enforcing IAM from its first request: the canary credentials are unknown to it, so every
  // call is refused, the path where an error message would quote a request.
  let refusing: MotoServer;
  let accepting: MotoServer;
  const saved = { ...process.env };
  beforeAll(async () => {
    [refusing, accepting] = await Promise.all([startMoto(), startMoto()]);
    await refusing.enforceIamAfter(0);
  });
  afterAll(async () => {
    await Promise.all([refusing?.stop(), accepting?.stop()]);
    process.env = saved;
  });
  const canaries = Object.values(AWS_CANARIES);
  const checks = `  - id: aws
    type: aws
    region: us-east-1
    discover: true
    exists: [{ ec2-image: ami-0123456789abcdef0 }, { ssm-parameter: /app/key }, { secret: prod/db }]
`;
  const identity = (account: string) =>
    checkout(checks, {
      ".github/deploy-gate.yml": `${CONFIG.replace("    secrets: [API_TOKEN, PW]\n", `    secrets: [API_TOKEN, PW]\n    identity: { aws_account: "${account}" }\n`)}${checks}`,
    });

  it("the CLI, refused or answered, text and --json, shows no piece of the key id, secret key or session token", async () => {
    for (const moto of [refusing, accepting]) {
      // The SDK's default chain reads the process environment, as on a runner.
      Object.assign(process.env, clientEnv(moto, AWS_CANARIES));
      for (const { dir } of [checkout(checks), identity("999999999999")]) {
        const text = await runCli(["preflight", "--env", "production", "-C", dir], { env: process.env });
        const json = await runCli(["preflight", "--env", "production", "-C", dir, "--json"], { env: process.env });
        expect([text.code, json.code]).toEqual([1, 1]);
        expect(JSON.parse(json.stdout).stages[0].results.length).toBeGreaterThan(0);
        expectNoTrace(text.stdout + text.stderr + json.stdout + json.stderr, canaries);
      }
    }
    expect((await refusing.requests()).length).toBeGreaterThan(0);
  });

  it("the action's log, summary, statuses and report file show none of them either", async () => {
    const { dir, sha } = checkout(checks);
    const run = actionRun(dir, sha, {}, clientEnv(refusing, AWS_CANARIES));
    expect(run.exitCode).toBe(1);
    expect(run.summary).toContain("access-denied");
    expectNoTrace(everything(run), canaries);
  });
});
