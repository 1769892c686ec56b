import { spawn } from "node:child_process";
import { realpath } from "node:fs/promises";
import { UserError } from "./errors.js";

export interface GitOptions {
  /** Written to git's standard input. */
  input?: string | Buffer;
  /** Ends git (SIGTERM) when its answer is no longer wanted. */
  signal?: AbortSignal;
}

/** Runs git in `repo` and returns stdout. A failure names the command and git's own first line. */
export async function git(repo: string, args: string[], options: GitOptions = {}): Promise<string> {
  return (await gitBytes(repo, args, options)).toString("utf8");
}

/** stdout as git wrote it: collected as Buffers and joined once, which for a large `ls-tree` beats growing a string. */
export function gitBytes(repo: string, args: string[], options: GitOptions = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, { cwd: repo, env: { ...process.env, LC_ALL: "C" }, signal: options.signal });
    const chunks: Buffer[] = [];
    const errors: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => errors.push(chunk));
    child.on("error", (error: NodeJS.ErrnoException) =>
      reject(error.code === "ENOENT" ? new UserError("git is not installed or not on PATH; install git") : error),
    );
    child.on("close", (code) => {
      if (code === 0) return resolve(Buffer.concat(chunks));
      const first = Buffer.concat(errors).toString("utf8").trim().split("\n")[0];
      const command = args.find((a) => !a.startsWith("-"));
      reject(new GitError(`git ${command} failed in ${repo}: ${first}`, first));
    });
    // git may exit before reading all of its input (a bad argument): that is its error to report.
    child.stdin.on("error", () => {});
    child.stdin.end(options.input);
  });
}

export class GitError extends Error {
  constructor(
    message: string,
    readonly gitMessage: string,
  ) {
    super(message);
    this.name = "GitError";
  }
}

/** HEAD of the checkout under test: what `report.commit` names. */
export async function headCommit(repo: string): Promise<string> {
  try {
    return (await git(repo, ["rev-parse", "--verify", "HEAD"])).trim();
  } catch (error) {
    if (error instanceof GitError) {
      throw new UserError(
        `${repo} is not a git checkout with a commit (${error.gitMessage}); pass -C with the repository`,
      );
    }
    throw error;
  }
}

/**
 * The root of the work tree that holds `dir`, as `git rev-parse --show-toplevel` finds it; `dir`
 * itself when it is not inside one (or is the root already, spelt through a symlink).
 */
export async function workTreeRoot(dir: string): Promise<string> {
  let top: string;
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
