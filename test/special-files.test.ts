import { execFileSync } from "node:child_process";
import { mkdirSync, symlinkSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { firstArtifactResult, oneArtifactConfig } from "./helpers/artifacts.js";
import { runCli } from "./helpers/cli.js";
import { testRepo } from "./helpers/git-repo.js";
import { configWith, runPreflight } from "./helpers/preflight.js";

// Each of these hung the artifacts stage forever on a read; now each is `missing` without a read.
const CONFIG = oneArtifactConfig("bin/tool");

function repoWithTool(place: (path: string) => void | Promise<void>) {
  const repo = testRepo({ ".github/deploy-gate.yml": CONFIG, ".gitignore": "bin/\n", "go.mod": "module x\n" });
  repo.commit();
  mkdirSync(join(repo.dir, "bin"));
  return Promise.resolve(place(join(repo.dir, "bin", "tool"))).then(() => repo);
}

async function artifactResult(repo: ReturnType<typeof testRepo>) {
  const { code, result } = await firstArtifactResult(repo);
  expect(code).toBe(1);
  return result;
}

const mkfifo = (path: string): void => {
  execFileSync("mkfifo", [path]);
};

describe("only regular files, directories and symlinks to them are digested", () => {
  it("an artifact path that is a FIFO is missing, and says what it is", async () => {
    const repo = await repoWithTool(mkfifo);
    expect(await artifactResult(repo)).toMatchObject({
      verdict: "missing",
      message: expect.stringContaining("bin/tool is a named pipe (FIFO)"),
    });
  });

  it("an artifact path that is a symlink to /dev/zero is missing: a device is never opened", async () => {
    const repo = await repoWithTool((path) => symlinkSync("/dev/zero", path));
    const result = await artifactResult(repo);
    expect(result.verdict).toBe("missing");
    // /dev is outside the checkout, so the containment rule speaks first.
    expect(result.message).toContain("bin/tool leads outside the repository");
  });

  it("a symlink to a socket inside the checkout is missing", async () => {
    // A socket is the special file a test can make without privileges; Node removes it on close.
    const server = createServer();
    try {
      const repo = await repoWithTool(async (path) => {
        await new Promise<void>((resolve) => server.listen(`${path}.sock`, resolve));
        symlinkSync("tool.sock", path);
      });
      expect((await artifactResult(repo)).message).toContain("bin/tool is a socket");
    } finally {
      server.close();
    }
  });

  it("a FIFO inside a digested directory makes the artifact missing, naming the entry", async () => {
    const repo = await repoWithTool((path) => {
      mkdirSync(path);
      mkfifo(join(path, "pipe"));
    });
    expect((await artifactResult(repo)).message).toContain("bin/tool/pipe is a named pipe (FIFO)");
  });

  it("symlinks inside a digested directory are digested as their target text, not followed", async () => {
    const repo = await repoWithTool((path) => {
      mkdirSync(path);
      symlinkSync("/dev/zero", join(path, "zero"));
      symlinkSync("/etc/hostname", join(path, "host"));
    });
    expect((await firstArtifactResult(repo)).result).toMatchObject({ status: "pass", verdict: "first-deploy" });
  });

  it("a dotenv file that is a FIFO is a config error, not a hang", async () => {
    const repo = testRepo({});
    mkfifo(join(repo.dir, "prod.env"));
    await expect(
      runPreflight(configWith("  - { id: vars, type: env, required: [API_KEY] }\n"), {}, { repo: repo.dir }),
    ).rejects.toThrow("prod.env is a named pipe (FIFO)");
  });

  it("a manifest that is a symlink to a FIFO fails its check, not the run", async () => {
    const repo = testRepo({ "prod.env": "" });
    mkdirSync(join(repo.dir, "k8s"));
    mkfifo(join(repo.dir, "pipe"));
    symlinkSync("../pipe", join(repo.dir, "k8s", "app.yaml"));
    const { results } = await runPreflight(
      configWith('  - { id: pins, type: images-pinned, files: ["k8s/*.yaml"] }\n'),
      {},
      { repo: repo.dir },
    );
    expect(results[0].status).toBe("fail");
    expect(JSON.stringify(results)).toContain("k8s/app.yaml is a named pipe (FIFO)");
  });

  it("a tracked input replaced by a FIFO stops the artifacts stage, naming it, instead of hanging", async () => {
    const repo = testRepo({ ".github/deploy-gate.yml": oneArtifactConfig("go.mod", "[src/**]"), "src/a.c": "1\n" });
    repo.commit();
    repo.remove("src/a.c");
    mkfifo(join(repo.dir, "src", "a.c"));
    const run = await runCli(["artifacts", "--env", "production", "-C", repo.dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("the input src/a.c is a named pipe (FIFO), which git cannot store");
  });
});
