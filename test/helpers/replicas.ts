import { fileURLToPath } from "node:url";
import { FakeGitHubHost } from "../../scripts/fake-github-host.js";
import { type AppProcess, settle, spawnApp, testKey } from "./app-process.js";

export const SECRET = "replica-test-secret";
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** One app process from the sources (scripts/app-under-test.ts serve), on GitHub at `host`. */
export async function replica(host: FakeGitHubHost, env: Record<string, string> = {}): Promise<AppProcess> {
  const app = await spawnApp(
    {
      APP_ID: "1",
      PRIVATE_KEY: KEY,
      WEBHOOK_SECRET: SECRET,
      GHE_HOST: host.host,
      GHE_PROTOCOL: "http",
      LOG_FORMAT: "json",
      LOG_LEVEL: "info",
      ...env,
    },
    { cwd: ROOT, argv: ["--import", "tsx", "scripts/app-under-test.ts", "serve"] },
  );
  if ((await settle(app, 30_000)) !== "listening") {
    throw new Error(`the replica did not start:\n${app.stdout()}\n${app.stderr()}`);
  }
  return app;
}

const KEY = testKey();

/** Every delivery line a replica logged (JSON, one per delivery). */
export function deliveryLines(app: AppProcess): { delivery: string; outcome: string; [field: string]: unknown }[] {
  return app
    .stdout()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line))
    .filter((line) => typeof line.delivery === "string" && typeof line.outcome === "string");
}

/** A host with one repository whose config has a checklist of two items, `lead` allowed to tick. */
export function githubWithChecklist() {
  const host = new FakeGitHubHost();
  const repo = host.repo("acme", "web");
  repo.files.set(
    ".github/deploy-gate.yml",
    `version: 1
checklist:
  items:
    - { id: rollback, text: "Rolled back and forward again" }
    - { id: smoke, text: "Smoke-tested on staging" }
`,
  );
  repo.permissions.set("lead", "write");
  return { host, repo };
}

/** Polls `probe` until it returns something other than undefined, at most `ms` (logs arrive after the answer). */
export async function eventually<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  ms = 10_000,
): Promise<T | undefined> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
