import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { inspectOciLayout } from "../src/core/artifacts/oci-layout.js";
import { firstArtifactResult, oneArtifactConfig } from "./helpers/artifacts.js";
import { runCli } from "./helpers/cli.js";
import { testRepo } from "./helpers/git-repo.js";
import { configWith, runPreflight } from "./helpers/preflight.js";
import { tempDir } from "./helpers/tmp.js";

const CANARY = "outside-canary-7f3a9c";
const OUTSIDE_ONLY = "must stay inside the repository";

/** A checkout at BASE/repo beside BASE/runner-home, which holds files no config may reach. */
function checkoutBesideHome() {
  const base = tempDir();
  const home = join(base, "runner-home");
  mkdirSync(join(home, "k8s"), { recursive: true });
  writeFileSync(join(home, "hostname"), `${CANARY}\n`);
  writeFileSync(join(home, "creds"), `API_KEY=${CANARY}\n`);
  writeFileSync(
    join(home, "k8s", "app.yaml"),
    `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${CANARY} }
spec:
  template:
    spec:
      containers:
        - name: app
          image: ${CANARY}:latest
          envFrom: [{ secretRef: { name: ${CANARY} } }]
`,
  );
  writeFileSync(join(home, "inventory.json"), JSON.stringify({ kind: "List", items: [] }));
  const repo = testRepo({ ".gitignore": ".deploy-gate/\n", "go.mod": "module x\n" }, join(base, "repo"));
  return { repo, home };
}

describe("nothing the config names is read outside the repository", () => {
  it("an artifact path that climbs out with .. is missing, and names the rule", async () => {
    const { repo } = checkoutBesideHome();
    repo.write(".github/deploy-gate.yml", oneArtifactConfig("../runner-home/hostname"));
    repo.commit();
    const { result, code } = await firstArtifactResult(repo);
    expect(code).toBe(1);
    expect(result).toMatchObject({ id: "tool", verdict: "missing" });
    expect(result.message).toContain("../runner-home/hostname leads outside the repository");
    expect(result.message).toContain(OUTSIDE_ONLY);
  });

  it("an artifact path that is a committed symlink to a file outside is missing", async () => {
    const { repo, home } = checkoutBesideHome();
    repo.write(".github/deploy-gate.yml", oneArtifactConfig("bin/tool"));
    mkdirSync(join(repo.dir, "bin"));
    symlinkSync(join(home, "hostname"), join(repo.dir, "bin", "tool"));
    repo.commit();
    const { result } = await firstArtifactResult(repo);
    expect(result).toMatchObject({ verdict: "missing" });
    expect(result.message).toContain("bin/tool leads outside the repository");
  });

  it("an artifact path through a symlinked directory inside the repository is read", async () => {
    const { repo } = checkoutBesideHome();
    repo.write(".github/deploy-gate.yml", oneArtifactConfig("out/tool"));
    repo.write("build/tool", "binary");
    symlinkSync("build", join(repo.dir, "out"));
    repo.commit();
    const { result } = await firstArtifactResult(repo);
    expect(result).toMatchObject({ status: "pass", verdict: "first-deploy" });
  });

  it("an OCI layout outside the repository is not read", async () => {
    const { repo } = checkoutBesideHome();
    repo.write(
      ".github/deploy-gate.yml",
      oneArtifactConfig("x")
        .replace("path: x", "image: oci:../runner-home:v1")
        .replace("inputs:", "resolve: true\n    inputs:"),
    );
    repo.commit();
    const { result } = await firstArtifactResult(repo);
    expect(result.status).not.toBe("pass");
    expect(result.message).toContain(OUTSIDE_ONLY);
  });

  it("an OCI layout whose index names a blob outside the layout by its digest is not read", async () => {
    const { repo } = checkoutBesideHome();
    mkdirSync(join(repo.dir, "img"));
    const climbing = "sha256:../../../../runner-home/hostname";
    writeFileSync(
      join(repo.dir, "img/index.json"),
      JSON.stringify({ manifests: [{ digest: climbing, annotations: { "org.opencontainers.image.ref.name": "v1" } }] }),
    );
    await expect(inspectOciLayout({ transport: "oci", path: "img", tag: "v1" }, repo.dir)).rejects.toThrow(
      OUTSIDE_ONLY,
    );
  });

  it("a dotenv file outside, by .. or through a symlink, is a config error that prints no value", async () => {
    const { repo, home } = checkoutBesideHome();
    symlinkSync(join(home, "creds"), join(repo.dir, "prod.env"));
    const check = '  - { id: vars, type: env, patterns: { API_KEY: "^x$" } }\n';
    for (const config of [
      configWith(check).replace("dotenv: prod.env", "dotenv: ../runner-home/creds"),
      configWith(check),
    ]) {
      repo.write(".github/deploy-gate.yml", config);
      repo.commit();
      const run = await runCli(["preflight", "--env", "production", "-C", repo.dir]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(OUTSIDE_ONLY);
      expect(run.stdout + run.stderr).not.toContain(CANARY);
    }
  });

  it("from a subdirectory of the checkout, a sibling directory of the same repository may be named", async () => {
    const { repo } = checkoutBesideHome();
    repo.write("shared/prod.env", "API_KEY=in-repo\n");
    repo.commit();
    const config = configWith("  - { id: vars, type: env, required: [API_KEY] }\n").replace(
      "dotenv: prod.env",
      "dotenv: ../shared/prod.env",
    );
    mkdirSync(join(repo.dir, "svc"));
    const { results } = await runPreflight(config, {}, { repo: join(repo.dir, "svc") });
    expect(results).toMatchObject([{ id: "vars", status: "pass" }]);
  });

  it("a json variables file through a symlink out is refused", async () => {
    const { home } = checkoutBesideHome();
    const dir = tempDir();
    writeFileSync(join(home, "params.json"), JSON.stringify({ API_KEY: CANARY }));
    symlinkSync(join(home, "params.json"), join(dir, "params.json"));
    const config = configWith("  - { id: vars, type: env, required: [API_KEY] }\n").replace(
      "dotenv: prod.env",
      "json: params.json",
    );
    await expect(runPreflight(config, {}, { repo: dir })).rejects.toThrow("params.json leads outside the repository");
  });

  it("manifest globs do not walk through a symlinked directory out of the checkout", async () => {
    const { repo, home } = checkoutBesideHome();
    symlinkSync(join(home, "k8s"), join(repo.dir, "k8s"));
    repo.write("prod.env", "");
    repo.write("inv.json", JSON.stringify({ kind: "List", items: [] }));
    repo.write("deploy/app.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: in-repo }\n");
    const checks = `  - { id: refs, type: k8s-refs, manifests: ["k8s/**/*.yaml"], inventory: inv.json }
  - { id: pins, type: images-pinned, files: ["**/*.yaml"] }
`;
    const { results } = await runPreflight(configWith(checks), {}, { repo: repo.dir });
    expect(JSON.stringify(results)).not.toContain(CANARY);
    expect(results.find((r) => r.id === "refs")).toMatchObject({ status: "fail" });
    expect(results.find((r) => r.id === "pins")).toMatchObject({ status: "pass" });
  });

  it("a manifest that is a symlink out of the checkout is not read", async () => {
    const { repo, home } = checkoutBesideHome();
    repo.write("prod.env", "");
    mkdirSync(join(repo.dir, "deploy"));
    symlinkSync(join(home, "k8s", "app.yaml"), join(repo.dir, "deploy", "app.yaml"));
    const { results } = await runPreflight(
      configWith('  - { id: pins, type: images-pinned, files: ["deploy/*.yaml"] }\n'),
      {},
      { repo: repo.dir },
    );
    expect(JSON.stringify(results)).not.toContain(CANARY);
    expect(results[0].status).toBe("fail");
  });

  it("a k8s inventory outside the repository is refused by name", async () => {
    const { repo } = checkoutBesideHome();
    repo.write("prod.env", "");
    repo.write("k8s/app.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: in-repo }\n");
    const { results } = await runPreflight(
      configWith(
        '  - { id: refs, type: k8s-refs, manifests: ["k8s/*.yaml"], inventory: ../runner-home/inventory.json }\n',
      ),
      {},
      { repo: repo.dir },
    );
    expect(results[0]).toMatchObject({ id: "refs", status: "fail" });
    expect(results[0].message).toContain("../runner-home/inventory.json leads outside the repository");
  });
});
