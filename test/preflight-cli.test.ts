import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.js";
import { committedRepoWith } from "./helpers/preflight.js";
import { httpServer } from "./helpers/servers.js";

const CANARY = "canary-5ecret-value-93f1";
const STAGING_CANARY = "staging-canary-77ab";

const gitRepo = committedRepoWith;

const config = (checks: string) => `version: 1
environments:
  staging:
    variables: [{ dotenv: deploy/staging.env }]
    secrets: [STAGING_TOKEN]
  production:
    variables: [{ dotenv: deploy/production.env }]
    secrets: [API_KEY]
preflight:
${checks}`;

describe("deploy-gate preflight", () => {
  it("a canary secret never appears in stdout, stderr or JSON, whatever the checks print", async () => {
    const base = await httpServer((req, res) => {
      res.statusCode = 500;
      res.end(`echo: ${req.url} ${req.headers["x-key"]}`);
    });
    const { dir, head } = gitRepo({
      ".github/deploy-gate.yml": config(`  - { id: env, type: env, patterns: { API_KEY: "^sk-" } }
  - { id: http, type: http, url: "${base}/v1?token=\${API_KEY}", headers: { X-Key: "\${API_KEY}" } }
  - { id: cmd, type: command, run: 'echo "key $API_KEY old $OLD_TOKEN" >&2; exit 1' }
  - { id: argv, type: command, argv: [sh, -c, 'echo "\${API_KEY}"; exit 1', x] }
`),
      "deploy/staging.env": `STAGING_TOKEN=${STAGING_CANARY}\n`,
      // A staging secret that also sits in production under another name is masked too.
      "deploy/production.env": `API_KEY=${CANARY}\nOLD_TOKEN=${STAGING_CANARY}\n`,
    });
    for (const args of [["--json"], []]) {
      const { code, stdout, stderr } = await runCli(["preflight", "--env", "production", "-C", dir, ...args], {
        env: { PATH: process.env.PATH },
      });
      expect(code).toBe(1);
      for (const text of [stdout, stderr]) {
        expect(text).not.toContain(CANARY);
        expect(text).not.toContain(STAGING_CANARY);
        expect(text).not.toContain(encodeURIComponent(CANARY));
      }
      if (args.length) {
        const report = JSON.parse(stdout);
        expect(report).toMatchObject({ version: 1, environment: "production", commit: head, ok: false });
        expect(report.stages[0].results.map((r: { id: string; verdict: string }) => [r.id, r.verdict])).toEqual([
          ["env:API_KEY", "pattern-mismatch"],
          ["http", "unexpected-status"],
          ["cmd", "command-failed"],
          ["argv", "command-failed"],
        ]);
        expect(report.stages[0].results[2].message).toContain("key *** old ***");
        expect(stderr).toContain("preflight: 4 of 4 done");
      } else {
        expect(stdout).toContain("deploy-gate/preflight (production)");
      }
    }
  });

  it("stderr shows progress, not the report again; a parity gap names its file:line once", async () => {
    const { dir } = gitRepo({
      ".github/deploy-gate.yml": config(`  - { id: env, type: env, parity_with: staging }
  - { id: cmd, type: command, run: "exit 3" }
`),
      "deploy/staging.env": "STAGING_TOKEN=x-staging-token\nREGION=eu\n",
      "deploy/production.env": "API_KEY=abc123\n",
    });
    const { code, stdout, stderr } = await runCli(["preflight", "--env", "production", "-C", dir], {
      env: { PATH: process.env.PATH },
    });
    expect(code).toBe(1);
    expect(stderr.split("\n").filter(Boolean)).toEqual([
      'preflight: 2 checks for "production"',
      expect.stringMatching(/^preflight: 1 of 2 done \((env|cmd)\)$/),
      expect.stringMatching(/^preflight: 2 of 2 done \((env|cmd)\)$/),
    ]);
    for (const verdict of ["parity-gap", "command-failed", "passed"]) expect(stderr).not.toContain(verdict);
    const gap = stdout.split("\n").find((line) => line.includes("env:REGION"));
    expect(gap?.match(/deploy\/staging\.env:2/g)).toHaveLength(1);
  });

  it("exits 0 when every check passes, 2 for an environment the config does not define", async () => {
    const { dir } = gitRepo({
      ".github/deploy-gate.yml": config("  - { id: ok, type: command, run: 'test -n \"$API_KEY\"' }\n"),
      "deploy/staging.env": "",
      "deploy/production.env": "API_KEY=abc123\n",
    });
    const ok = await runCli(["preflight", "--env", "production", "-C", dir, "--json"], {
      env: { PATH: process.env.PATH },
    });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).ok).toBe(true);
    const unknown = await runCli(["preflight", "--env", "prod", "-C", dir]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('environment "prod" is not defined');
    expect(unknown.stdout).toBe("");
  });

  it("a config error (unknown check field) exits 2 with the file and line", async () => {
    const { dir } = gitRepo({
      ".github/deploy-gate.yml": config("  - { id: x, type: tcp, host: a, port: 1, hots: b }\n"),
    });
    const { code, stderr } = await runCli(["preflight", "--env", "production"], { cwd: dir });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^deploy-gate: \.github\/deploy-gate\.yml:10: preflight\[0\]/);
  });
});
