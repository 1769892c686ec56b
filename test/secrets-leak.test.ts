import { describe, expect, it } from "vitest";
import { createMasker } from "../src/core/report/mask.js";
import { runCli } from "./helpers/cli.js";
import { testRepo } from "./helpers/git-repo.js";
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
  it("command output cut to fit a message is masked before the cut", async () => {
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

  it("`cut` masks a secret's start left at the end of cut text, and its end left at the start", () => {
    const mask = createMasker(["abcdefgh"]);
    expect(mask.cut("output: abcde")).toBe("output: ***");
    expect(mask.cut("efgh and more")).toBe("*** and more");
    expect(mask.cut("the abc is short")).toBe("the abc is short");
  });
});
