import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseImageRef } from "../src/core/artifacts/image-ref.js";
import { parseChallenge, RegistryClient } from "../src/core/artifacts/registry.js";
import { runCli } from "./helpers/cli.js";
import { testRepo } from "./helpers/git-repo.js";
import { writeOciLayout } from "./helpers/oci.js";
import { hasProgram, pushLayout, type RunningRegistry, startRegistry } from "./helpers/registry.js";
import { tempDir } from "./helpers/tmp.js";

const available = hasProgram("docker-registry") && hasProgram("skopeo");
if (!available) {
  console.warn(
    "artifacts-registry: skipped, docker-registry and skopeo are not installed (apt-get install docker-registry skopeo)",
  );
}
const withHtpasswd = available && hasProgram("htpasswd");
if (available && !withHtpasswd) {
  console.warn("artifacts-registry: basic auth skipped, htpasswd is not installed (apt-get install apache2-utils)");
}

// CI installs the tools (.ci/run): there, a missing one fails the run instead of skipping silently.
it("has docker-registry, skopeo and htpasswd wherever CI runs the suite", () => {
  if (process.env.CI) expect({ available, withHtpasswd }).toEqual({ available: true, withHtpasswd: true });
});

const USER = "ci";
const PASSWORD = "canary-registry-password-42";
const TOKEN = "canary-bearer-token-77";

describe.skipIf(!available)("a real registry on 127.0.0.1", () => {
  let work: string;
  let open: RunningRegistry;
  let basic: RunningRegistry | undefined;
  let bearer: Server;
  let bearerHost: string;
  let tokenRequests: string[] = [];
  let goodRevision: string;
  let digest: string;
  let multiDigest: string;
  let repoDir: string;

  const repo = () => {
    const r = testRepo(
      {
        ".github/deploy-gate.yml": `version: 1
environments:
  production:
    variables: [{ dotenv: prod.env }]
    secrets: [DEPLOY_GATE_REGISTRY_PASSWORD]
artifacts:
  - name: web
    image: \${IMAGE}
    resolve: true
    inputs: [web/**]
`,
        "web/index.html": "v1\n",
      },
      join(work, "repo"),
    );
    return r;
  };

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "deploy-gate-registry-"));
    const storage = join(work, "storage");
    open = await startRegistry(work, storage);
    if (withHtpasswd) {
      execFileSync("htpasswd", ["-B", "-b", "-c", join(work, "htpasswd"), USER, PASSWORD], { stdio: "ignore" });
      basic = await startRegistry(work, storage, join(work, "htpasswd"));
    }
    const r = repo();
    goodRevision = r.commit("initial");
    repoDir = r.dir;
    const layout = join(work, "layout");
    digest = writeOciLayout(layout, { tag: "v1", revision: goodRevision });
    pushLayout(layout, "v1", `${open.host}/acme/web:v1`);
    const stale = join(work, "stale");
    writeOciLayout(stale, { tag: "old", revision: "feedfacefeedfacefeedfacefeedfacefeedface", content: "old" });
    pushLayout(stale, "old", `${open.host}/acme/web:old`);
    const multi = join(work, "multi");
    multiDigest = writeOciLayout(multi, { tag: "multi", revision: goodRevision, content: "multi", multiArch: true });
    pushLayout(multi, "multi", `${open.host}/acme/web:multi`);

    // A token service and a registry front that demands its bearer tokens (as GHCR and Docker Hub do).
    bearer = createServer(async (req, res) => {
      const url = new URL(req.url ?? "/", "http://x");
      if (url.pathname === "/token") {
        tokenRequests.push(
          `${url.searchParams.get("service")} ${url.searchParams.get("scope")} ${req.headers.authorization ?? "anonymous"}`,
        );
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ token: TOKEN }));
        return;
      }
      if (req.headers.authorization !== `Bearer ${TOKEN}`) {
        res.statusCode = 401;
        res.setHeader(
          "www-authenticate",
          `Bearer realm="http://${bearerHost}/token",service="test-registry",scope="repository:acme/web:pull"`,
        );
        res.end();
        return;
      }
      const upstream = await fetch(`http://${open.host}${req.url}`, {
        headers: { accept: req.headers.accept ?? "*/*" },
      });
      res.statusCode = upstream.status;
      for (const name of ["content-type", "docker-content-digest"]) {
        const value = upstream.headers.get(name);
        if (value) res.setHeader(name, value);
      }
      res.end(Buffer.from(await upstream.arrayBuffer()));
    });
    await new Promise<void>((resolve) => bearer.listen(0, "127.0.0.1", resolve));
    bearerHost = `127.0.0.1:${(bearer.address() as { port: number }).port}`;
  });

  afterAll(async () => {
    await open?.stop();
    await basic?.stop();
    await new Promise((resolve) => bearer?.close(resolve));
    rmSync(work, { recursive: true, force: true });
  });

  const check = async (image: string, extraEnv = "", command = "artifacts") => {
    const dir = tempDir();
    execFileSync("git", ["clone", "-q", repoDir, dir]);
    writeFileSync(join(dir, "prod.env"), `IMAGE=${image}\n${extraEnv}`);
    const out = await runCli([command, "--env", "production", "--json", "-C", dir]);
    return { ...out, result: JSON.parse(out.stdout).stages?.[0]?.results?.[0], dir };
  };

  it("anonymous: a tag resolves to its digest, and is still mutable-ref, with the pin to use", async () => {
    const { code, result } = await check(`${open.host}/acme/web:v1`);
    expect(code).toBe(1);
    expect(result.verdict).toBe("mutable-ref");
    expect(result.message).toContain(`pin it as ${open.host}/acme/web:v1@${digest}`);
  });

  it("anonymous: a pinned digest is read with its revision label; recorded, then unchanged", async () => {
    const first = await check(`${open.host}/acme/web@${digest}`);
    expect(first.result.verdict).toBe("first-deploy");
    const recorded = await runCli(["record", "--env", "production", "-C", first.dir]);
    expect(recorded.code).toBe(0);
    const again = await runCli(["artifacts", "--env", "production", "--json", "-C", first.dir]);
    expect(JSON.parse(again.stdout).stages[0].results[0].verdict).toBe("unchanged");
  });

  it("an image whose revision label names another commit with other inputs is wrong-revision", async () => {
    const res = await fetch(`http://${open.host}/v2/acme/web/manifests/old`, {
      headers: { accept: "application/vnd.oci.image.manifest.v1+json" },
    });
    const oldDigest = res.headers.get("docker-content-digest");
    const { result } = await check(`${open.host}/acme/web:old@${oldDigest}`);
    expect(result).toMatchObject({ status: "fail", verdict: "wrong-revision" });
    expect(result.message).toContain("built from feedfac");
  });

  it("a multi-platform index is pinned by its own digest; the label comes from the linux/amd64 image", async () => {
    const info = await new RegistryClient(parseImageRef(`${open.host}/acme/web@${multiDigest}`)).inspect();
    expect(info).toEqual({ digest: multiDigest, revision: goodRevision });
  });

  it("a digest or tag the registry does not have is missing", async () => {
    expect((await check(`${open.host}/acme/web@sha256:${"0".repeat(64)}`)).result.verdict).toBe("missing");
    const tag = await check(`${open.host}/acme/nothing:v9`);
    expect(tag.result.verdict).toBe("missing");
    expect(tag.result.message).toContain("is not in the registry");
  });

  it("an unreachable registry fails closed", async () => {
    const { code, result } = await check(`127.0.0.1:1/acme/web@${digest}`);
    expect(code).toBe(1);
    expect(result).toMatchObject({ status: "fail", verdict: "missing" });
    expect(result.message).toContain("cannot reach the registry 127.0.0.1:1");
  });

  it.skipIf(!withHtpasswd)(
    "basic auth: refused without credentials, read with them, the password never shown",
    async () => {
      const refused = await check(`${basic?.host}/acme/web@${digest}`);
      expect(refused.result.verdict).toBe("missing");
      expect(refused.result.message).toContain("needs credentials; set DEPLOY_GATE_REGISTRY_USERNAME");
      const wrong = await check(
        `${basic?.host}/acme/web@${digest}`,
        `DEPLOY_GATE_REGISTRY_USERNAME=${USER}\nDEPLOY_GATE_REGISTRY_PASSWORD=wrong-password\n`,
      );
      expect(wrong.result.message).toContain("refused access");
      const ok = await check(
        `${basic?.host}/acme/web@${digest}`,
        `DEPLOY_GATE_REGISTRY_USERNAME=${USER}\nDEPLOY_GATE_REGISTRY_PASSWORD=${PASSWORD}\n`,
      );
      expect(ok.result.verdict).toBe("first-deploy");
      expect(ok.stdout + ok.stderr).not.toContain(PASSWORD);
    },
  );

  it("bearer challenge: fetches a pull token from the realm, with the scope and service asked for", async () => {
    tokenRequests = [];
    const { result } = await check(
      `${bearerHost}/acme/web@${digest}`,
      `DEPLOY_GATE_REGISTRY_USERNAME=${USER}\nDEPLOY_GATE_REGISTRY_PASSWORD=${PASSWORD}\n`,
    );
    expect(result.verdict).toBe("first-deploy");
    const basicHeader = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString("base64")}`;
    expect(tokenRequests).toEqual([`test-registry repository:acme/web:pull ${basicHeader}`]);
  });

  it("bearer challenge anonymously, through the client", async () => {
    tokenRequests = [];
    const info = await new RegistryClient(parseImageRef(`${bearerHost}/acme/web:v1`)).inspect();
    expect(info).toEqual({ digest, revision: goodRevision });
    expect(tokenRequests).toEqual(["test-registry repository:acme/web:pull anonymous"]);
  });
});

describe("WWW-Authenticate challenges", () => {
  it("parses quoted and bare parameters", () => {
    expect(
      parseChallenge('Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:a/b:pull"'),
    ).toEqual({
      scheme: "bearer",
      params: { realm: "https://ghcr.io/token", service: "ghcr.io", scope: "repository:a/b:pull" },
    });
    expect(parseChallenge('Basic realm="Registry Realm"')).toEqual({
      scheme: "basic",
      params: { realm: "Registry Realm" },
    });
    expect(parseChallenge("Bearer realm=https://x/token")).toEqual({
      scheme: "bearer",
      params: { realm: "https://x/token" },
    });
  });
});
