import { existsSync } from "node:fs";
import { join } from "node:path";
import { Probot, type ProbotOctokit } from "probot";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app/index.js";
import { limitedProbotOctokit } from "../src/app/octokit.js";
import { runArtifactsStage } from "../src/core/artifacts/stage.js";
import { applicableItems } from "../src/core/checklist/applies.js";
import { parseConfig } from "../src/core/config/load.js";
import { createOctokit } from "../src/github/octokit.js";
import { WriteLimiter } from "../src/github/write-limiter.js";
import { runCli } from "./helpers/cli.js";
import { testRepo } from "./helpers/git-repo.js";
import { examplePayload } from "./helpers/payloads.js";
import { configWith, runPreflight } from "./helpers/preflight.js";
import { httpServer, tcpListener } from "./helpers/servers.js";

// Each test here would hang on a backtracking matcher or an unbounded request; the test timeout
// bounds them, so a regression fails instead of passing slowly.

/** Backtracking engines need time exponential (the regex) or polynomial of high degree (the glob) here;
 * the glob ends in a star so that no cheap test of its literal ending answers first. */
const EVIL_VALUE = `${"a".repeat(5000)}!`;
const MANY_STARS = `**/${"*a".repeat(12)}*b*`;
const LONG_NAME = "a".repeat(120);
const DIGEST = `sha256:${"0".repeat(64)}`;

const artifactsConfig = (image: string, defaults: string) => `version: 1
defaults: { ${defaults} }
environments:
  production: {}
artifacts:
  - name: web
    image: "${image}"
    resolve: true
    inputs: [src/**]
`;

function artifactsRepo(config: string) {
  const repo = testRepo({ ".github/deploy-gate.yml": config, "src/main.go": "package main\n" });
  repo.commit("initial");
  return repo;
}

async function cli(command: string, dir: string) {
  const run = await runCli([command, "--env", "production", "--json", "-C", dir]);
  return { code: run.code, results: JSON.parse(run.stdout).stages[0].results };
}

describe("nothing hangs", () => {
  it("a catastrophic pattern in `patterns:` runs in linear time and reports the mismatch", async () => {
    const { results } = await runPreflight(
      configWith(`  - { id: env, type: env, placeholders: false, patterns: { X: "^(a+)+$" } }\n`),
      { "prod.env": `X=${EVIL_VALUE}\n` },
    );
    expect(results.map((r) => [r.id, r.verdict])).toEqual([["env:X", "pattern-mismatch"]]);
  });

  it("an `inputs` glob with many stars against a 120-character name: the stage answers", async () => {
    const repo = testRepo({
      ".github/deploy-gate.yml": `version: 1\nenvironments:\n  production: {}\nartifacts:\n  - { name: tool, path: bin/tool, inputs: ["${MANY_STARS}"] }\n`,
      [LONG_NAME]: "not an input\n",
      [`src/${"a".repeat(118)}b`]: "an input\n",
    });
    repo.commit("initial");
    repo.write("bin/tool", "binary");
    const { code, results } = await cli("artifacts", repo.dir);
    expect(code).toBe(0);
    expect(results).toEqual([expect.objectContaining({ id: "tool", verdict: "first-deploy" })]);
  });

  it("checklist `paths` and preflight `files` globs with many stars answer on a 120-character name", async () => {
    const items = applicableItems(
      { items: [{ id: "migrations", text: "Migrated", paths: [MANY_STARS], optional: false }] },
      { files: [LONG_NAME, `db/${"a".repeat(118)}b`] },
    );
    expect(items.map((i) => i.reason)).toEqual([`applies because the change touches \`db/${"a".repeat(118)}b\``]);
    const { results } = await runPreflight(
      configWith(`  - { id: pinned, type: images-pinned, files: ["${MANY_STARS}"] }\n`),
      { "prod.env": "", [LONG_NAME]: "FROM alpine\n" },
    );
    expect(results.map((r) => r.verdict)).toEqual(["no-files"]);
  });

  it("a registry that accepts the connection and never answers: `missing` at the request timeout", async () => {
    const port = await tcpListener();
    const repo = artifactsRepo(artifactsConfig(`127.0.0.1:${port}/acme/web@${DIGEST}`, "timeout: 300ms"));
    const { code, results } = await cli("artifacts", repo.dir);
    expect(code).toBe(1);
    expect(results).toEqual([expect.objectContaining({ id: "web", status: "fail", verdict: "missing" })]);
    expect(results[0].message).toBe(
      `the registry 127.0.0.1:${port} did not answer within 300ms (defaults.timeout), so 127.0.0.1:${port}/acme/web@${DIGEST} could not be checked`,
    );
  });

  it("a token service that never answers: `missing`, naming the token service", async () => {
    const port = await tcpListener();
    const registry = await httpServer((_req, res) => {
      res.writeHead(401, { "www-authenticate": `Bearer realm="http://127.0.0.1:${port}/token",service="r"` }).end();
    });
    const domain = registry.slice("http://".length);
    const repo = artifactsRepo(artifactsConfig(`${domain}/acme/web@${DIGEST}`, "timeout: 300ms"));
    const { results } = await cli("artifacts", repo.dir);
    expect(results[0]).toMatchObject({ verdict: "missing", status: "fail" });
    expect(results[0].message).toContain(`the token service 127.0.0.1:${port} did not answer within 300ms`);
  });

  it("a registry that sends headers and then stalls mid-body: `missing` at the request timeout", async () => {
    const registry = await httpServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/vnd.oci.image.manifest.v1+json" });
      res.write('{"schemaVersion": 2,');
    });
    const domain = registry.slice("http://".length);
    const repo = artifactsRepo(artifactsConfig(`${domain}/acme/web@${DIGEST}`, "timeout: 300ms"));
    const { results } = await cli("artifacts", repo.dir);
    expect(results[0]).toMatchObject({ verdict: "missing", status: "fail" });
    expect(results[0].message).toContain("did not answer within 300ms");
  });

  it("a GitHub API that accepts the connection and never answers: the request fails at its timeout", async () => {
    const port = await tcpListener();
    const github = createOctokit({ token: "t", baseUrl: `http://127.0.0.1:${port}`, retries: 0, timeoutMs: 300 });
    await expect(
      github.request("GET /repos/{owner}/{repo}/deployments", { owner: "o", repo: "r" }),
    ).rejects.toMatchObject({ status: 500 });
  });

  it("the app's GitHub requests time out too: a delivery against a GitHub that never answers fails, it does not hang", async () => {
    const port = await tcpListener();
    const Octokit = limitedProbotOctokit(new WriteLimiter(), 300).defaults({
      baseUrl: `http://127.0.0.1:${port}`,
      retry: { enabled: false },
    }) as typeof ProbotOctokit;
    const probot = new Probot({ githubToken: "t", logLevel: "fatal", Octokit });
    await probot.load(createApp({ key: "k" }));
    const payload = examplePayload("pull_request", "opened");
    await expect(probot.receive({ id: "d1", name: "pull_request", payload } as any)).rejects.toThrow();
  });

  it("the artifacts stage ends at its budget: `timeout`, naming what the artifact waited for", async () => {
    const port = await tcpListener();
    const image = `127.0.0.1:${port}/acme/web@${DIGEST}`;
    // The registry never answers, so the budget always ends there; it is long enough that the
    // steps before it (git, on a loaded machine) never use it up first.
    const repo = artifactsRepo(artifactsConfig(image, "timeout: 10m, budget: 3s"));
    const { code, results } = await cli("artifacts", repo.dir);
    expect(code).toBe(1);
    expect(results).toEqual([expect.objectContaining({ id: "web", status: "fail", verdict: "timeout", line: 6 })]);
    expect(results[0].message).toBe(
      `the budget of 3s ran out while asking the registry about ${image}, so web was not checked; make that answer sooner or raise \`defaults.budget\``,
    );
  });

  it("a glob matching nothing ends what was asked beside the fingerprint: the registry, the recorded deploys", async () => {
    // The registry and the baseline store are asked while the inputs are fingerprinted. The
    // config error that ends the fingerprint must end them too, or they would hold the process
    // (for \`timeout\`, 10m here; the action's deployments scan for as long as GitHub takes).
    const config = artifactsConfig(`127.0.0.1:5000/acme/web@${DIGEST}`, "timeout: 10m, budget: 10m").replace(
      "[src/**]",
      "[nothing/**]",
    );
    const repo = artifactsRepo(config);
    const asked: Record<string, AbortSignal> = {};
    /** An answer that never comes: it ends only when its signal aborts. */
    const never = (what: string, signal?: AbortSignal | null) => {
      if (signal) asked[what] = signal;
      return new Promise<never>((_resolve, reject) => signal?.addEventListener("abort", () => reject(signal.reason)));
    };
    const stage = runArtifactsStage({
      loaded: parseConfig(config, ".github/deploy-gate.yml"),
      environment: "production",
      repo: repo.dir,
      commit: repo.git("rev-parse", "HEAD").trim(),
      values: {},
      baseline: {
        latest: (_environment, signal) => never("latest", signal),
        history: (_environment, signal) => never("history", signal),
        save: async () => {},
      },
      howToRun: (stage, environment) => `run ${stage} --env ${environment}`,
      registry: { fetch: ((_url: string, init: RequestInit) => never("registry", init.signal)) as typeof fetch },
    });
    await expect(stage).rejects.toThrow('glob "nothing/**" matches no file');
    // The recorded deploys are asked at once; the registry as soon as the image is looked at
    // (unless the fingerprint failed first). Whatever was asked is cancelled.
    expect(Object.keys(asked)).toEqual(expect.arrayContaining(["history", "latest"]));
    expect(Object.entries(asked).filter(([, signal]) => !signal.aborted)).toEqual([]);
  });

  it("record ends at its budget too, and writes nothing", async () => {
    const port = await tcpListener();
    const repo = artifactsRepo(artifactsConfig(`127.0.0.1:${port}/acme/web@${DIGEST}`, "timeout: 10m, budget: 300ms"));
    const { code, results } = await cli("record", repo.dir);
    expect(code).toBe(1);
    expect(results).toEqual([expect.objectContaining({ id: "web", status: "fail", verdict: "timeout" })]);
    expect(existsSync(join(repo.dir, ".deploy-gate"))).toBe(false);
  });
});
