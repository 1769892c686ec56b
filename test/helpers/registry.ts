import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { freePort } from "../../scripts/free-port.js";

/** Whether a program is on PATH (the registry tests skip, saying so, where it is not). */
export function hasProgram(name: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

export interface RunningRegistry {
  host: string;
  stop: () => Promise<void>;
}

/** Starts Debian's `docker-registry` on a free 127.0.0.1 port, storing in `storage`. */
export async function startRegistry(dir: string, storage: string, htpasswd?: string): Promise<RunningRegistry> {
  const port = await freePort();
  const config = join(dir, `registry-${port}.yml`);
  writeFileSync(
    config,
    [
      "version: 0.1",
      "log: { level: error }",
      `storage: { filesystem: { rootdirectory: ${storage} } }`,
      `http: { addr: 127.0.0.1:${port} }`,
      ...(htpasswd ? [`auth: { htpasswd: { realm: test, path: ${htpasswd} } }`] : []),
    ].join("\n"),
  );
  const child: ChildProcess = spawn("docker-registry", ["serve", config], { stdio: "ignore" });
  const host = `127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    const up = await fetch(`http://${host}/v2/`).then(
      () => true,
      () => false,
    );
    if (up) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    host,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill();
      }),
  };
}

/** Pushes an OCI layout's tag to the registry with skopeo, as a CI job would push an image. */
export function pushLayout(layout: string, tag: string, target: string): void {
  execFileSync("skopeo", [
    "--insecure-policy",
    "copy",
    "--quiet",
    "--all",
    "--dest-tls-verify=false",
    `oci:${layout}:${tag}`,
    `docker://${target}`,
  ]);
}
