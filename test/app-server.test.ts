import { createHmac, generateKeyPairSync } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { stripVTControlCharacters } from "node:util";
import nock from "nock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../scripts/free-port.js";
import { ONE_PROCESS, type RunningApp, startApp } from "../src/app/start.js";
import { decodeState } from "../src/core/checklist/state-codec.js";
import {
  API,
  BOT,
  CONFIG,
  checkRunWrite,
  commentPost,
  configReply,
  counted,
  pullRequestPayload,
  pullRequestReads,
  QuietOctokit,
  REPO,
} from "./helpers/checklist-app.js";
import { tempDir } from "./helpers/tmp.js";

const SECRET = "server-test-secret";
const PRIVATE_KEY = generateKeyPairSync("rsa", { modulusLength: 2048 })
  .privateKey.export({ type: "pkcs1", format: "pem" })
  .toString();
let server: RunningApp;
let port: number;
/** Every line the app logged (Probot's pretty format, as `npm start` prints it). */
const logged: string[] = [];
const logTo = new Writable({
  write(chunk, _encoding, done) {
    logged.push(...stripVTControlCharacters(String(chunk)).split("\n").filter(Boolean));
    done();
  },
});

beforeAll(async () => {
  port = await freePort();
  server = await startApp(
    {
      APP_ID: "123",
      PRIVATE_KEY,
      WEBHOOK_SECRET: SECRET,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      LOG_FORMAT: "pretty",
    },
    { Octokit: QuietOctokit, logTo },
  );
});

afterAll(async () => {
  await server?.stop();
});

const post = (
  body: string,
  signature: string,
  path = "/api/github/webhooks",
  delivery = `d-${Math.random()}`,
  at = port,
) =>
  fetch(`http://127.0.0.1:${at}${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": "pull_request",
      "x-github-delivery": delivery,
      "x-hub-signature-256": signature,
    },
    body,
  });

/** Probot caches an installation's token: each test takes its own installation. */
let installation = 55;
const installationToken = (scope: nock.Scope, payload: { installation?: { id: number } }) => {
  payload.installation = { id: ++installation };
  return scope.post(`/app/installations/${installation}/access_tokens`).reply(201, {
    token: "ghs_test",
    expires_at: new Date(Date.now() + 3600_000).toISOString(),
    permissions: {},
    repository_selection: "all",
  });
};

/** A signed-to-be `pull_request.opened` whose token, config and reads GitHub answers. */
function openedWithReads() {
  const payload = pullRequestPayload("opened");
  const scope = nock(API);
  installationToken(scope, payload);
  configReply(scope, CONFIG);
  pullRequestReads(scope);
  return { scope, body: JSON.stringify(payload) };
}

const sign = (body: string, secret = SECRET) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

describe("app: started as `npm start` does, on a real port", () => {
  // `/` is where Probot's setup page registers the webhook (`<where it was opened>/`).
  it.each(["/api/github/webhooks", "/"])(
    "answers a signed webhook at %s and does the work (installation token, comment, check)",
    async (path) => {
      const { scope, body } = openedWithReads();
      const check = checkRunWrite(scope);
      const posted = commentPost(scope, { id: 1, user: BOT, html_url: "u" });
      const response = await post(body, sign(body), path);
      expect(response.status).toBe(200);
      expect(scope.isDone()).toBe(true);
      expect(check()).toMatchObject({ name: "deploy-gate/checklist", conclusion: "action_required" });
      // The webhook secret signs the hidden state; it never appears in what the app writes.
      expect(posted()).toContain("<!-- deploy-gate:state ");
      expect(`${posted()}${JSON.stringify(check())}`).not.toContain(SECRET);
    },
  );

  it("refuses a bad signature with a 4xx and makes no API call", async () => {
    const body = JSON.stringify(pullRequestPayload("opened"));
    const scope = nock(API).persist();
    const calls = counted(scope);
    scope.get(/.*/).reply(200, {});
    scope.post(/.*/).reply(201, {});
    const unmatched: unknown[] = [];
    const onNoMatch = (req: any) => {
      if (req.hostname !== "127.0.0.1") unmatched.push(req);
    };
    nock.emitter.on("no match", onNoMatch);
    const response = await post(body, sign(body, "wrong secret"));
    nock.emitter.removeListener("no match", onNoMatch);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(calls).toEqual([]);
    expect(unmatched).toEqual([]);
  });

  it("logs a bad signature as one line naming the delivery, without the payload", async () => {
    const payload = pullRequestPayload("opened");
    const body = JSON.stringify(payload);
    const before = logged.length;
    const response = await post(body, sign(body, "wrong secret"), "/api/github/webhooks", "bad-sig-1");
    expect(response.status).toBe(400);
    const lines = logged.slice(before).filter((line) => !line.includes("(http)"));
    expect(lines).toEqual([
      "ERROR (probot): pull_request.opened delivery bad-sig-1 refused: its signature does not match WEBHOOK_SECRET; set the same secret here and in the app's settings (Webhook secret)",
    ]);
    expect(logged.slice(before).join("\n")).not.toContain(payload.pull_request.head.sha);
  });

  it("a refused write names the permission the app lacks, in one log line and in the check", async () => {
    const { scope, body } = openedWithReads();
    const refused = { message: "Resource not accessible by integration", documentation_url: "https://docs.github.com" };
    scope.post(`${REPO}/issues/2/comments`).reply(403, refused);
    const summaries: string[] = [];
    scope
      .post(`${REPO}/check-runs`, (b) => summaries.push(b.output.summary) > 0)
      .times(2)
      .reply(201, {});
    const before = logged.length;
    const response = await post(body, sign(body), "/api/github/webhooks", "refused-1");
    // GitHub sees the delivery failed (Probot answers with the refusal's status), so it can be redelivered.
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(scope.isDone()).toBe(true);
    const lines = logged.slice(before).filter((line) => !line.includes("(http)"));
    expect(lines).toEqual([
      expect.stringContaining(
        "pull_request.opened delivery refused-1 failed: GitHub refused POST /repos/Codertocat/Hello-World/issues/2/comments (403 Resource not accessible by integration): the app lacks `issues: write`; add it to the app's permissions",
      ),
    ]);
    // The check left behind (fail closed) says the same.
    expect(summaries.at(-1)).toContain("the app lacks `issues: write`");
  });

  it("GET /healthz says the app is up, without asking GitHub", async () => {
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, mode: "run" });
  });

  it("GET /readyz is 503 naming GitHub while GitHub fails, 200 once it answers", async () => {
    nock(API).get("/app").reply(500, { message: "Server Error" });
    const down = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(down.status).toBe(503);
    const said = (await down.json()) as { github?: string };
    expect(said).toMatchObject({ ok: false, memory: "ok" });
    expect(said.github).not.toBe("ok");
    nock(API).get("/app").reply(200, { id: 123, slug: "deploy-gate" });
    const up = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect([up.status, await up.json()]).toEqual([200, { ok: true, memory: "ok", github: "ok" }]);
  });

  it("says at start that it runs as one process", () => {
    expect(logged).toContain(`INFO (probot): ${ONE_PROCESS}`);
  });
});

describe("app: credentials from .env, as Probot's setup mode leaves them", () => {
  it("the WEBHOOK_SECRET in .env verifies deliveries and signs the checklist state", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, ".env"), "WEBHOOK_SECRET=secret-from-dot-env\n");
    const at = await freePort();
    const env = { APP_ID: "123", PRIVATE_KEY, PORT: String(at), HOST: "127.0.0.1", LOG_LEVEL: "fatal" as const };
    const other = await startApp(env, { Octokit: QuietOctokit, cwd: dir });
    try {
      const { scope, body } = openedWithReads();
      checkRunWrite(scope);
      const posted = commentPost(scope, { id: 1, user: BOT, html_url: "u" });
      const response = await post(body, sign(body, "secret-from-dot-env"), "/api/github/webhooks", "dot-env-1", at);
      expect(response.status).toBe(200);
      expect(decodeState(posted(), "secret-from-dot-env")).toBeDefined();
    } finally {
      await other.stop();
    }
  });
});
