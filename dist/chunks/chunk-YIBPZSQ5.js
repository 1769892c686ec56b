import { createRequire as __gateRequire } from "node:module"; const require = __gateRequire(import.meta.url);
import {
  UserError
} from "./chunk-ESZZZHL2.js";

// src/core/git.ts
import { spawn } from "node:child_process";
import { realpath } from "node:fs/promises";
async function git(repo, args, options = {}) {
  return (await gitBytes(repo, args, options)).toString("utf8");
}
function gitBytes(repo, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, { cwd: repo, env: { ...process.env, LC_ALL: "C" }, signal: options.signal });
    const chunks = [];
    const errors = [];
    child.stdout.on("data", (chunk) => chunks.push(chunk));
    child.stderr.on("data", (chunk) => errors.push(chunk));
    child.on(
      "error",
      (error) => reject(error.code === "ENOENT" ? new UserError("git is not installed or not on PATH; install git") : error)
    );
    child.on("close", (code) => {
      if (code === 0) return resolve(Buffer.concat(chunks));
      const first = Buffer.concat(errors).toString("utf8").trim().split("\n")[0];
      const command = args.find((a) => !a.startsWith("-"));
      reject(new GitError(`git ${command} failed in ${repo}: ${first}`, first));
    });
    child.stdin.on("error", () => {
    });
    child.stdin.end(options.input);
  });
}
var GitError = class extends Error {
  constructor(message, gitMessage) {
    super(message);
    this.gitMessage = gitMessage;
    this.name = "GitError";
  }
  gitMessage;
};
async function headCommit(repo) {
  try {
    return (await git(repo, ["rev-parse", "--verify", "HEAD"])).trim();
  } catch (error) {
    if (error instanceof GitError) {
      throw new UserError(
        `${repo} is not a git checkout with a commit (${error.gitMessage}); pass -C with the repository`
      );
    }
    throw error;
  }
}
async function workTreeRoot(dir) {
  let top;
  try {
    top = (await git(dir, ["rev-parse", "--show-toplevel"])).replace(/\n$/, "");
  } catch (error) {
    if (error instanceof GitError) return dir;
    throw error;
  }
  if (!top) return dir;
  const real = await realpath(dir).catch(() => dir);
  return real === top ? dir : top;
}

// src/core/binary-search.ts
function firstWhere(length, after) {
  let low = 0;
  let high = length;
  while (low < high) {
    const mid = low + high >> 1;
    if (after(mid)) high = mid;
    else low = mid + 1;
  }
  return low;
}

export {
  firstWhere,
  git,
  gitBytes,
  GitError,
  headCommit,
  workTreeRoot
};
