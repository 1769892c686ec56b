import { type ChildProcess, spawn } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { afterAll } from "vitest";
import { closedPort } from "./servers.js";

/** The committed bundle, as `npm start` and the container run it. */
export const APP_BUNDLE = new URL("../../dist/app.js", import.meta.url).pathname;

export const testKey = (): string =>
  generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();

export interface AppProcess {
  child: ChildProcess;
  port: number;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  url: (path: string) => string;
}

// After the file, not each test: concurrent tests must not kill each other's processes.
const running: ChildProcess[] = [];
afterAll(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

/**
 * Spawns `argv` (by default the app's bundle) with exactly `env` (plus PATH) in `cwd`, on a free
 * port of 127.0.0.1; killed after the test file.
 */
export async function spawnApp(
  env: Record<string, string>,
  options: { cwd?: string; argv?: string[] } = {},
): Promise<AppProcess> {
  const port = await closedPort();
  const child = spawn(process.execPath, options.argv ?? [APP_BUNDLE], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? "", HOST: "127.0.0.1", PORT: String(port), NO_SMEE_SETUP: "true", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.push(child);
  let out = "";
  let err = "";
  child.stdout?.on("data", (d) => {
    out += d;
  });
  child.stderr?.on("data", (d) => {
    err += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return {
    child,
    port,
    stdout: () => out,
    stderr: () => err,
    exited,
    url: (path) => `http://127.0.0.1:${port}${path}`,
  };
}

/** Waits (bounded) until the process has exited or answers HTTP; says which. */
export async function settle(app: AppProcess, timeoutMs = 15_000): Promise<"exited" | "listening"> {
  const deadline = Date.now() + timeoutMs;
  let done = false;
  void app.exited.then(() => {
    done = true;
  });
  while (Date.now() < deadline) {
    if (done) return "exited";
    const up = await fetch(app.url("/ping"), { signal: AbortSignal.timeout(1000) }).then(
      () => true,
      () => false,
    );
    if (up) return "listening";
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the app neither exited nor listened within ${timeoutMs} ms:\n${app.stdout()}\n${app.stderr()}`);
}
