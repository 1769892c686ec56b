import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
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
      },
    }).trim();
  mkdirSync(dir, { recursive: true });
  git("init", "-q", "-b", "main");
  git("config", "commit.gpgsign", "false");
  const write = (path: string, content: string | Buffer, mode?: number) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
    if (mode !== undefined) chmodSync(join(dir, path), mode);
  };
  const remove = (path: string) => rmSync(join(dir, path), { recursive: true, force: true });
  const commit = (message = "change") => {
    git("add", "-A");
    git("commit", "-q", "--allow-empty", "-m", message);
    return git("rev-parse", "HEAD");
  };
  for (const [path, content] of Object.entries(files)) write(path, content);
  return { dir, git, write, remove, commit };
}
