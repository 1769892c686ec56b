import { symlinkSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runCli } from "./cli.js";
import { type TestRepo, testRepo } from "./git-repo.js";
import { tempDir } from "./tmp.js";

const NODE_MODULES = fileURLToPath(new URL("../../node_modules", import.meta.url));

/**
 * A fixture monorepo with the project's own turbo and nx installed (node_modules links to
 * deploy-gate's, where they are exact-pinned devDependencies), as a repository's `npm ci` would.
 */
export function monorepo(files: Record<string, string>): TestRepo {
  const repo = testRepo({ ".gitignore": "node_modules\n.deploy-gate/\ndist/\n.turbo/\n.nx/\n", ...files });
  symlinkSync(NODE_MODULES, join(repo.dir, "node_modules"));
  return repo;
}

/**
 * What the build tools run with in tests: no daemon, no telemetry, no network lookups (an empty
 * flake registry), and a Nix store of their own in a temp dir, so nothing outside the test changes.
 */
export function toolEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const home = tempDir("deploy-gate-home-");
  const registry = join(home, "flake-registry.json");
  writeFileSync(registry, '{"flakes":[],"version":2}\n');
  return {
    // npm puts the project's own node_modules/.bin on PATH: a fixture must find only its own tools.
    PATH: (process.env.PATH ?? "")
      .split(delimiter)
      .filter((dir) => !dir.includes("node_modules"))
      .join(delimiter),
    HOME: home,
    TURBO_TELEMETRY_DISABLED: "1",
    NX_NO_CLOUD: "true",
    NX_DAEMON: "false",
    NIX_CONFIG: [
      `store = ${join(home, "nix")}`,
      "build-users-group =",
      `flake-registry = ${registry}`,
      "substituters =",
      "",
    ].join("\n"),
    ...extra,
  };
}

/** `deploy-gate predict --json` for production, with the first result. */
export async function predict(repo: TestRepo, env: NodeJS.ProcessEnv, ...extra: string[]) {
  const run = await runCli(["predict", "--env", "production", "--json", "-C", repo.dir, ...extra], { env });
  const doc = JSON.parse(run.stdout);
  return { ...run, doc, result: doc.stages?.[0]?.results?.[0] };
}

export const record = (repo: TestRepo, env: NodeJS.ProcessEnv) =>
  runCli(["record", "--env", "production", "--json", "-C", repo.dir], { env });
