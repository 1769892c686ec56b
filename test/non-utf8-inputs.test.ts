import { mkdirSync, renameSync, symlinkSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { treeDigest } from "../src/core/artifacts/digest.js";
import { fingerprintInputs, inputMatcher } from "../src/core/artifacts/fingerprint.js";
import { committedIds, workTreeIds } from "../src/core/artifacts/input-ids.js";
import { decodeNames, nameBytes, quoteName } from "../src/core/path-bytes.js";
import { firstArtifactResult, oneArtifactConfig } from "./helpers/artifacts.js";
import { runCli } from "./helpers/cli.js";
import { type TestRepo, testRepo } from "./helpers/git-repo.js";
import { tempDir } from "./helpers/tmp.js";

// File names are bytes; these are not UTF-8 (Latin-1 "é" is 0xE9, and 0xFF is never UTF-8).
const bytesPath = (dir: string, ...parts: (string | number[])[]) =>
  Buffer.concat([
    Buffer.from(`${dir}/`),
    ...parts.map((p) => (typeof p === "string" ? Buffer.from(p) : Buffer.from(p))),
  ]);

function setup(): TestRepo {
  const repo = testRepo({
    ".github/deploy-gate.yml": oneArtifactConfig("bin/tool", "[src/**]"),
    ".gitignore": "bin/\n.deploy-gate/\n",
    "src/main.c": "int main;\n",
  });
  writeFileSync(bytesPath(repo.dir, "src/caf", [0xe9], ".c"), "v1\n");
  repo.commit("initial");
  mkdirSync(`${repo.dir}/bin`);
  writeFileSync(`${repo.dir}/bin/tool`, "binary v1");
  return repo;
}

const record = async (repo: TestRepo) =>
  expect((await runCli(["record", "--env", "production", "-C", repo.dir])).code).toBe(0);

describe("names as bytes", () => {
  it("every byte string decodes to one name and back, and valid UTF-8 decodes as UTF-8", () => {
    const seen = new Set<string>();
    const lost: string[] = [];
    for (let a = 1; a < 256; a++) {
      for (let b = 0; b < 256; b++) {
        const bytes = Buffer.from([a, b, 0x80, 0xbf, 0xf0, 0x9f, 0x98, 0x80]);
        const name = decodeNames(bytes);
        if (!nameBytes(name).equals(bytes)) lost.push(bytes.toString("hex"));
        seen.add(name);
      }
    }
    expect(lost).toEqual([]);
    expect(seen.size).toBe(255 * 256);
    expect(decodeNames(Buffer.from("café 😀 日本"))).toBe("café 😀 日本");
    // U+10080's low surrogate lies in the escape range: a pair is never taken for an escaped byte.
    expect(nameBytes(decodeNames(Buffer.from("\u{10080}\u{100ff}"))).toString()).toBe("\u{10080}\u{100ff}");
  });

  it("quotes a name the way git does when it must, and leaves an ordinary one alone", () => {
    expect(quoteName("src/café.c")).toBe("src/café.c");
    expect(quoteName(decodeNames(Buffer.from([0x61, 0xe9, 0x62])))).toBe('"a\\351b"');
    expect(quoteName('a"b\\c\nd\x01')).toBe('"a\\"b\\\\c\\nd\\001"');
  });
});

describe("inputs whose file names are not UTF-8", () => {
  it("a modified input with a non-UTF-8 name is a changed input, named C-quoted as git names it", async () => {
    const repo = setup();
    await record(repo);
    expect((await firstArtifactResult(repo)).result).toMatchObject({ verdict: "unchanged" });
    writeFileSync(bytesPath(repo.dir, "src/caf", [0xe9], ".c"), "v2\n");
    const { result } = await firstArtifactResult(repo);
    expect(result).toMatchObject({ status: "fail", verdict: "skipped-rebuild" });
    expect(result.message).toContain('"src/caf\\351.c"');
  });

  it("an untracked input with a non-UTF-8 name is a changed input", async () => {
    const repo = setup();
    await record(repo);
    writeFileSync(bytesPath(repo.dir, "src/new", [0xff]), "added\n");
    const { result } = await firstArtifactResult(repo);
    expect(result).toMatchObject({ status: "fail", verdict: "skipped-rebuild" });
    expect(result.message).toContain('"src/new\\377"');
  });

  it("two names that differ only in non-UTF-8 bytes are two inputs, not one", async () => {
    const repo = setup();
    writeFileSync(bytesPath(repo.dir, "src/x", [0xfe]), "a\n");
    writeFileSync(bytesPath(repo.dir, "src/x", [0xfd]), "a\n");
    repo.commit("two");
    const ids = await committedIds(repo.dir);
    const names = Array.from({ length: ids.count }, (_, i) => quoteName(ids.path(i)));
    expect(new Set(names).size).toBe(ids.count);
    expect(names).toContain('"src/x\\375"');
    expect(names).toContain('"src/x\\376"');
  });

  it("renaming an input to another non-UTF-8 name changes the fingerprint: records hold the name's bytes", async () => {
    const repo = setup();
    const matcher = inputMatcher(["src/**"]);
    const before = fingerprintInputs(await workTreeIds(repo.dir), matcher).fingerprint;
    renameSync(bytesPath(repo.dir, "src/caf", [0xe9], ".c"), bytesPath(repo.dir, "src/caf", [0xe8], ".c"));
    const renamed = fingerprintInputs(await workTreeIds(repo.dir), matcher);
    expect(renamed.fingerprint).not.toBe(before);
    expect(Object.keys(renamed.files())).toEqual(['"src/caf\\350.c"', "src/main.c"]);
    repo.commit("renamed");
    expect(fingerprintInputs(await committedIds(repo.dir), matcher).fingerprint).toBe(renamed.fingerprint);
  });

  it("the work tree's ids match git's own for non-UTF-8 names (git add -A as the oracle)", async () => {
    const repo = setup();
    writeFileSync(bytesPath(repo.dir, "src/caf", [0xe9], ".c"), "v2\n");
    writeFileSync(bytesPath(repo.dir, "src/new", [0xff], "\nline"), "added\n");
    const ids = await workTreeIds(repo.dir);
    const seen = new Map<string, string>();
    for (let i = 0; i < ids.count; i++) {
      if (!ids.changes.gone.has(i)) seen.set(quoteName(ids.path(i)), ids.changes.replaced.get(i) ?? ids.id(i));
    }
    for (const { path, id } of ids.changes.added) seen.set(quoteName(path), id);
    repo.git("add", "-A");
    const staged = repo
      .git("-c", "core.quotePath=true", "ls-files", "-s")
      .split("\n")
      .map((line) => line.split("\t"))
      .filter(([, path]) => path.startsWith("src/") || path.startsWith('"src/'));
    for (const [info, path] of staged) expect(seen.get(path)).toBe(info.split(" ")[1]);
  });

  it("a directory artifact holding a non-UTF-8 name is digested, and its content counts", async () => {
    const dir = tempDir();
    const file = bytesPath(dir, "out", [0xe9]);
    mkdirSync(`${dir}/out`);
    writeFileSync(file, "v1");
    symlinkSync(bytesPath("", "target", [0xff]).subarray(1), bytesPath(dir, "link", [0xfe]));
    const first = await treeDigest(dir);
    writeFileSync(file, "v2");
    expect(await treeDigest(dir)).not.toBe(first);
  });
});
