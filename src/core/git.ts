import { execFile } from "node:child_process";
import { UserError } from "./errors.js";

export interface GitOptions {
  /** Bytes; ls-tree of a large repository is tens of MB. */
  maxBuffer?: number;
  input?: string;
}

/** Runs git in `repo` and returns stdout. A failure names the command and git's own first line. */
export function git(repo: string, args: string[], options: GitOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      "git",
      args,
      {
        cwd: repo,
        maxBuffer: options.maxBuffer ?? 512 * 1024 * 1024,
        encoding: "utf8",
        env: { ...process.env, LC_ALL: "C" },
      },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ENOENT") return reject(new UserError("git is not installed or not on PATH; install git"));
        const first = (stderr || error.message).trim().split("\n")[0];
        reject(new GitError(`git ${args[0]} failed in ${repo}: ${first}`, first));
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
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
