import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  unlinkSync,
  utimesSync,
} from "node:fs";
import { join } from "node:path";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import { changedPaths, changedSinceCommit } from "../src/core/artifacts/changed-inputs.js";
import { fingerprintInputs, inputMatcher } from "../src/core/artifacts/fingerprint.js";
import { committedIds, type InputIds, workTreeIds } from "../src/core/artifacts/input-ids.js";
import { hashWorkTreeFiles, NO_CHANGES } from "../src/core/artifacts/work-tree.js";
import { runCli } from "./helpers/cli.js";
import { type TestRepo, testRepo } from "./helpers/git-repo.js";
import { shimGit } from "./helpers/git-shim.js";

/** path -> id of every entry still an input. */
function listing(ids: InputIds): Record<string, string> {
  const out: Record<string, string> = {};
  const { gone, replaced, added } = ids.changes;
  for (let i = 0; i < ids.count; i++) if (!gone.has(i)) out[ids.path(i)] = replaced.get(i) ?? ids.id(i);
  for (const { path, id } of added) out[path] = id;
  return out;
}

/** What `git add -A` would commit, through a throwaway index: the oracle for the work tree's ids. */
function committedIfAdded(repo: TestRepo): Record<string, string> {
  const index = join(repo.dir, ".git", "oracle-index");
  // The copy keeps the index's mtime: a newer one would hide racily clean entries from git.
  const original = statSync(join(repo.dir, ".git", "index"));
  copyFileSync(join(repo.dir, ".git", "index"), index);
  utimesSync(index, original.atime, original.mtime);
  const env = { ...process.env, GIT_INDEX_FILE: index };
  const run = (...args: string[]) => execFileSync("git", args, { cwd: repo.dir, env, encoding: "utf8" });
  run("add", "-A");
  const tree = run("write-tree").trim();
  unlinkSync(index);
  const out: Record<string, string> = {};
  for (const line of run("ls-tree", "-r", "-z", tree).split("\0")) {
    if (!line) continue;
    const [meta, path] = line.split("\t");
    out[path] = meta.split(" ")[2];
  }
  return out;
}

describe("the work tree's input ids", () => {
  it("equal what `git add -A` would commit, whatever state each file is in", async () => {
    const repo = testRepo({
      ".gitignore": "*.log\n",
      "modified.txt": "1\n",
      "staged-then-edited.txt": "1\n",
      "deleted.txt": "1\n",
      "rm-cached.txt": "1\n",
      "git-rm.txt": "1\n",
      "touched.txt": "same\n",
      "tracked.log": "1\n",
      "became-dir": "a file\n",
      "dir-became-file/x.txt": "1\n",
      "ü nicode/a-b.txt": "1\n",
      "a/b.txt": "1\n",
      "a-b.txt": "1\n",
      'quo"te.txt': "1\n",
      "back\\slash.txt": "1\n",
      "committed\nnewline.txt": "1\n",
    });
    symlinkSync("modified.txt", join(repo.dir, "link"));
    repo.commit();
    // A submodule: HEAD records a commit there; its checkout is a directory.
    const sub = "1234567890123456789012345678901234567890";
    repo.git("update-index", "--add", "--cacheinfo", `160000,${sub},vendor/sub`);
    repo.git("commit", "-q", "-m", "submodule");
    mkdirSync(join(repo.dir, "vendor/sub"), { recursive: true });
    // A checked-out submodule, moved to a newer commit than HEAD records.
    const lib = testRepo({ "lib.txt": "1\n" });
    lib.commit();
    repo.git("-c", "protocol.file.allow=always", "submodule", "add", "-q", lib.dir, "vendor/lib");
    repo.commit("add lib");
    lib.write("lib.txt", "2\n");
    const libNext = lib.commit();
    repo.git("-C", "vendor/lib", "-c", "protocol.file.allow=always", "pull", "-q", "origin", "main");

    repo.write("modified.txt", "2\n");
    repo.write("staged-then-edited.txt", "2\n");
    repo.git("add", "staged-then-edited.txt");
    repo.write("staged-then-edited.txt", "3\n");
    repo.remove("deleted.txt");
    repo.git("rm", "-q", "--cached", "rm-cached.txt");
    repo.git("rm", "-q", "git-rm.txt");
    utimesSync(join(repo.dir, "touched.txt"), new Date(2001, 0, 1), new Date(2001, 0, 1));
    repo.write("tracked.log", "2\n");
    repo.write("untracked.log", "ignored\n");
    repo.write("new/untracked.txt", "new\n");
    repo.write("staged-new.txt", "new\n");
    repo.git("add", "staged-new.txt");
    repo.write("added-then-deleted.txt", "x\n");
    repo.git("add", "added-then-deleted.txt");
    repo.remove("added-then-deleted.txt");
    repo.remove("became-dir");
    repo.write("became-dir/inside.txt", "now a directory\n");
    repo.remove("dir-became-file");
    repo.write("dir-became-file", "now a file\n");
    repo.write("ü nicode/a-b.txt", "2\n");
    repo.write("a/b.txt", "2\n");
    repo.write("a.txt", "new beside a/ and a-b.txt\n");
    repo.write("new\nline.txt", "a name with a newline\n");
    unlinkSync(join(repo.dir, "link"));
    symlinkSync("staged-new.txt", join(repo.dir, "link"));

    const ids = listing(await workTreeIds(repo.dir));
    expect(ids).toEqual(committedIfAdded(repo));
    expect(ids["vendor/sub"]).toBe(sub);
    expect(ids["vendor/lib"]).toBe(libNext);
    expect(ids).not.toHaveProperty("untracked.log");
  });

  it("a clean checkout is HEAD's tree, with nothing hashed", async () => {
    const repo = testRepo({ "a.txt": "1\n", "b/c.txt": "2\n" });
    repo.commit();
    const ids = await workTreeIds(repo.dir);
    expect(ids.changes).toBe(NO_CHANGES);
    expect(listing(ids)).toEqual(committedIfAdded(repo));
  });

  it("only files some artifact could use are hashed", async () => {
    const repo = testRepo({ "src/a.txt": "1\n", "docs/b.txt": "1\n" });
    repo.commit();
    repo.write("src/a.txt", "2\n");
    repo.write("docs/b.txt", "2\n");
    const ids = listing(await workTreeIds(repo.dir, (path) => path.startsWith("src/")));
    expect(ids["src/a.txt"]).toBe(committedIfAdded(repo)["src/a.txt"]);
    expect(ids["docs/b.txt"]).toBe(repo.git("rev-parse", "HEAD:docs/b.txt"));
  });

  it("hashes files and symlinks exactly as git would store them, and says what is gone or a directory", async () => {
    const repo = testRepo({ "a.txt": "hello\n", "sub/b.txt": "b\n" });
    symlinkSync("a.txt", join(repo.dir, "link"));
    repo.commit();
    const looked = await hashWorkTreeFiles(repo.dir, ["a.txt", "link", "sub", "gone.txt"]);
    expect(Object.fromEntries(looked.ids)).toEqual({
      "a.txt": repo.git("rev-parse", "HEAD:a.txt"),
      link: repo.git("rev-parse", "HEAD:link"),
    });
    expect(looked.missing).toEqual(["gone.txt"]);
    expect(looked.directories).toEqual(["sub"]);
  });
});

describe("the fingerprint", () => {
  /** sha256 over `<id> SP <path> NUL` of every input, sorted by path, computed here independently. */
  const expected = (ids: Record<string, string>) =>
    `sha256:${createHash("sha256")
      .update(
        Object.keys(ids)
          .sort()
          .map((path) => `${ids[path]} ${path}\0`)
          .join(""),
      )
      .digest("hex")}`;
  const all = inputMatcher(["**"]);

  it("is sha256 over `<id> SP <path> NUL` records, hashed from git's output or built, alike", async () => {
    const repo = testRepo({ "a/1.txt": "1\n", "a/2.txt": "2\n", "b/3.txt": "3\n", "c.txt": "c\n" });
    repo.commit();
    const clean = await workTreeIds(repo.dir);
    expect(clean.printed).toBeDefined();
    expect(fingerprintInputs(clean, all).fingerprint).toBe(expected(committedIfAdded(repo)));
    // A change in the middle splits git's bytes into runs around a built record.
    repo.write("a/2.txt", "changed\n");
    repo.write("b/new.txt", "new\n");
    expect(fingerprintInputs(await workTreeIds(repo.dir), all).fingerprint).toBe(expected(committedIfAdded(repo)));
    // Some inputs only: the runs skip what the globs leave out.
    const some = inputMatcher(["a/**", "c.txt"]);
    const ids = committedIfAdded(repo);
    const picked = Object.fromEntries(
      Object.entries(ids).filter(([path]) => path.startsWith("a/") || path === "c.txt"),
    );
    expect(fingerprintInputs(await workTreeIds(repo.dir), some).fingerprint).toBe(expected(picked));
  });

  it("after any mix of edits, additions and deletions, agrees with the records computed here", async () => {
    const files = Object.fromEntries(Array.from({ length: 60 }, (_, n) => [`d${n % 6}/f${n}.txt`, `${n}\n`]));
    const repo = testRepo(files);
    repo.commit();
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const globs = ["d1/**", "d3/*.txt", "d6/**", "d0/f0.txt", "d2/f8.txt"];
    const matcher = inputMatcher(globs);
    for (let round = 0; round < 6; round++) {
      for (const path of Object.keys(files)) {
        const r = random();
        if (r < 0.15) repo.remove(path);
        else if (r < 0.3) repo.write(path, `round ${round}\n`);
      }
      for (let n = 0; n < 4; n++) repo.write(`d${Math.floor(random() * 7)}/new${round}-${n}.txt`, "new\n");
      if (round === 3) repo.remove("d2/f8.txt");
      const inputs = Object.fromEntries(
        Object.entries(committedIfAdded(repo)).filter(([path]) => matcher.match(path) >= 0),
      );
      const ids = await workTreeIds(repo.dir);
      const fast = fingerprintInputs(ids, matcher);
      expect(fast.fingerprint).toBe(expected(inputs));
      expect(fast.files()).toEqual(inputs);
      expect(Object.keys(fast.files())).toEqual(Object.keys(inputs).sort());
      expect(fast.count).toBe(Object.keys(inputs).length);
      expect(fast.unmatched).toEqual(
        globs.flatMap((_, g) => (Object.keys(inputs).some((path) => matcher.match(path) === g) ? [] : [g])),
      );
      expect(fingerprintInputs({ ...ids, printed: undefined }, matcher).fingerprint).toBe(fast.fingerprint);
    }
  });

  it("is the same for names git quotes or that are not ASCII", async () => {
    const repo = testRepo({ 'quo"te': "1\n", "back\\slash": "2\n", "new\nline": "3\n", "ü.txt": "4\n", plain: "5\n" });
    repo.commit();
    const tree = await committedIds(repo.dir);
    expect(tree.printed).toBeUndefined();
    const paths = Array.from({ length: tree.count }, (_, i) => tree.path(i)).sort();
    expect(paths).toEqual(["back\\slash", "new\nline", "plain", 'quo"te', "ü.txt"]);
    // Every name is an input, the one holding a newline too (picomatch's `**` skipped it).
    const inputs = Object.fromEntries(Object.entries(committedIfAdded(repo)).filter(([path]) => all.match(path) >= 0));
    expect(Object.keys(inputs)).toHaveLength(5);
    expect(fingerprintInputs(tree, all).fingerprint).toBe(expected(inputs));
  });
});

describe("the inputs changed since a commit", () => {
  it("are what comparing both full input sets names, from git's diff of the trees and the work tree's changes", async () => {
    const files = Object.fromEntries(Array.from({ length: 48 }, (_, n) => [`d${n % 4}/f${n}.txt`, `${n}\n`]));
    const repo = testRepo({ ...files, 'd1/quo"te.txt': "q\n", "d2/ü.txt": "u\n" });
    let seed = 11;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const matcher = inputMatcher(["d0/**", "d1/**", "d2/f*.txt", "d2/ü.txt"]);
    let since = repo.commit();
    for (let round = 0; round < 5; round++) {
      // One commit's worth of changes, then a work tree that departs from it again.
      for (const stage of ["commit", "work tree"]) {
        for (const path of Object.keys(files)) {
          const r = random();
          if (r < 0.1) repo.remove(path);
          else if (r < 0.2) repo.write(path, `${stage} ${round}\n`);
          else if (r < 0.25) repo.write(path, files[path]);
        }
        for (let n = 0; n < 3; n++) repo.write(`d${Math.floor(random() * 5)}/new${round}-${n}.txt`, `${stage}\n`);
        if (stage === "commit") repo.commit();
      }
      const commit = repo.git("rev-parse", "HEAD");
      const now = await workTreeIds(repo.dir);
      const before = fingerprintInputs(await committedIds(repo.dir, since), matcher).files();
      const after = fingerprintInputs(now, matcher).files();
      const named = await changedSinceCommit(repo.dir, since, commit, now, matcher);
      expect(named).toEqual(changedPaths(before, after));
      expect(named?.length).toBeGreaterThan(0);
      if (round % 2) since = commit;
    }
  });
});

describe("git's look at the work tree, started beside the config", () => {
  /**
   * A git on PATH whose `status` and `ls-tree` (HEAD's listing) never end: the pid of each started
   * is written to the file returned.
   */
  const gitWithEndlessStatus = () =>
    join(
      shimGit(
        (real, own) =>
          `for arg in "$@"; do case "$arg" in status|ls-tree) echo $$ >> "${join(own, "pids")}"; exec sleep 120;; esac; done\nexec ${real} "$@"\n`,
      ),
      "pids",
    );

  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  /** Every status the run started has ended (it is killed, not left running for as long as it takes). */
  async function statusesEnded(pids: string) {
    const started = existsSync(pids) ? readFileSync(pids, "utf8").trim().split("\n").map(Number) : [];
    // A test that fails here leaves no sleeping git behind for the rest of the suite.
    onTestFinished(() => {
      for (const pid of started.filter(alive)) process.kill(pid);
    });
    // None at all is fine too: a git killed before its first line wrote nothing, and is gone.
    await vi.waitFor(() => expect(started.filter(alive)).toEqual([]), { timeout: 5000 });
  }

  it("a gate whose environment has no artifact ends it before its preflight runs", async () => {
    const pids = gitWithEndlessStatus();
    // The check passes once every status started has ended (polled, as a killed process takes a moment to go).
    const ended = `for i in $(seq 50); do alive=; for p in $(cat ${pids}); do kill -0 $p 2>/dev/null && alive=1; done; [ -z "$alive" ] && exit 0; sleep 0.1; done; exit 1`;
    const repo = testRepo({
      ".github/deploy-gate.yml": `version: 1
environments:
  production: {}
  staging: {}
artifacts:
  - { name: tool, path: bin/tool, inputs: [src/**], environments: [staging] }
preflight:
  - { id: status-ended, type: command, argv: [sh, -c, ${JSON.stringify(ended)}] }
`,
      "src/a.txt": "a\n",
    });
    repo.commit();
    const run = await runCli(["gate", "--env", "production", "--json", "-C", repo.dir]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).stages.map((s: { stage: string }) => s.stage)).toEqual(["preflight"]);
    await statusesEnded(pids);
  });

  it("a config error ends it: exit 2, and no git left reading the work tree", async () => {
    const repo = testRepo({ ".github/deploy-gate.yml": "version: 1\nenvironments: [oops]\n", "src/a.txt": "a\n" });
    repo.commit();
    const pids = gitWithEndlessStatus();
    const run = await runCli(["artifacts", "--env", "production", "-C", repo.dir]);
    expect(run.code).toBe(2);
    await statusesEnded(pids);
  });
});
