import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { planStartup } from "../src/app/startup.js";
import { UserError } from "../src/core/errors.js";
import { type AppProcess, settle, spawnApp, testKey } from "./helpers/app-process.js";
import { tcpListener } from "./helpers/servers.js";

const ROOT = new URL("..", import.meta.url).pathname;
const KEY = testKey();

/**
 * A folder holding only what setup mode reads (app.yml, package.json), like a fresh checkout's.
 * Removed after the file: the refusal cases run concurrently.
 */
const folders: string[] = [];
afterAll(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function appFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), "deploy-gate-app-"));
  folders.push(dir);
  for (const file of ["app.yml", "package.json"]) copyFileSync(join(ROOT, file), join(dir, file));
  return dir;
}

async function refusal(env: Record<string, string>) {
  const app = await spawnApp(env, { cwd: appFolder() });
  const state = await settle(app);
  return { state, code: state === "exited" ? await app.exited : undefined, stderr: app.stderr(), stdout: app.stdout() };
}

describe("app start-up: refuses to run unprotected or half-configured, in one line", () => {
  const cases: [string, Record<string, string>, string][] = [
    [
      "a garbage PRIVATE_KEY",
      { APP_ID: "1", PRIVATE_KEY: "garbage", WEBHOOK_SECRET: "s" },
      "PRIVATE_KEY is not a PEM private key",
    ],
    [
      "a PEM-shaped key that does not parse",
      {
        APP_ID: "1",
        PRIVATE_KEY: "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----",
        WEBHOOK_SECRET: "s",
      },
      "looks like a PEM key but does not parse",
    ],
    [
      "PRIVATE_KEY_PATH naming nothing",
      { APP_ID: "1", PRIVATE_KEY_PATH: "/nonexistent/key.pem", WEBHOOK_SECRET: "s" },
      "PRIVATE_KEY_PATH names no file",
    ],
    ["APP_ID without a key", { APP_ID: "1", WEBHOOK_SECRET: "s" }, "APP_ID is set but no private key is"],
    ["a key without APP_ID", { PRIVATE_KEY: KEY, WEBHOOK_SECRET: "s" }, "a private key is set but APP_ID is not"],
    ["NODE_ENV=production without APP_ID", { NODE_ENV: "production" }, "APP_ID is not set: set APP_ID, PRIVATE_KEY"],
    [
      "a non-numeric APP_ID",
      { APP_ID: "my-app", PRIVATE_KEY: KEY, WEBHOOK_SECRET: "s" },
      "APP_ID must be the app's numeric id",
    ],
    ["no WEBHOOK_SECRET", { APP_ID: "1", PRIVATE_KEY: KEY }, "WEBHOOK_SECRET is not set"],
    [
      "Probot's public default secret",
      { APP_ID: "1", PRIVATE_KEY: KEY, WEBHOOK_SECRET: "development" },
      `Probot's public default "development"`,
    ],
    [
      "the development switch in production",
      { APP_ID: "1", PRIVATE_KEY: KEY, DEPLOY_GATE_DEV: "1", NODE_ENV: "production" },
      "DEPLOY_GATE_DEV and NODE_ENV=production contradict",
    ],
  ];

  it.each(cases)("%s: a UserError whose one line says what to set, the key never in it", (_name, env, says) => {
    let error: unknown;
    try {
      planStartup(env, appFolder());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toContain(says);
    expect((error as UserError).message).not.toContain("\n");
    expect((error as UserError).message).not.toContain(KEY.split("\n")[1]);
  });

  // The process itself, for the ones Probot used to answer with a stack trace, a silent setup
  // mode, or an unprotected start.
  const spawned = cases.filter(([name]) =>
    ["a garbage PRIVATE_KEY", "NODE_ENV=production without APP_ID", "no WEBHOOK_SECRET"].includes(name),
  );
  it.each(spawned)("%s: the app exits 1 with that one line on stderr, nothing else", async (_name, env, says) => {
    const { state, code, stderr, stdout } = await refusal(env);
    expect({ state, code, stdout }).toEqual({ state: "exited", code: 1, stdout: "" });
    expect(stderr.trimEnd().split("\n")).toEqual([expect.stringContaining(says)]);
    expect(stderr.startsWith("deploy-gate app: ")).toBe(true);
  });
});

describe("app start-up: a port already in use", () => {
  it("is one log line and one line on stderr, exit 1, no stack", async () => {
    const taken = await tcpListener();
    const app = await spawnApp(
      { APP_ID: "1", PRIVATE_KEY: KEY, WEBHOOK_SECRET: "s", PORT: String(taken) },
      { cwd: appFolder() },
    );
    expect(await app.exited).toBe(1);
    expect(app.stderr().trimEnd().split("\n")).toEqual([
      `deploy-gate app: Port ${taken} is already in use. You can define the PORT environment variable to use a different port.`,
    ]);
    expect(app.stdout()).not.toMatch(/^\s+at /m);
    expect(app.stdout()).toContain(`ERROR (probot): Port ${taken} is already in use.`);
  });
});

describe("app start-up: the modes that do start", () => {
  const healthz = async (app: AppProcess) => {
    const response = await fetch(app.url("/healthz"));
    return { status: response.status, body: response.status === 200 ? await response.json() : undefined };
  };

  it("DEPLOY_GATE_DEV=1 starts without a secret, and says it is unprotected and one process", async () => {
    const app = await spawnApp({ APP_ID: "1", PRIVATE_KEY: KEY, DEPLOY_GATE_DEV: "1" }, { cwd: appFolder() });
    expect(await settle(app)).toBe("listening");
    expect(await healthz(app)).toEqual({ status: 200, body: { ok: true, mode: "development" } });
    expect(app.stdout()).toMatch(/development mode \(DEPLOY_GATE_DEV=1, no WEBHOOK_SECRET\).*never expose/);
    expect(app.stdout()).toContain("deploy-gate runs as ONE process per GitHub App");
  });

  it("setup mode (no APP_ID) registers with the webhook URL Probot fills in, and is not healthy", async () => {
    const app = await spawnApp({}, { cwd: appFolder() });
    expect(await settle(app)).toBe("listening");
    const page = await (await fetch(app.url("/probot"))).text();
    const manifest = JSON.parse(/value='([^']*)'/.exec(page)?.[1] ?? "{}");
    // Probot's own choice: where the page was opened (a smee.io channel when it made one).
    expect(manifest.hook_attributes).toEqual({ url: `${app.url("")}/` });
    expect(manifest.default_permissions).toMatchObject({ checks: "write", issues: "write" });
    expect((await healthz(app)).status).toBe(404);
  });

  it("the credentials setup mode wrote to .env are the ones used, the secret included", async () => {
    const dir = appFolder();
    writeFileSync(
      join(dir, ".env"),
      `APP_ID=7\nPRIVATE_KEY="${KEY.replace(/\n/g, "\\n")}"\nWEBHOOK_SECRET=from-dot-env\n`,
    );
    const app = await spawnApp({}, { cwd: dir });
    expect(await settle(app)).toBe("listening");
    expect(await healthz(app)).toEqual({ status: 200, body: { ok: true, mode: "run" } });
  });
});
