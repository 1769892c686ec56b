import { createHmac, generateKeyPairSync } from "node:crypto";
import { createServer } from "node:net";
import nock from "nock";
import type { Server } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp } from "../src/app/start.js";
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
} from "./helpers/checklist-app.js";

const SECRET = "server-test-secret";
let server: Server;
let port: number;

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect("127.0.0.1");
  port = await freePort();
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  server = await startApp(
    {
      APP_ID: "123",
      PRIVATE_KEY: privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
      WEBHOOK_SECRET: SECRET,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "fatal",
    },
    { Octokit: QuietOctokit },
  );
});

afterAll(async () => {
  await server?.stop();
  nock.cleanAll();
  nock.enableNetConnect();
});

const post = (body: string, signature: string) =>
  fetch(`http://127.0.0.1:${port}/api/github/webhooks`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": "pull_request",
      "x-github-delivery": `d-${Math.random()}`,
      "x-hub-signature-256": signature,
    },
    body,
  });

const sign = (body: string, secret = SECRET) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

describe("app: started as `npm start` does, on a real port", () => {
  it("answers a signed webhook and does the work (installation token, comment, check)", async () => {
    const payload = pullRequestPayload("opened");
    payload.installation = { id: 55 };
    const body = JSON.stringify(payload);
    const scope = nock(API);
    scope.post("/app/installations/55/access_tokens").reply(201, {
      token: "ghs_test",
      expires_at: new Date(Date.now() + 3600_000).toISOString(),
      permissions: {},
      repository_selection: "all",
    });
    configReply(scope, CONFIG);
    pullRequestReads(scope);
    const check = checkRunWrite(scope);
    const posted = commentPost(scope, { id: 1, user: BOT, html_url: "u" });
    const response = await post(body, sign(body));
    expect(response.status).toBe(200);
    expect(scope.isDone()).toBe(true);
    expect(check()).toMatchObject({ name: "deploy-gate/checklist", conclusion: "action_required" });
    // The webhook secret signs the hidden state; it never appears in what the app writes.
    expect(posted()).toContain("<!-- deploy-gate:state ");
    expect(`${posted()}${JSON.stringify(check())}`).not.toContain(SECRET);
  });

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
});
