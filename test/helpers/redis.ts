import { type ChildProcess, spawn } from "node:child_process";
import { afterAll } from "vitest";
import { closedPort } from "./servers.js";

export interface RedisServer {
  port: number;
  url: string;
  /** The running server's pid (changes on restart). */
  pid: () => number | undefined;
  /** Stops it by its pid and waits until it has exited. */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty (nothing is saved). */
  start(): Promise<void>;
}

const started: ChildProcess[] = [];
afterAll(() => {
  for (const child of started.splice(0)) if (child.exitCode === null && child.pid) process.kill(child.pid, "SIGKILL");
});

/** A real `redis-server` on a free port of 127.0.0.1, persisting nothing; killed after the test file. */
export async function redisServer(): Promise<RedisServer> {
  const port = await closedPort();
  let child: ChildProcess | undefined;
  const start = async () => {
    const proc = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    started.push(proc);
    child = proc;
    let out = "";
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server did not start on ${port}:\n${out}`)), 10_000);
      proc.stdout?.on("data", (d) => {
        out += d;
        if (out.includes("Ready to accept connections")) {
          clearTimeout(timer);
          resolve();
        }
      });
      proc.on("error", (error) => {
        clearTimeout(timer);
        reject(error);
      });
      proc.on("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited (${code}):\n${out}`));
      });
    });
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    pid: () => child?.pid,
    async stop() {
      const proc = child;
      if (!proc?.pid || proc.exitCode !== null) return;
      const exited = new Promise((resolve) => proc.once("exit", resolve));
      process.kill(proc.pid, "SIGTERM");
      await exited;
    },
    start,
  };
}
