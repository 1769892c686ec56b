import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isMutable, parseImageRef, parseOciLayoutRef } from "../src/core/artifacts/image-ref.js";
import { runCli } from "./helpers/cli.js";
import { testRepo } from "./helpers/git-repo.js";
import { writeOciLayout } from "./helpers/oci.js";

const DIGEST = `sha256:${"a".repeat(64)}`;

describe("image references by the Docker grammar", () => {
  it.each([
    ["nginx", { domain: "docker.io", repository: "library/nginx", tag: undefined, digest: undefined }],
    ["nginx:1.27", { domain: "docker.io", repository: "library/nginx", tag: "1.27" }],
    ["acme/web:v1", { domain: "docker.io", repository: "acme/web", tag: "v1" }],
    ["ghcr.io/acme/web:v1", { domain: "ghcr.io", repository: "acme/web", tag: "v1" }],
    ["localhost:5000/web", { domain: "localhost:5000", repository: "web", tag: undefined }],
    ["127.0.0.1:5000/a/b/c:t", { domain: "127.0.0.1:5000", repository: "a/b/c", tag: "t" }],
    [`web@${DIGEST}`, { domain: "docker.io", repository: "library/web", digest: DIGEST }],
    [`ghcr.io/acme/web:v1@${DIGEST}`, { domain: "ghcr.io", repository: "acme/web", tag: "v1", digest: DIGEST }],
    ["registry.local/x__y/a-b.c:latest", { domain: "registry.local", repository: "x__y/a-b.c" }],
  ])("parses %s", (text, expected) => {
    expect(parseImageRef(text)).toMatchObject(expected);
  });

  it.each([
    ["", /empty/],
    ["Web:1", /bad name component "Web"/],
    ["web:-bad", /bad tag/],
    ["web@sha256:abc", /bad digest|64 hex/],
    [`web@sha256:${"g".repeat(64)}`, /64 hex/],
    ["a//b", /bad name component ""/],
    ["my_registry.local/web", /bad registry host/],
  ])("rejects %j", (text, error) => {
    expect(() => parseImageRef(text)).toThrow(error);
  });

  it("is mutable without a digest, pinned with one (even with a tag)", () => {
    expect(isMutable(parseImageRef("web"))).toBe(true);
    expect(isMutable(parseImageRef("web:v1"))).toBe(true);
    expect(isMutable(parseImageRef(`web:v1@${DIGEST}`))).toBe(false);
  });

  it("names OCI layouts as skopeo does", () => {
    expect(parseOciLayoutRef("oci:build/image:v1")).toEqual({ transport: "oci", path: "build/image", tag: "v1" });
    expect(parseOciLayoutRef(`oci-archive:img.tar@${DIGEST}`)).toEqual({
      transport: "oci-archive",
      path: "img.tar",
      digest: DIGEST,
      tag: undefined,
    });
    expect(parseOciLayoutRef("ghcr.io/a/b:v1")).toBeUndefined();
  });
});

const imageRepo = (image: string, extra = "") => {
  const repo = testRepo({
    ".github/deploy-gate.yml": `version: 1
environments:
  production:
    variables: [{ dotenv: deploy/production.env }]
artifacts:
  - name: web
    image: ${image}
    inputs: [web/**]
${extra}`,
    ".gitignore": "build/\n.deploy-gate/\n",
    "deploy/production.env": `WEB_IMAGE=ghcr.io/acme/web@${DIGEST}\nLATEST=ghcr.io/acme/web\nTAGGED=ghcr.io/acme/web:v1.2\n`,
    "web/index.html": "<h1>v1</h1>\n",
  });
  repo.commit("initial");
  return repo;
};

const run = async (dir: string, command = "artifacts") => {
  const out = await runCli([command, "--env", "production", "--json", "-C", dir]);
  return { ...out, results: JSON.parse(out.stdout).stages?.[0]?.results };
};

describe("image artifacts", () => {
  it("an image without tag or digest is latest and mutable-ref; so is any tag", async () => {
    for (const [variable, tag] of [
      ["LATEST", "latest"],
      ["TAGGED", "v1.2"],
    ]) {
      const repo = imageRepo(`\${${variable}}`);
      const { code, results } = await run(repo.dir);
      expect(code).toBe(1);
      expect(results[0]).toMatchObject({ id: "web", status: "fail", verdict: "mutable-ref" });
      expect(results[0].message).toContain(`mutable tag "${tag}"`);
      expect(results[0].message).toContain("pin it as name:tag@sha256:");
    }
  });

  it("a pinned image needs no registry: first-deploy, recorded, then unchanged", async () => {
    const repo = imageRepo("${WEB_IMAGE}");
    expect((await run(repo.dir)).results[0].verdict).toBe("first-deploy");
    expect((await run(repo.dir, "record")).code).toBe(0);
    expect((await run(repo.dir)).results[0].verdict).toBe("unchanged");
    repo.write("web/index.html", "<h1>v2</h1>\n");
    repo.commit();
    expect((await run(repo.dir)).results[0].verdict).toBe("skipped-rebuild");
  });

  it("a variable the environment lacks is missing-variable, and record refuses it", async () => {
    const repo = imageRepo("ghcr.io/acme/${NOPE}:v1");
    const { code, results } = await run(repo.dir);
    expect(code).toBe(1);
    expect(results[0]).toMatchObject({ status: "fail", verdict: "missing-variable" });
    expect(results[0].message).toContain("${NOPE}");
    expect((await run(repo.dir, "record")).code).toBe(1);
  });

  it("record refuses a mutable reference (its digest is unknown) and writes nothing", async () => {
    const repo = imageRepo("${LATEST}");
    const { code, results } = await run(repo.dir, "record");
    expect(code).toBe(1);
    expect(results[0]).toMatchObject({ verdict: "mutable-ref" });
    expect(results[0].message).toMatch(/^not recorded: /);
  });

  it("an invalid reference after interpolation is a failed check, not a pass", async () => {
    const repo = imageRepo("Bad/Name:v1");
    const { results } = await run(repo.dir);
    expect(results[0]).toMatchObject({ status: "fail", verdict: "missing" });
    expect(results[0].message).toContain("is not a valid image reference");
  });
});

describe("OCI image layouts and the revision label", () => {
  it("wrong-revision when the image was built from a commit whose inputs differ", async () => {
    const repo = imageRepo("oci:build/web:v1");
    const built = repo.git("rev-parse", "HEAD");
    writeOciLayout(join(repo.dir, "build/web"), { tag: "v1", revision: built });
    expect((await run(repo.dir)).results[0].verdict).toBe("first-deploy");
    repo.write("web/index.html", "<h1>v2</h1>\n");
    repo.commit();
    const { code, results } = await run(repo.dir);
    expect(code).toBe(1);
    expect(results[0]).toMatchObject({ verdict: "wrong-revision" });
    expect(results[0].message).toBe(
      `the image says it was built from ${built.slice(0, 7)}, whose inputs differ from ${repo.git("rev-parse", "--short=7", "HEAD")}'s (web/index.html); rebuild it from ${repo.git("rev-parse", "--short=7", "HEAD")}`,
    );
  });

  it("an image reused from a commit with identical inputs passes", async () => {
    const repo = imageRepo("oci:build/web:v1");
    const built = repo.git("rev-parse", "HEAD");
    writeOciLayout(join(repo.dir, "build/web"), { tag: "v1", revision: built });
    repo.write("README.md", "docs only\n");
    repo.commit();
    const { code, results } = await run(repo.dir);
    expect(code).toBe(0);
    expect(results[0].verdict).toBe("first-deploy");
  });

  it("a revision the clone lacks fails closed and says to fetch the history", async () => {
    const repo = imageRepo("oci:build/web:v1");
    writeOciLayout(join(repo.dir, "build/web"), { tag: "v1", revision: "feedfacefeedfacefeedfacefeedfacefeedface" });
    const { results } = await run(repo.dir);
    expect(results[0]).toMatchObject({ status: "fail", verdict: "wrong-revision" });
    expect(results[0].message).toContain("fetch-depth: 0");
  });

  it("reads an OCI archive, and a missing tag or layout is missing", async () => {
    const repo = imageRepo("oci-archive:build/web.tar:v1");
    const layout = join(repo.dir, "build/layout");
    const digest = writeOciLayout(layout, { tag: "v1", revision: repo.git("rev-parse", "HEAD") });
    execFileSync("tar", ["-C", layout, "-cf", join(repo.dir, "build/web.tar"), "."]);
    expect((await run(repo.dir, "record")).code).toBe(0);
    const state = JSON.parse((await import("node:fs")).readFileSync(join(repo.dir, ".deploy-gate/state.json"), "utf8"));
    expect(state.environments.production[0].artifacts.web).toMatchObject({ kind: "image", digest });
    expect((await run(repo.dir)).results[0].verdict).toBe("unchanged");
    for (const image of ["oci-archive:build/web.tar:v2", "oci:build/none:v1", "oci-archive:build/none.tar"]) {
      const other = imageRepo(image);
      expect((await run(other.dir)).results[0].verdict).toBe("missing");
    }
  });
});
