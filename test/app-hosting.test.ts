import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join, posix } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { dockerfileImages, isPinned } from "../src/core/preflight/checks/images-pinned.js";
import { settle, spawnApp, testKey } from "./helpers/app-process.js";
import { tempDir } from "./helpers/tmp.js";

const ROOT = new URL("..", import.meta.url).pathname;
const DOCKERFILE = readFileSync(join(ROOT, "Dockerfile"), "utf8");

interface Stage {
  from: string;
  name?: string;
  workdir: string;
  env: Record<string, string>;
  user?: string;
  run: string[];
  copy: { from?: string; sources: string[]; dest: string }[];
  cmd?: string[];
  healthcheck?: string[];
}

/** The Dockerfile's stages, read as the builder does (continuation lines joined, comments dropped). */
function stages(text: string): Stage[] {
  const instructions = text
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
  const out: Stage[] = [];
  for (const line of instructions) {
    const [keyword, ...words] = line.split(/\s+/);
    const rest = line.slice(keyword.length).trim();
    const stage = out.at(-1);
    switch (keyword.toUpperCase()) {
      case "FROM":
        out.push({ from: words[0], name: words[2], workdir: "/", env: {}, run: [], copy: [] });
        break;
      case "WORKDIR":
        if (stage) stage.workdir = posix.resolve(stage.workdir, rest);
        break;
      case "ENV":
        for (const pair of words) {
          const [name, value] = pair.split("=");
          if (stage) stage.env[name] = value;
        }
        break;
      case "USER":
        if (stage) stage.user = rest;
        break;
      case "RUN":
        stage?.run.push(rest);
        break;
      case "COPY": {
        const from = words.find((w) => w.startsWith("--from="))?.slice("--from=".length);
        const paths = words.filter((w) => !w.startsWith("--"));
        stage?.copy.push({ from, sources: paths.slice(0, -1), dest: paths.at(-1) ?? "" });
        break;
      }
      case "CMD":
        if (stage) stage.cmd = JSON.parse(rest);
        break;
      case "HEALTHCHECK":
        if (stage) stage.healthcheck = JSON.parse(rest.slice(rest.indexOf("CMD ") + 4));
        break;
    }
  }
  return out;
}

const all = stages(DOCKERFILE);
const runtime = all.at(-1) as Stage;
const build = all.find((s) => s.name === "build") as Stage;

/**
 * The runtime stage's files in a clean folder: what it copies from the build stage is what
 * `npm run build` leaves in the checkout (CI rebuilds dist/ and fails on any difference).
 */
function runtimeFolder(): string {
  const dir = tempDir("deploy-gate-image-");
  for (const { from, sources, dest } of runtime.copy) {
    expect(from).toBe("build");
    for (const source of sources) {
      const into = posix.relative(runtime.workdir, posix.resolve(runtime.workdir, dest));
      const target = join(dir, into, dest.endsWith("/") ? posix.basename(source) : "");
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(join(ROOT, posix.relative(build.workdir, source)), target);
    }
  }
  return dir;
}

describe("the app's Dockerfile", () => {
  it("builds in one stage and runs as a non-root user from another", () => {
    expect(all.map((s) => s.name)).toContain("build");
    expect(runtime.name).toBeUndefined();
    expect(runtime.user).toBe("node");
    expect(runtime.copy.every((c) => c.from === "build")).toBe(true);
  });

  it("passes deploy-gate's own images-pinned check, through the CLI as CI runs it", () => {
    expect(dockerfileImages(DOCKERFILE, "Dockerfile").every((ref) => isPinned(ref.image) && !ref.unknown)).toBe(true);
    const cli = spawnSync(
      process.execPath,
      ["dist/cli.js", "preflight", "--env", "ci", "--config", ".ci/deploy-gate.yml"],
      {
        cwd: ROOT,
        encoding: "utf8",
      },
    );
    expect(cli.status).toBe(0);
    expect(cli.stdout).toContain("dockerfile-pinned  passed");
    expect(readFileSync(join(ROOT, ".ci/run"), "utf8")).toContain(".ci/deploy-gate.yml");
  });

  it("stops the build when BASE_IMAGE is not a digest reference", () => {
    const guard = build.run.find((r) => r.includes("BASE_IMAGE")) as string;
    const withBase = (base: string) => spawnSync("sh", ["-c", guard], { env: { BASE_IMAGE: base }, encoding: "utf8" });
    expect(withBase("node:20-bookworm-slim").status).toBe(1);
    expect(withBase("node:20-bookworm-slim").stderr).toContain("BASE_IMAGE must be pinned by digest");
    expect(withBase(`node:20-bookworm-slim@sha256:${"a".repeat(64)}`).status).toBe(0);
    // The default: the pinned stage Dependabot keeps current.
    const declared = /^ARG BASE_IMAGE=(\S+)$/m.exec(DOCKERFILE)?.[1] as string;
    expect(withBase(declared).status).toBe(0);
    expect(all.find((s) => s.name === declared)?.from).toMatch(/^node:20-bookworm-slim@sha256:[0-9a-f]{64}$/);
  });

  it("its runtime files start the app in a clean folder, and its HEALTHCHECK passes only then", async () => {
    const dir = runtimeFolder();
    const credentials = { APP_ID: "42", PRIVATE_KEY: testKey(), WEBHOOK_SECRET: "image-test-secret" };
    // HOST and PORT: the container's own network keeps 0.0.0.0:3000 private; here, loopback and a free port.
    const { HOST: _host, PORT: _port, ...imageEnv } = runtime.env;
    const app = await spawnApp({ ...imageEnv, ...credentials }, { cwd: dir, argv: (runtime.cmd as string[]).slice(1) });
    expect(runtime.cmd?.[0]).toBe("node");
    const healthcheck = () =>
      spawnSync(process.execPath, (runtime.healthcheck as string[]).slice(1), {
        env: { ...runtime.env, PORT: String(app.port) },
        encoding: "utf8",
      }).status;
    expect(await settle(app)).toBe("listening");
    expect(runtime.healthcheck?.[0]).toBe("node");
    expect(healthcheck()).toBe(0);
    app.child.kill("SIGTERM");
    // SIGTERM (docker stop, systemd) stops it cleanly.
    expect(await app.exited).toBe(0);
    expect(healthcheck()).toBe(1);
  });
});

describe("the repository around the app", () => {
  it("Dependabot keeps the base image digest, npm packages and actions current", () => {
    const config = parse(readFileSync(join(ROOT, ".github/dependabot.yml"), "utf8"));
    expect(config.version).toBe(2);
    expect(config.updates.map((u: { "package-ecosystem": string }) => u["package-ecosystem"]).sort()).toEqual([
      "docker",
      "github-actions",
      "npm",
    ]);
  });

  it("git ignores what setup mode writes and the CLI's local state", () => {
    const ignored = spawnSync("git", ["check-ignore", "--no-index", ".env", "app.pem", ".deploy-gate/state.json"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(ignored.stdout.trim().split("\n")).toEqual([".env", "app.pem", ".deploy-gate/state.json"]);
  });

  it("app.yml leaves the webhook URL to Probot's setup", () => {
    expect(parse(readFileSync(join(ROOT, "app.yml"), "utf8")).hook_attributes).toBeUndefined();
  });
});
