import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { observe } from "../src/core/artifacts/observe.js";
import { inspectOciLayout } from "../src/core/artifacts/oci-layout.js";
import type { ArtifactConfig } from "../src/core/config/schema.js";
import { askTurbo } from "../src/core/predict/turbo.js";
import { writeOciLayout } from "./helpers/oci.js";
import { configWith, repoWith, runPreflight } from "./helpers/preflight.js";
import { tempDir } from "./helpers/tmp.js";

// --- OCI layouts: directories and hand-built tar archives ---

/** One tar header and its data, padded; `ustar: false` writes a V7 header (no magic, no prefix). */
function tarEntry(
  name: string,
  data: Buffer,
  type = "0",
  options: { ustar?: boolean; size?: string; prefix?: string } = {},
): Buffer {
  const header = Buffer.alloc(512);
  header.write(name.slice(0, 100), 0, "utf8");
  header.write(options.size ?? `${data.length.toString(8).padStart(11, "0")}\0`, 124, "utf8");
  header.write(type, 156, "utf8");
  if (options.ustar !== false) header.write("ustar\u000000", 257, "utf8");
  if (options.prefix) header.write(options.prefix, 345, "utf8");
  const padded = Buffer.alloc(Math.ceil(data.length / 512) * 512);
  data.copy(padded);
  return Buffer.concat([header, padded]);
}

/** The layout's files, with the sha256 blob names. */
function layoutFiles(dir: string) {
  const blobs = readdirSync(join(dir, "blobs/sha256"));
  return { index: readFileSync(join(dir, "index.json")), blobs };
}

const artifact = (image: string) => ({ name: "app", image }) as ArtifactConfig;

describe("OCI layouts: archives and the choice of image", () => {
  it("reads an archive whose entries use pax and GNU long-name headers and V7 headers", async () => {
    const root = tempDir();
    const layout = join(root, "layout");
    const digest = writeOciLayout(layout, { tag: "v1", revision: "abc123" });
    const { index, blobs } = layoutFiles(layout);
    const entries: Buffer[] = [];
    // index.json named only by a pax header; the entry's own name is something else.
    const pax = Buffer.from("30 path=index.json\n");
    entries.push(tarEntry("PaxHeaders/x", pax, "x"), tarEntry("truncated-name", index));
    entries.push(tarEntry("blobs/", Buffer.alloc(0), "5"));
    entries.push(tarEntry("./empty", Buffer.alloc(0), "0", { size: "" }));
    for (const [i, hex] of blobs.entries()) {
      const data = readFileSync(join(layout, "blobs/sha256", hex));
      const name = `blobs/sha256/${hex}`;
      if (i === 0) entries.push(tarEntry(hex, data, "0", { prefix: "blobs/sha256" }));
      else if (i % 2 === 0) entries.push(tarEntry("././@LongLink", Buffer.from(`${name}\0`), "L"), tarEntry("x", data));
      else entries.push(tarEntry(`./${name}`, data, "0", { ustar: false }));
    }
    entries.push(Buffer.alloc(1024));
    writeFileSync(join(root, "img.tar"), Buffer.concat(entries));
    expect(await inspectOciLayout({ transport: "oci-archive", path: "img.tar", tag: "v1" }, root)).toEqual({
      digest,
      revision: "abc123",
    });
    // The same archive without its blobs: the tag is in index.json, but its manifest is not there.
    writeFileSync(join(root, "bare.tar"), Buffer.concat([tarEntry("index.json", index), Buffer.alloc(1024)]));
    expect(await inspectOciLayout({ transport: "oci-archive", path: "bare.tar", tag: "v1" }, root)).toBeUndefined();
  });

  it("picks by digest, or the only image when no tag is named; several images and no tag is none", async () => {
    const root = tempDir();
    const digest = writeOciLayout(join(root, "img"), { tag: "v1", revision: "r1" });
    expect(await inspectOciLayout({ transport: "oci", path: "img", digest }, root)).toEqual({ digest, revision: "r1" });
    expect(await inspectOciLayout({ transport: "oci", path: "img" }, root)).toEqual({ digest, revision: "r1" });
    const missing = `sha256:${"0".repeat(64)}`;
    expect(await inspectOciLayout({ transport: "oci", path: "img", digest: missing }, root)).toBeUndefined();
    const index = JSON.parse(readFileSync(join(root, "img/index.json"), "utf8"));
    index.manifests.push({ ...index.manifests[0], annotations: { "org.opencontainers.image.ref.name": "v2" } });
    writeFileSync(join(root, "img/index.json"), JSON.stringify(index));
    expect(await inspectOciLayout({ transport: "oci", path: "img" }, root)).toBeUndefined();
    expect(await observe(artifact("oci:img"), { repo: root, values: {} })).toEqual({
      kind: "image",
      missing:
        "the OCI layout img is not there (or holds several images: name one with :TAG); build it before the gate runs",
    });
    expect(await observe(artifact(`oci:img@${missing}`), { repo: root, values: {} })).toEqual({
      kind: "image",
      missing: `the OCI layout img has no image ${missing}; build it before the gate runs`,
    });
  });

  it("a multi-platform image whose platform manifest is missing still has its digest, without a revision", async () => {
    const root = tempDir();
    const digest = writeOciLayout(join(root, "img"), { tag: "v1", revision: "r1", multiArch: true });
    const index = JSON.parse(readFileSync(join(root, "img/blobs/sha256", digest.slice(7)), "utf8"));
    rmSync(join(root, "img/blobs/sha256", index.manifests[1].digest.slice(7)));
    expect(await inspectOciLayout({ transport: "oci", path: "img", tag: "v1" }, root)).toEqual({ digest });
  });

  it("a manifest without a config has no revision from a config", async () => {
    const root = tempDir();
    const digest = writeOciLayout(join(root, "img"), { tag: "v1", revision: "r1" });
    writeFileSync(join(root, "img/blobs/sha256", digest.slice(7)), JSON.stringify({ schemaVersion: 2, layers: [] }));
    expect(await inspectOciLayout({ transport: "oci", path: "img", tag: "v1" }, root)).toEqual({
      digest,
      revision: undefined,
    });
  });

  it("a layout that cannot be read (bad JSON, a blob that is a directory, an archive that is one) says so", async () => {
    const root = tempDir();
    const digest = writeOciLayout(join(root, "img"), { tag: "v1" });
    writeOciLayout(join(root, "broken"), { tag: "v1" });
    writeFileSync(join(root, "broken/index.json"), "{ not json");
    expect(await observe(artifact("oci:broken:v1"), { repo: root, values: {} })).toEqual({
      kind: "image",
      missing: "the OCI layout broken cannot be read (index.json is not valid JSON)",
    });
    const blob = join(root, "img/blobs/sha256", digest.slice(7));
    rmSync(blob);
    mkdirSync(blob);
    await expect(inspectOciLayout({ transport: "oci", path: "img", tag: "v1" }, root)).rejects.toThrow();
    const dirObserved = await observe(artifact("oci:img:v1"), { repo: root, values: {} });
    expect(dirObserved.missing).toMatch(/^the OCI layout img cannot be read \(/);
    mkdirSync(join(root, "dir.tar"));
    const archive = await observe(artifact("oci-archive:dir.tar:v1"), { repo: root, values: {} });
    expect(archive.missing).toMatch(/^the OCI layout dir\.tar cannot be read \(/);
    expect(await inspectOciLayout({ transport: "oci-archive", path: "none.tar" }, root)).toBeUndefined();
  });
});

describe("observe: files and images that cannot be checked", () => {
  it("a path that links out of the checkout is missing, with the reason", async () => {
    const outside = tempDir();
    writeFileSync(join(outside, "app.bin"), "x");
    const repo = repoWith({});
    symlinkSync(join(outside, "app.bin"), join(repo, "app.bin"));
    const seen = await observe({ name: "app", path: "app.bin" } as ArtifactConfig, { repo, values: {} });
    expect(seen.kind).toBe("file");
    expect(seen.digest).toBeUndefined();
    expect(seen.missing).toEqual(expect.any(String));
    expect(seen.missing).not.toMatch(/is not there; build it/);
  });

  it("an invalid reference, or none at all, asks to fix `image`", async () => {
    const bad = await observe(artifact("Not A Ref!"), { repo: tempDir(), values: {} });
    expect(bad).toEqual({
      kind: "image",
      missing: expect.stringMatching(
        /^"Not A Ref!" is not a valid image reference: .*; fix `image` \(or the variable it names\)$/,
      ),
    });
    const none = await observe({ name: "app" } as ArtifactConfig, { repo: tempDir(), values: {} });
    expect(none.missing).toMatch(/^"" is not a valid image reference: it is empty or too long; fix `image`/);
  });
});

// --- turbo: a fake turbo on the repository's node_modules/.bin printing a dry run ---

async function turboWith(dry: unknown, tasks: string[]) {
  const repo = repoWith({
    "node_modules/.bin/turbo*": '#!/bin/sh\ncat "$(dirname "$0")/../../dry.json"\n',
    "dry.json": typeof dry === "string" ? dry : JSON.stringify(dry),
  });
  return askTurbo(tasks, {
    repo,
    env: { PATH: process.env.PATH },
    signal: new AbortController().signal,
    timeoutMs: 10_000,
  });
}

describe("predict with turbo: reading the dry run", () => {
  it("collects inputs through dependencies (cycles once, unknown ones skipped), relative to each package", async () => {
    const answers = await turboWith(
      {
        tasks: [
          { taskId: "web#build", hash: "h1", inputs: { "turbo.json": "0" }, dependencies: ["ui#build", "ghost#build"] },
          {
            taskId: "lib#build",
            hash: "h3",
            directory: "packages/lib",
            inputs: { "index.ts": "3" },
            dependencies: ["gen#build"],
          },
          { taskId: "gen#build", hash: "h4" },
          {
            taskId: "ui#build",
            hash: "h2",
            directory: "packages/ui",
            inputs: { "src/a.ts": "1", "../../shared.json": "2" },
            dependencies: ["web#build", "lib#build"],
          },
        ],
      },
      ["web#build", "web#build", "nope#build"],
    );
    expect([...answers.keys()]).toEqual(["web#build", "nope#build"]);
    const web = answers.get("web#build")!;
    expect(web.ok).toBe(true);
    if (web.ok) {
      expect(web.prediction.key).toBe("turbo:h1");
      expect([...(web.prediction.files ?? [])].sort()).toEqual([
        "packages/lib/index.ts",
        "packages/ui/src/a.ts",
        "shared.json",
        "turbo.json",
      ]);
    }
    expect(answers.get("nope#build")).toMatchObject({
      ok: false,
      verdict: "predict-failed",
      message: expect.stringContaining(
        'turbo planned no task "nope#build" (it planned web#build, lib#build, gen#build, ui#build);',
      ),
    });
  });

  it("a plan without the task, and with no task at all, names none", async () => {
    const answers = await turboWith({ tasks: [] }, ["web#build"]);
    expect(answers.get("web#build")).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^turbo planned no task "web#build"; name the task/),
    });
  });

  it("JSON that is no dry run fails every task, asking for turbo 2", async () => {
    const answers = await turboWith({ tasks: [{ taskId: 1 }] }, ["a#build", "b#build"]);
    for (const task of ["a#build", "b#build"]) {
      expect(answers.get(task)).toMatchObject({
        ok: false,
        verdict: "predict-failed",
        message: expect.stringContaining("printed no dry-run JSON that deploy-gate can read"),
      });
    }
  });
});

// --- k8s-refs: inventories in odd shapes, kubectl that fails ---

const pod = `apiVersion: apps/v1
kind: Deployment
metadata: { name: api }
spec:
  template:
    spec:
      containers:
        - name: a
          env:
            - { name: PLAIN, value: "1" }
            - name: NONAME
              valueFrom: { secretKeyRef: { key: k } }
            - name: K
              valueFrom: { secretKeyRef: { name: empty, key: k } }
            - name: S
              valueFrom: { configMapKeyRef: { name: cfg, key: fromString } }
            - name: B
              valueFrom: { configMapKeyRef: { name: cfg, key: fromBinary } }
        - name: b
          env:
            - name: K
              valueFrom: { secretKeyRef: { name: empty, key: k } }
`;
const check = (extra: string) =>
  configWith(`  - { id: refs, type: k8s-refs, manifests: [k8s/*.yaml], namespace: production${extra} }\n`);

describe("k8s-refs: inventories and kubectl", () => {
  it("reads a bare array; skips other kinds and junk; a namespace-less object counts anywhere; keys from stringData and binaryData", async () => {
    const inventory = [
      { kind: "Secret", metadata: { name: "empty" } },
      { kind: "Service", metadata: { name: "empty", namespace: "production" }, data: { k: "eA==" } },
      {
        kind: "ConfigMap",
        metadata: { name: "cfg", namespace: "production" },
        stringData: { fromString: "x" },
        binaryData: { fromBinary: "eA==" },
      },
      "junk",
      { kind: "Secret" },
    ];
    const { results } = await runPreflight(check(", inventory: inv.json"), {
      "prod.env": "",
      "k8s/api.yaml": pod,
      "inv.json": JSON.stringify(inventory),
    });
    // Both containers reference the missing key: one result.
    expect(results).toEqual([
      expect.objectContaining({
        id: "refs:secret/empty:k",
        verdict: "missing-key",
        message: expect.stringContaining('in namespace "production", which has no such key (it has: none)'),
      }),
    ]);
  });

  it("an inventory that is not JSON, or a link out of the checkout, is reported as such", async () => {
    const notJson = await runPreflight(check(", inventory: inv.json"), {
      "prod.env": "",
      "k8s/api.yaml": pod,
      "inv.json": "kubectl: error",
    });
    expect(notJson.results[0]).toMatchObject({ verdict: "no-files", status: "fail" });
    expect(notJson.results[0].message).toMatch(/^the inventory inv\.json cannot be read \(.+\); it must be kubectl's/);
    const outside = tempDir();
    writeFileSync(join(outside, "inv.json"), "[]");
    const repo = repoWith({ "prod.env": "", "k8s/api.yaml": pod });
    symlinkSync(join(outside, "inv.json"), join(repo, "inv.json"));
    const linked = await runPreflight(check(", inventory: inv.json"), {}, { repo });
    expect(linked.results[0]).toMatchObject({ verdict: "no-files", status: "fail" });
    expect(linked.results[0].message).toMatch(/^the inventory /);
    expect(linked.results[0].message).not.toMatch(/cannot be read|does not exist/);
  });

  it("kubectl missing from PATH, or printing no JSON, is command-failed naming the command", async () => {
    const repo = repoWith({
      "prod.env": "",
      "k8s/api.yaml": pod,
      "fakebin/kubectl*": "#!/bin/sh\necho garbage\n",
    });
    const missing = await runPreflight(check(", kubectl: {}"), {}, { repo, processEnv: { PATH: join(repo, "nobin") } });
    expect(missing.results[0]).toMatchObject({ verdict: "command-failed" });
    expect(missing.results[0].message).toMatch(/^kubectl get secrets,configmaps -o json -n production: /);
    const garbage = await runPreflight(
      check(", kubectl: {}"),
      {},
      { repo, processEnv: { PATH: `${repo}/fakebin:${process.env.PATH}` } },
    );
    expect(garbage.results[0]).toMatchObject({
      verdict: "command-failed",
      message: "kubectl get secrets,configmaps -o json -n production did not print JSON (garbage)",
    });
  });
});
