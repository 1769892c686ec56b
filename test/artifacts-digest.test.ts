import { createHash } from "node:crypto";
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fileDigest, pathDigest, treeDigest } from "../src/core/artifacts/digest.js";
import { inspectOciLayout } from "../src/core/artifacts/oci-layout.js";
import { writeOciLayout } from "./helpers/oci.js";
import { tempDir } from "./helpers/tmp.js";

const sha256 = (data: Buffer | string) => `sha256:${createHash("sha256").update(data).digest("hex")}`;

describe("file digests", () => {
  it("is the SHA-256 of the content, across read-buffer boundaries", async () => {
    const dir = tempDir();
    const data = Buffer.alloc(9 * 1024 * 1024 + 123);
    for (let i = 0; i < data.length; i += 4096) data[i] = i % 251;
    writeFileSync(join(dir, "big"), data);
    writeFileSync(join(dir, "empty"), "");
    expect(await fileDigest(join(dir, "big"))).toBe(sha256(data));
    expect(await fileDigest(join(dir, "empty"))).toBe(sha256(""));
  });

  it("pathDigest tells files from directories, and nothing from absent", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "f"), "x");
    expect(await pathDigest(dir, "f")).toEqual({ kind: "file", digest: sha256("x") });
    expect((await pathDigest(dir, "."))?.kind).toBe("directory");
    expect(await pathDigest(dir, "nope")).toBeUndefined();
  });
});

describe("directory digests", () => {
  const tree = (files: [string, string][], order = 1) => {
    const dir = tempDir();
    for (const [path, content] of order > 0 ? files : [...files].reverse()) {
      mkdirSync(join(dir, path, ".."), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    return dir;
  };
  const FILES: [string, string][] = [
    ["a.txt", "a"],
    ["sub/b.txt", "b"],
    ["sub/deeper/c.txt", "c"],
  ];

  it("does not depend on creation order or empty directories", async () => {
    const one = tree(FILES);
    const two = tree(FILES, -1);
    mkdirSync(join(two, "empty/also-empty"), { recursive: true });
    expect(await treeDigest(one)).toBe(await treeDigest(two));
  });

  it("covers paths, contents, the executable bit and symlink targets", async () => {
    const base = await treeDigest(tree(FILES));
    const renamed = tree([["a2.txt", "a"], ...FILES.slice(1)]);
    expect(await treeDigest(renamed)).not.toBe(base);
    const edited = tree([["a.txt", "A"], ...FILES.slice(1)]);
    expect(await treeDigest(edited)).not.toBe(base);
    const executable = tree(FILES);
    chmodSync(join(executable, "a.txt"), 0o755);
    expect(await treeDigest(executable)).not.toBe(base);
    const linked = tree(FILES);
    symlinkSync("a.txt", join(linked, "link"));
    const relinked = tree(FILES);
    symlinkSync("sub/b.txt", join(relinked, "link"));
    expect(await treeDigest(linked)).not.toBe(await treeDigest(relinked));
    expect(await treeDigest(linked)).not.toBe(base);
  });
});

describe("OCI layouts", () => {
  it("a multi-platform index is named by its own digest, its label read from linux/amd64", async () => {
    const root = tempDir();
    const digest = writeOciLayout(join(root, "img"), { tag: "v1", revision: "abc1234", multiArch: true });
    expect(await inspectOciLayout({ transport: "oci", path: "img", tag: "v1" }, root)).toEqual({
      digest,
      revision: "abc1234",
    });
    expect(await inspectOciLayout({ transport: "oci", path: "img", digest }, root)).toMatchObject({ digest });
    expect(await inspectOciLayout({ transport: "oci", path: "img" }, root)).toMatchObject({ digest });
  });

  it("a layout whose index is not JSON cannot be read", async () => {
    const root = tempDir();
    mkdirSync(join(root, "img"));
    writeFileSync(join(root, "img/index.json"), "{nope");
    await expect(inspectOciLayout({ transport: "oci", path: "img", tag: "v1" }, root)).rejects.toThrow(
      "index.json is not valid JSON",
    );
  });
});
