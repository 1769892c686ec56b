import { spawn } from "node:child_process";
import { CUT } from "../report/cut.js";

export interface ExecOptions {
  cwd: string;
  env: Record<string, string | undefined>;
  signal: AbortSignal;
  /** Bytes kept of each stream; the rest is dropped (a chatty command must not fill memory). */
  maxOutput?: number;
}

export type ExecOutcome =
  | { kind: "exited"; code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }
  | { kind: "not-started"; reason: string; code?: string }
  | { kind: "aborted"; stdout: string; stderr: string };

/** How a program that ran ended, as a message says it: "exited 3", "was killed by SIGKILL". */
export const howItEnded = (outcome: Extract<ExecOutcome, { kind: "exited" }>) =>
  outcome.code === null ? `was killed by ${outcome.signal}` : `exited ${outcome.code}`;

/** The first `max` characters of a stream, marked with CUT when more came (see report/cut.ts). */
function capture(max: number) {
  let text = "";
  let dropped = false;
  return {
    add: (chunk: string) => {
      dropped ||= text.length + chunk.length > max;
      if (text.length < max) text += chunk.slice(0, max - text.length);
    },
    text: () => (dropped ? `${text}${CUT}` : text),
  };
}

/**
 * Runs a program without a shell in its own process group, so an abort kills everything it
 * started (a `sh -c` pipeline's children included), not just the direct child.
 */
export function execProgram(file: string, args: string[], options: ExecOptions): Promise<ExecOutcome> {
  const max = options.maxOutput ?? 64 * 1024;
  return new Promise((resolve) => {
    if (options.signal.aborted) return resolve({ kind: "aborted", stdout: "", stderr: "" });
    const stdout = capture(max);
    const stderr = capture(max);
    let settled = false;
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const killGroup = () => {
      try {
        if (child.pid) process.kill(-child.pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    };
    const finish = (outcome: ExecOutcome) => {
      if (settled) return;
      settled = true;
      options.signal.removeEventListener("abort", onAbort);
      resolve(outcome);
    };
    const onAbort = () => {
      killGroup();
      finish({ kind: "aborted", stdout: stdout.text(), stderr: stderr.text() });
    };
    options.signal.addEventListener("abort", onAbort, { once: true });
    child.stdout.setEncoding("utf8").on("data", stdout.add);
    child.stderr.setEncoding("utf8").on("data", stderr.add);
    child.on("error", (error: NodeJS.ErrnoException) => {
      finish({
        kind: "not-started",
        code: error.code,
        reason:
          error.code === "ENOENT"
            ? `${file} was not found (is it installed and on PATH?)`
            : error.code === "EACCES"
              ? `${file} is not executable`
              : error.message,
      });
    });
    child.on("close", (code, signal) => {
      // A process group may outlive its leader (a backgrounded child): do not leave it behind.
      killGroup();
      finish({ kind: "exited", code, signal, stdout: stdout.text(), stderr: stderr.text() });
    });
  });
}

/** The variables exported to a command: the process environment, then the target's variables. */
export function commandEnv(
  processEnv: Record<string, string | undefined>,
  values: Record<string, string>,
): Record<string, string | undefined> {
  return { ...processEnv, ...values };
}
