import { describe, expect, it } from "vitest";
import { configWith, runPreflight } from "./helpers/preflight.js";
import { closedPort, httpServer } from "./helpers/servers.js";

const CANARY = "canary-5ecret-value-93f1";

describe("preflight http", () => {
  it("passes when the status, body and JSON path match, with the method, headers and body sent", async () => {
    const seen: { method?: string; accept?: string; body?: string } = {};
    const base = await httpServer((req, res) => {
      let body = "";
      req.on("data", (c) => {
        body += c;
      });
      req.on("end", () => {
        Object.assign(seen, { method: req.method, accept: req.headers.accept, body });
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ status: "ok", version: "1.4.2", build: { n: [7, 8] }, "a.b": true }));
      });
    });
    const { results } = await runPreflight(
      configWith(`  - id: healthz
    type: http
    url: "\${APP_URL}/healthz"
    method: POST
    headers: { Accept: application/json }
    body: '{"ping":1}'
    expect: { status: 200, body_contains: ok, json: { "$.version": "\${RELEASE}", "$.build.n[1]": 8, '$["a.b"]': true } }
`),
      { "prod.env": `APP_URL=${base}\nRELEASE=1.4.2\nAPI_KEY=${CANARY}\n` },
    );
    expect(results).toEqual([expect.objectContaining({ id: "healthz", status: "pass", verdict: "passed" })]);
    expect(seen).toEqual({ method: "POST", accept: "application/json", body: '{"ping":1}' });
  });

  it("outage 4: every request 502s -> unexpected-status, after the retries", async () => {
    let hits = 0;
    const base = await httpServer((_req, res) => {
      hits++;
      res.statusCode = 502;
      res.end("Bad Gateway");
    });
    const { results } = await runPreflight(
      configWith(`  - { id: healthz, type: http, url: "${base}/healthz", retries: 2 }\n`),
      { "prod.env": "" },
    );
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ id: "healthz", status: "fail", verdict: "unexpected-status" });
    expect(results[0].message).toContain("answered 502, expected 2xx (body: Bad Gateway)");
    expect(hits).toBe(3);
  });

  it("retries until the service answers well", async () => {
    let hits = 0;
    const base = await httpServer((_req, res) => {
      hits++;
      res.statusCode = hits < 2 ? 503 : 204;
      res.end();
    });
    const { results } = await runPreflight(
      configWith(`  - { id: up, type: http, url: "${base}/", retries: 3, expect: { status: [200, 204] } }\n`),
      { "prod.env": "" },
    );
    expect(results[0]).toMatchObject({ status: "pass", verdict: "passed" });
    expect(hits).toBe(2);
  });

  it("reports unexpected-body for a missing substring, a wrong JSON value, and a body that is not JSON", async () => {
    const base = await httpServer((req, res) => {
      res.end(req.url === "/text" ? "hello" : JSON.stringify({ version: "1.4.1" }));
    });
    const { results } = await runPreflight(
      configWith(`  - { id: contains, type: http, url: "${base}/text", expect: { body_contains: ok } }
  - { id: version, type: http, url: "${base}/json", expect: { json: { "$.version": "1.4.2" } } }
  - { id: notjson, type: http, url: "${base}/text", expect: { json: { "$.version": "1.4.2" } } }
  - { id: absent, type: http, url: "${base}/json", expect: { json: { "$.nope[0]": 1 } } }
`),
      { "prod.env": "" },
    );
    expect(results.map((r) => [r.id, r.verdict])).toEqual([
      ["contains", "unexpected-body"],
      ["version", "unexpected-body"],
      ["notjson", "unexpected-body"],
      ["absent", "unexpected-body"],
    ]);
    expect(results[1].message).toContain('$.version is "1.4.1", expected "1.4.2"');
    expect(results[3].message).toContain("is absent");
  });

  it("a server that never answers is a timeout, and one slower than the timeout too", async () => {
    const base = await httpServer((req, res) => {
      if (req.url === "/slow") setTimeout(() => res.end("ok"), 1500);
      // "/hang" never answers.
    });
    const { results } = await runPreflight(
      configWith(`  - { id: hang, type: http, url: "${base}/hang", timeout: 200ms, retries: 1 }
  - { id: slow, type: http, url: "${base}/slow", timeout: 200ms }
`),
      { "prod.env": "" },
    );
    expect(results.map((r) => [r.id, r.verdict])).toEqual([
      ["hang", "timeout"],
      ["slow", "timeout"],
    ]);
    expect(results[0].message).toContain("no answer within 200ms in 2 attempts");
  });

  it("a closed port is unreachable, a bad URL fails with a clear message, a missing variable is never empty", async () => {
    const port = await closedPort();
    const { results } = await runPreflight(
      configWith(`  - { id: closed, type: http, url: "http://127.0.0.1:${port}/" }
  - { id: bad, type: http, url: "not a url" }
  - { id: ftp, type: http, url: "ftp://127.0.0.1/" }
  - { id: novar, type: http, url: "http://\${NOPE}/healthz" }
`),
      { "prod.env": "" },
    );
    expect(results.map((r) => [r.id, r.verdict])).toEqual([
      ["closed", "unreachable"],
      ["bad", "unreachable"],
      ["ftp", "unreachable"],
      ["novar", "missing-variable"],
    ]);
    expect(results[0].message).toContain("ECONNREFUSED");
    expect(results[1].message).toContain("is not a valid URL");
    expect(results[3].message).toContain("${NOPE}");
    expect(results[3]).toMatchObject({ file: ".github/deploy-gate.yml", line: 10 });
  });

  it("a password in the URL is never shown, declared secret or not", async () => {
    let auth: string | undefined;
    const base = await httpServer((req, res) => {
      auth = req.headers.authorization;
      res.statusCode = 500;
      res.end();
    });
    const { results } = await runPreflight(
      configWith(`  - { id: creds, type: http, url: "${base.replace("//", "//admin:hunter2x@")}/" }\n`),
      { "prod.env": "" },
    );
    expect(results[0].verdict).toBe("unexpected-status");
    expect(results[0].message).toContain("//admin:***@127.0.0.1");
    expect(results[0].message).not.toContain("hunter2x");
    expect(auth).toBe(`Basic ${Buffer.from("admin:hunter2x").toString("base64")}`);
  });

  it("a secret in the URL, the headers or the response is masked where the message leaves", async () => {
    const base = await httpServer((req, res) => {
      res.statusCode = 401;
      res.end(`denied for ${req.headers.authorization} at ${req.url}`);
    });
    const { results, mask } = await runPreflight(
      configWith(
        `  - { id: auth, type: http, url: "${base}/x?key=\${API_KEY}", headers: { Authorization: "Bearer \${API_KEY}" } }\n`,
      ),
      { "prod.env": `API_KEY=${CANARY}\n` },
    );
    expect(results[0].verdict).toBe("unexpected-status");
    expect(mask(results[0].message)).toContain("key=***");
    expect(mask(JSON.stringify(results))).not.toContain(CANARY);
  });
});

describe("http check config", () => {
  it("a body on a GET request is a config error on the body's line", async () => {
    const { parseConfig } = await import("../src/core/config/load.js");
    const yaml = configWith('  - id: h\n    type: http\n    url: "http://x/"\n    body: "{}"\n');
    const error = (() => {
      try {
        parseConfig(yaml, "f.yml");
      } catch (e) {
        return e;
      }
    })();
    expect(String(error)).toMatch(/^f\.yml:10: preflight\[0\]\.body: a GET request cannot carry a body/);
  });

  it("an endless body is read up to its cap and judged, not left to time out", async () => {
    const base = await httpServer((_req, res) => {
      res.writeHead(503);
      const chunk = "z".repeat(64 * 1024);
      const pump = () => {
        while (!res.destroyed && res.write(chunk)) {}
        if (!res.destroyed) res.once("drain", pump);
      };
      pump();
    });
    const { results } = await runPreflight(
      configWith('  - { id: endless, type: http, url: "${APP_URL}/", timeout: 5s }\n'),
      { "prod.env": `APP_URL=${base}\n` },
    );
    expect(results[0]).toMatchObject({ id: "endless", verdict: "unexpected-status" });
    expect(results[0].message).toContain("answered 503");
  });
});

describe("preflight http: a redirect is not health", () => {
  const redirecting = (status: number, location?: string) =>
    httpServer((_req, res) => {
      res.statusCode = status;
      if (location) res.setHeader("location", location);
      res.end();
    });

  it("without expect.status, a 302 to the login page is unexpected-status naming its Location", async () => {
    const base = await redirecting(302, "/login?next=%2Fhealthz");
    const { results } = await runPreflight(configWith(`  - { id: healthz, type: http, url: "${base}/healthz" }\n`), {
      "prod.env": "",
    });
    expect(results).toEqual([expect.objectContaining({ id: "healthz", status: "fail", verdict: "unexpected-status" })]);
    expect(results[0].message).toContain(
      `GET ${base}/healthz answered 302, a redirect to /login?next=%2Fhealthz, expected a 2xx`,
    );
    expect(results[0].message).toContain("`expect.status: 302`");
  });

  it.each([301, 307, 308])("a %i without a Location is unexpected-status too", async (status) => {
    const base = await redirecting(status);
    const { results } = await runPreflight(configWith(`  - { id: healthz, type: http, url: "${base}/" }\n`), {
      "prod.env": "",
    });
    expect(results[0]).toMatchObject({ verdict: "unexpected-status" });
    expect(results[0].message).toContain(`answered ${status}, a redirect without a Location`);
  });

  it("a redirect listed in expect.status passes", async () => {
    const base = await redirecting(301, "https://example.invalid/");
    const { results } = await runPreflight(
      configWith(`  - { id: apex, type: http, url: "${base}/", expect: { status: 301 } }\n`),
      { "prod.env": "" },
    );
    expect(results[0]).toMatchObject({ status: "pass", verdict: "passed" });
  });

  it("a secret in the Location is masked where the message leaves", async () => {
    const base = await redirecting(302, `/login?token=${CANARY}`);
    const { results, mask } = await runPreflight(configWith(`  - { id: healthz, type: http, url: "${base}/" }\n`), {
      "prod.env": `API_KEY=${CANARY}\n`,
    });
    expect(mask(results[0].message)).toContain("/login?token=***");
    expect(mask(results[0].message)).not.toContain(CANARY);
  });
});
