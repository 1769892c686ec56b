import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fingerprintInputs, inputMatcher } from "../src/core/artifacts/fingerprint.js";
import { committedIds, readWorkTree, workTreeIds } from "../src/core/artifacts/input-ids.js";
import { testRepo } from "./helpers/git-repo.js";
import { shimGit } from "./helpers/git-shim.js";

/** A git on PATH that, like git before 2.36, has no `ls-tree --format`; returns the file each refusal is logged to. */
function gitWithoutFormat(): string {
  const dir = shimGit(
    (real, own) => `for arg in "$@"; do
  case "$arg" in --format=*) echo "$arg" >> "${join(own, "refusals")}"; echo "error: unknown option \\\`\${arg#--}'" >&2; exit 129;; esac
done
exec ${real} "$@"
`,
  );
  return join(dir, "refusals");
}

describe("a git without `ls-tree --format` (before 2.36)", () => {
  it("gives the same ids and fingerprint from the plain listing", async () => {
    const repo = testRepo({ "src/a.txt": "1\n", "src/b.txt": "2\n", "README.md": "r\n" });
    repo.commit();
    const matcher = inputMatcher(["src/**"]);
    const modern = fingerprintInputs(await workTreeIds(repo.dir), matcher);
    const refusals = gitWithoutFormat();
    const read = readWorkTree(repo.dir, "HEAD");
    const tree = await committedIds(repo.dir, "HEAD", await read.git);
    expect(Array.from({ length: tree.count }, (_, i) => `${tree.id(i)} ${tree.path(i)}`)).toEqual(
      repo
        .git("ls-tree", "-r", "HEAD")
        .split("\n")
        .map((line) => line.split(" ").slice(2).join(" ").replace("\t", " ")),
    );
    const old = fingerprintInputs(await read.ids, matcher);
    expect(old.fingerprint).toBe(modern.fingerprint);
    expect(old.files()).toEqual(modern.files());
    // The plain listing served both reads: git refused `--format` once, and was not asked again.
    expect(readFileSync(refusals, "utf8").trim().split("\n")).toHaveLength(1);
  });
});
