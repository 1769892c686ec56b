// What every demo scene needs: a scratch git repository, the shipped CLI, loopback servers, and a
// log of everything the gate printed (so the runner can prove the canary secret never appeared).
import { execFile, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../free-port.js";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const CLI = join(ROOT, "dist/cli.js");

/** A canary for a real API key: it must never appear in anything the gate prints. */
export const API_KEY = "sk-live-CANARY-9f8e7d6c5b4a";

export interface Result {
  id: string;
  status: string;
  verdict: string;
  message: string;
}

export interface GateRun {
  code: number;
  json: any;
  stdout: string;
  stderr: string;
}

/** A scratch repository for one scene; `files` are written relative to it. */
export interface Repo {
  dir: string;
  write(files: Record<string, string>): void;
  /** Commits everything and returns the short sha, as people read it. */
  commit(message: string): string;
}

export const allResults = (report: any): Result[] => (report?.stages ?? []).flatMap((s: any) => s.results ?? []);

export class Kit {
  /** Everything the gate printed in this demo, for the leak check. */
  readonly printed: string[] = [];
  /** Added to the environment of every gate run (and of `has`). */
  readonly env: Record<string, string> = {};
  private readonly cleanups: (() => void | Promise<void>)[] = [];

  repo(): Repo {
    const dir = mkdtempSync(join(tmpdir(), "deploy-gate-demo-"));
    this.cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const git = (...args: string[]) => {
      const r = spawnSync("git", args, {
        cwd: dir,
        encoding: "utf8",
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: "demo",
          GIT_AUTHOR_EMAIL: "demo@example.invalid",
          GIT_COMMITTER_NAME: "demo",
          GIT_COMMITTER_EMAIL: "demo@example.invalid",
        },
      });
      if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr.trim()}`);
      return r.stdout.trim();
    };
    git("init", "-q", "-b", "main");
    return {
      dir,
      write(files) {
        for (const [path, text] of Object.entries(files)) {
          mkdirSync(dirname(join(dir, path)), { recursive: true });
          writeFileSync(join(dir, path), text);
        }
      },
      commit(message) {
        git("add", "-A");
        git("commit", "-qm", message);
        return git("rev-parse", "--short", "HEAD");
      },
    };
  }

  /** Runs the shipped CLI asynchronously (the servers a scene checks live in this process). */
  gate(repo: Repo, ...args: string[]): Promise<GateRun> {
    return this.gateWith({}, repo, ...args);
  }

  /** The same, with `env` added to the process environment. */
  gateWith(env: Record<string, string>, repo: Repo, ...args: string[]): Promise<GateRun> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [CLI, ...args, "-C", repo.dir, "--json"],
        { encoding: "utf8", env: { ...process.env, ...this.env, ...env } },
        (error, stdout, stderr) => {
          this.printed.push(stdout, stderr);
          let json: any;
          try {
            json = JSON.parse(stdout);
          } catch {
            json = undefined;
          }
          resolve({ code: error ? Number(error.code ?? 2) : 0, json, stdout, stderr });
        },
      );
    });
  }

  /** An HTTP server on 127.0.0.1 answering `routes` (path -> status and body); 404 otherwise. */
  http(routes: Record<string, { status: number; body: string }>): Promise<number> {
    return this.httpAt("127.0.0.1", (url) => routes[url] ?? { status: 404, body: "{}" });
  }

  /** An HTTP server on `host` (any 127.0.0.0/8 address), port 0 unless told: a host of a fleet. */
  async httpAt(host: string, handler: (url: string) => { status: number; body: string }, port = 0): Promise<number> {
    const server = createServer((req, res) => {
      const { status, body } = handler(req.url ?? "");
      res.writeHead(status, { "content-type": "application/json" });
      res.end(body);
    });
    const bound = await new Promise<number>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => resolve((server.address() as { port: number }).port));
    });
    this.cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
    return bound;
  }

  /** A port nobody listens on: bind one, note it, close it. */
  closedPort(): Promise<number> {
    return freePort();
  }

  /** Whether `program` runs here (a scene that needs a build tool says "not run" without it). */
  has(program: string): boolean {
    const probe = spawnSync(program, ["--version"], { env: { ...process.env, ...this.env }, stdio: "ignore" });
    return probe.error === undefined && probe.status === 0;
  }

  /** A scratch folder removed when the demo ends. */
  scratch(): string {
    const dir = mkdtempSync(join(tmpdir(), "deploy-gate-demo-"));
    this.cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
  }

  /** Runs `cleanup` when the demo ends (a server a scene started). */
  onClose(cleanup: () => void | Promise<void>): void {
    this.cleanups.push(cleanup);
  }

  async close(): Promise<void> {
    for (const cleanup of this.cleanups.reverse()) await cleanup();
  }
}
