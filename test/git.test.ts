import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { UserError } from "../src/core/errors.js";
import { git, headCommit } from "../src/core/git.js";
import { tempDir } from "./helpers/tmp.js";

describe("git", () => {
  it("headCommit names HEAD of the checkout", async () => {
    const dir = tempDir();
    execFileSync("git", ["init", "-q"], { cwd: dir });
    execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@e", "commit", "-q", "--allow-empty", "-m", "x"], {
      cwd: dir,
    });
    expect(await headCommit(dir)).toMatch(/^[0-9a-f]{40}$/);
  });

  it("a directory that is not a checkout is a user error that says to pass -C", async () => {
    const dir = tempDir();
    const error = await headCommit(dir).catch((e) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toMatch(/is not a git checkout with a commit .*; pass -C/);
  });

  it("a failing git command names the command and git's own first line", async () => {
    await expect(git(tempDir(), ["cat-file", "-p", "nope"])).rejects.toThrow(/^git cat-file failed in .*: fatal: /);
  });
});
