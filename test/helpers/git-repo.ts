import { execFileSync } from "node:child_process";
import { appendFileSync, chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { tempDir } from "./tmp.js";

/** A real git repository in a temp dir, with helpers to write files and commit. */
export interface TestRepo {
  dir: string;
  git: (...args: string[]) => string;
  write: (path: string, content: string | Buffer, mode?: number) => void;
  remove: (path: string) => void;
  /** Stages everything and commits; returns the new commit id. */
  commit: (message?: string) => string;
}

/** HEAD's commit read from its loose ref, as git just wrote it; undefined when it is elsewhere. */
function headCommit(dir: string): string | undefined {
  const head = readFileSync(join(dir, ".git", "HEAD"), "utf8").trim();
  if (!head.startsWith("ref: ")) return /^[0-9a-f]{40,64}$/.test(head) ? head : undefined;
  const ref = join(dir, ".git", head.slice("ref: ".length));
  return existsSync(ref) ? readFileSync(ref, "utf8").trim() : undefined;
}

/** `dir` defaults to a temp dir removed after the test; pass one to keep the repository longer. */
export function testRepo(files: Record<string, string> = {}, dir = tempDir("deploy-gate-repo-")): TestRepo {
  const git = (...args: string[]) =>
    execFileSync("git", args, {
      cwd: dir,
      encoding: "utf8",
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: "t",
        GIT_AUTHOR_EMAIL: "t@example.com",
        GIT_COMMITTER_NAME: "t",
        GIT_COMMITTER_EMAIL: "t@example.com",
        // The machine's git config (and its hooks, templates) is no part of any test.
        GIT_CONFIG_NOSYSTEM: "1",
      },
    }).trim();
  mkdirSync(dir, { recursive: true });
  // Spawns are most of a repository's cost: no template to copy, and the config written directly.
  git("init", "-q", "-b", "main", "--template=");
  appendFileSync(join(dir, ".git", "config"), "[commit]\n\tgpgsign = false\n");
  const write = (path: string, content: string | Buffer, mode?: number) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
    if (mode !== undefined) chmodSync(join(dir, path), mode);
  };
  const remove = (path: string) => rmSync(join(dir, path), { recursive: true, force: true });
  const commit = (message = "change") => {
    git("add", "-A");
    git("commit", "-q", "--allow-empty", "-m", message);
    return headCommit(dir) ?? git("rev-parse", "HEAD");
  };
  for (const [path, content] of Object.entries(files)) write(path, content);
  return { dir, git, write, remove, commit };
}
