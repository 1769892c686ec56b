import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it, vi } from "vitest";
import { liveBoard } from "../src/cli/live-board.js";
import { runActionInProcess, sentStatuses, useActionProcess } from "./helpers/action-in-process.js";
import { runCli } from "./helpers/cli.js";
import { always, fleet, switchesAt } from "./helpers/fleet.js";
import { committedRepoWith } from "./helpers/preflight.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const OLD = { version: "0.149.1" };
const NEW = { version: "0.149.2" };
const CANARY = "canary-verify-7d1e2f";

/** A repository whose config watches `hosts` for 0.149.2; the token is a secret the URL carries. */
const repoFor = (hosts: string[], extra = "    deadline: 20s\n") =>
  committedRepoWith({
    ".github/deploy-gate.yml": `version: 1
environments:
  production:
    variables: [{ dotenv: prod.env }]
    secrets: [TOKEN]
verify:
  - id: web
    type: rollout
    hosts: [${hosts.map((h) => `"${h}"`).join(", ")}]
    url: "http://{host}/healthz?token=\${TOKEN}"
    expect: { json: { "$.version": "\${RELEASE}" } }
    interval: 20ms
    timeout: 500ms
${extra}`,
    "prod.env": `RELEASE=0.149.2\nTOKEN=${CANARY}\n`,
  });

useActionProcess();

describe("deploy-gate verify (CLI)", () => {
  it("passes a rollout: exit 0, the verify stage in the report, a progress line per change on stderr", async () => {
    const f = await fleet([switchesAt(3, OLD, NEW), switchesAt(6, OLD, NEW)]);
    const { dir } = repoFor(f.hosts);
    const run = await runCli(["verify", "--env", "production", "-C", dir, "--json"]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ ok: true, environment: "production", stages: [{ stage: "verify", ok: true }] });
    expect(report.stages[0].results.map((r: { id: string }) => r.id)).toEqual([
      "web",
      ...f.hosts.map((h) => `web:${h}`),
    ]);
    const progress = run.stderr.split("\n").filter((l) => l.startsWith("web: "));
    // Three changes (0/2, 1/2, 2/2) over many more polls.
    expect(progress.map((l) => l.replace(/, .*/, ""))).toEqual([
      "web: 0/2 hosts on 0.149.2",
      "web: 1/2 hosts on 0.149.2",
      "web: 2/2 hosts on 0.149.2",
    ]);
    expect(f.requests.get(f.addresses[1])!.length).toBeGreaterThan(progress.length);
    expect(run.stdout + run.stderr).not.toContain(CANARY);
  });

  it("fails a rollout that never lands: exit 1, the lagging host named", async () => {
    const f = await fleet([always(NEW), always(OLD)]);
    const { dir } = repoFor(f.hosts, "    deadline: 300ms\n");
    const run = await runCli(["verify", "--env", "production", "-C", dir]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`${f.hosts[1]} still serves 0.149.1 after 300ms`);
    expect(run.stdout).toContain("rollout-incomplete");
  });

  it("SIGTERM ends the wait with exit 1 and the report: hosts not done are rollout-incomplete", async () => {
    const f = await fleet([always(NEW), always(OLD)]);
    const { dir } = repoFor(f.hosts, "    deadline: 10m\n");
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "src/cli/index.ts", "verify", "--env", "production", "-C", dir, "--json"],
      { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    // Signal once the lagging host has been polled twice (the watch is under way), unless it ended.
    const lagging = f.requests.get(f.addresses[1])!;
    let look: NodeJS.Timeout | undefined;
    const polled = new Promise<void>((resolve) => {
      look = setInterval(() => lagging.length >= 2 && resolve(), 10);
    });
    await Promise.race([polled, exited]);
    clearInterval(look);
    child.kill("SIGTERM");
    const code = await exited;
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.stages[0].results[0]).toMatchObject({ id: "web", verdict: "rollout-incomplete" });
    expect(report.stages[0].results[0].message).toContain("when the verify was stopped after");
  });
});

describe("stage: verify (action)", () => {
  it("publishes deploy-gate/verify (production), the job summary, and logs progress per change", async () => {
    const f = await fleet([switchesAt(2, OLD, NEW), always({ status: 502 })]);
    const { dir } = repoFor(f.hosts);
    const sent = sentStatuses();
    const logged: string[] = [];
    const write = vi.spyOn(process.stdout, "write").mockImplementation((text) => {
      logged.push(String(text));
      return true;
    });
    const out = await runActionInProcess(dir, { stage: "verify", environment: "production" }).finally(() =>
      write.mockRestore(),
    );
    expect(out.exitCode).toBe(1);
    // A line per change of the count, never one per poll.
    const progress = logged
      .join("")
      .split("\n")
      .filter((l) => l.startsWith("web: "));
    expect(progress[0]).toMatch(/^web: 0\/2 hosts on 0\.149\.2, /);
    expect(new Set(progress.map((l) => l.replace(/, .*/, ""))).size).toBe(progress.length);
    expect(f.requests.get(f.addresses[1])!.length).toBeGreaterThan(progress.length);
    expect(sent).toEqual([expect.objectContaining({ context: "deploy-gate/verify (production)", state: "failure" })]);
    expect(out.summary).toContain("deploy-gate/verify (production)");
    expect(out.summary).toContain("`unhealthy`");
    expect(out.summary).not.toContain(CANARY);
  });

  it("an interrupt (a cancelled job) ends the wait, and the failing status is still published", async () => {
    const f = await fleet([always(NEW), always(OLD)]);
    const { dir } = repoFor(f.hosts, "    deadline: 10m\n");
    const sent = sentStatuses();
    const lagging = f.requests.get(f.addresses[1])!;
    let released = false;
    // Stands in for SIGTERM: fires once the lagging host has been polled twice.
    const interrupts = (onInterrupt: () => void) => {
      const look = setInterval(() => lagging.length >= 2 && onInterrupt(), 10);
      return () => {
        clearInterval(look);
        released = true;
      };
    };
    const out = await runActionInProcess(dir, { stage: "verify", environment: "production" }, { interrupts });
    expect(out.exitCode).toBe(1);
    expect(released).toBe(true);
    expect(sent).toEqual([expect.objectContaining({ context: "deploy-gate/verify (production)", state: "failure" })]);
    expect(out.summary).toContain("when the verify was stopped after");
  });
});

describe("the terminal's live board", () => {
  it("redraws one line per entry in place, and keeps the countdown current between changes", () => {
    let written = "";
    const board = liveBoard((text) => {
      written += text;
    }, 60_000);
    board.set("web", () => "web: 0/2 hosts on 0.149.2, 4m left");
    board.set("api", () => "api: 1/1 host on 7, 1m left");
    board.set("web", () => "web: 1/2 hosts on 0.149.2, 4m left");
    board.close();
    const frames = written.split(new RegExp(`${String.fromCharCode(27)}\\[\\d+A`));
    expect(frames).toHaveLength(3);
    expect(frames[2]).toBe("\r\x1b[2Kweb: 1/2 hosts on 0.149.2, 4m left\n\r\x1b[2Kapi: 1/1 host on 7, 1m left\n");
    expect(written).toContain("\x1b[2A");
  });
});
