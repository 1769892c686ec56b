import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { TestRepo } from "./helpers/git-repo.js";
import { testRepo } from "./helpers/git-repo.js";
import { predict, record, toolEnv } from "./helpers/predict.js";

/**
 * The GoInstance derivation: its source filter keeps cmd/ and go.mod and (the bug) drops internal/,
 * so a change to internal/ leaves the drvPath as it was, and a change to cmd/ does not.
 */
const FILTER = `path: type:
      let rel = builtins.substring (builtins.stringLength (toString ./.) + 1) (-1) (toString path);
      in rel == "go.mod" || rel == "cmd" || builtins.substring 0 4 rel == "cmd/"`;

const DERIVATION = `derivation {
    name = "goinstance";
    system = builtins.currentSystem;
    builder = "/bin/sh";
    args = [ "-c" "echo built > $out" ];
    src = builtins.path { path = ./.; name = "goinstance-src"; filter = ${FILTER}; };
  }`;

/** A flake evaluates purely: no builtins.currentSystem, so the system is spelled out. */
const SYSTEM = `${process.arch === "arm64" ? "aarch64" : "x86_64"}-linux`;
const FLAKE = `{
  outputs = { self }: {
    packages.${SYSTEM}.goinstance = ${DERIVATION.replace("builtins.currentSystem", `"${SYSTEM}"`)};
  };
}
`;

const config = (predictWith: string, inputs = "[cmd/goinstance/**, internal/**, go.mod]") => `version: 1
environments:
  production: {}
artifacts:
  - name: goinstance
    path: bin/goinstance
    inputs: ${inputs}
    predict: ${predictWith}
`;

function goinstance(predictWith = "{ nix: { file: default.nix, attr: goinstance } }", inputs?: string): TestRepo {
  const repo = testRepo({
    ".gitignore": "bin/\n.deploy-gate/\n",
    ".github/deploy-gate.yml": config(predictWith, inputs),
    "default.nix": `{ goinstance = ${DERIVATION}; nothing = [ ]; }\n`,
    "flake.nix": FLAKE,
    "go.mod": "module example.com/goinstance\n",
    "cmd/goinstance/main.go": "package main // v1\n",
    "internal/pool/pool.go": "package pool // v1\n",
  });
  repo.write("bin/goinstance", "ELF built from v1\n");
  repo.commit("release 1");
  return repo;
}

describe("predict with nix", () => {
  it("first-deploy, then record stores the drvPath as the build key", async () => {
    const env = toolEnv();
    const repo = goinstance();
    const first = await predict(repo, env);
    expect(first.code).toBe(0);
    expect(first.result).toMatchObject({ id: "goinstance", status: "pass", verdict: "first-deploy" });
    expect((await record(repo, env)).code).toBe(0);
    const state = JSON.parse(readFileSync(join(repo.dir, ".deploy-gate/state.json"), "utf8"));
    expect(state.environments.production[0].artifacts.goinstance.buildKey).toMatch(
      /^nix:\/nix\/store\/[0-9a-z]{32}-goinstance\.drv$/,
    );
    expect((await predict(repo, env)).result).toMatchObject({ status: "pass", verdict: "unchanged" });
  });

  it("GoInstance foretold: a change to internal/ keeps the drvPath, so predict fails before the build", async () => {
    const env = toolEnv();
    const repo = goinstance();
    await record(repo, env);
    const at = repo.git("rev-parse", "--short=7", "HEAD");
    repo.write("internal/pool/pool.go", "package pool // v2: the fix\n");
    repo.commit("fix the pool");
    const skip = await predict(repo, env);
    expect(skip.code).toBe(1);
    expect(skip.result).toMatchObject({ status: "fail", verdict: "predicted-skip" });
    expect(skip.result.message).toContain(`inputs changed since the deploy at ${at} (internal/pool/pool.go)`);
    expect(skip.result.message).toContain("the derivation default.nix -A goinstance keeps the same build key");
    expect(skip.result.message).toContain("builtins.path or cleanSourceWith filter");
  });

  it("a change to cmd/ changes the drvPath: predicted-rebuild", async () => {
    const env = toolEnv();
    const repo = goinstance();
    await record(repo, env);
    repo.write("cmd/goinstance/main.go", "package main // v2\n");
    repo.commit("change the command");
    const rebuild = await predict(repo, env);
    expect(rebuild.code).toBe(0);
    expect(rebuild.result).toMatchObject({ status: "pass", verdict: "predicted-rebuild" });
    expect(rebuild.result.message).toMatch(
      /\(cmd\/goinstance\/main\.go\) and .* build key changed \([0-9a-z]{12} to [0-9a-z]{12}\)/,
    );
  });

  it("undeclared-build-input: the drvPath changed though deploy-gate's inputs did not (go.mod undeclared)", async () => {
    const env = toolEnv();
    const repo = goinstance(undefined, "[cmd/goinstance/**, internal/**]");
    await record(repo, env);
    repo.write("go.mod", "module example.com/goinstance\n\ngo 1.22\n");
    repo.commit("bump go");
    const warned = await predict(repo, env);
    expect(warned.code).toBe(0);
    expect(warned.result).toMatchObject({ status: "warn", verdict: "undeclared-build-input" });
    expect(warned.result.message).toContain("build key changed since the deploy at");
    expect(warned.result.message).toContain("but `inputs` did not");
    expect((await predict(repo, env, "--strict")).code).toBe(1);
  });

  it("a flake installable: the same incident, and a new file git does not track is not seen by the flake", async () => {
    const env = toolEnv();
    const repo = goinstance('{ nix: { installable: ".#goinstance" } }');
    await record(repo, env);
    repo.write("internal/pool/pool.go", "package pool // v2: the fix\n");
    repo.commit("fix the pool");
    const skip = await predict(repo, env);
    expect(skip.result).toMatchObject({ verdict: "predicted-skip" });
    expect(skip.result.message).toContain("a flake sees only the files git tracks");
    repo.write("cmd/goinstance/main.go", "package main // v2\n");
    repo.commit("change the command");
    expect((await predict(repo, env)).result).toMatchObject({ verdict: "predicted-rebuild" });
    // Recorded here; an untracked file under cmd/ is an input to the gate but not to the flake.
    await record(repo, env);
    repo.write("cmd/goinstance/extra.go", "package main // new, not added\n");
    const untracked = await predict(repo, env);
    expect(untracked.result).toMatchObject({ verdict: "predicted-skip" });
    expect(untracked.result.message).toContain("(cmd/goinstance/extra.go)");
  });

  it("nix missing from PATH is exit 2 naming it, never a pass", async () => {
    const repo = goinstance();
    const run = await predict(repo, toolEnv({ PATH: "/nonexistent" }));
    expect(run.code).toBe(2);
    expect(run.doc.error.message).toMatch(/^nix is not on PATH: .*install Nix/);
  });

  it("an expression that does not evaluate fails with nix's own error", async () => {
    const env = toolEnv();
    const repo = goinstance("{ nix: { file: default.nix, attr: nope } }");
    const run = await predict(repo, env);
    expect(run.code).toBe(1);
    expect(run.result).toMatchObject({ status: "fail", verdict: "predict-failed" });
    expect(run.result.message).toMatch(/^`nix-instantiate default\.nix -A nope` exited 1: .*nope/);
  });

  it("an attribute that is no derivation prints no drvPath: predict-failed, never a key", async () => {
    const run = await predict(goinstance("{ nix: { file: default.nix, attr: nothing } }"), toolEnv());
    expect(run.result).toMatchObject({ status: "fail", verdict: "predict-failed" });
    expect(run.result.message).toBe(
      "`nix-instantiate default.nix -A nothing` printed no drvPath; point it at a derivation",
    );
  });
});
