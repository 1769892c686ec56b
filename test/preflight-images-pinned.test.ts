import { describe, expect, it } from "vitest";
import { dockerfileImages, imageName, isPinned } from "../src/core/preflight/checks/images-pinned.js";
import { configWith, runPreflight } from "./helpers/preflight.js";

const DIGEST = `sha256:${"a1".repeat(32)}`;

const k8s = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  template:
    spec:
      initContainers:
        - { name: init, image: "busybox:1.36@${DIGEST}" }
      containers:
        - name: web
          image: registry.example.test:5000/web:latest
        - name: sidecar
          image: envoyproxy/envoy
---
apiVersion: v1
kind: Pod
metadata: { name: debug }
spec:
  containers:
    - { name: a, image: "localhost/tool:dev" }
`;

const compose = `services:
  api:
    image: \${API_IMAGE}
  db:
    image: postgres:16@${DIGEST}
  worker:
    build: .
  cache:
    image: \${CACHE_IMAGE:-redis:7}
`;

const dockerfile = `# syntax=docker/dockerfile:1
ARG BASE=golang:1.22@${DIGEST}
ARG RUNTIME
FROM --platform=$BUILDPLATFORM \${BASE} AS build
RUN go build ./...
FROM build AS test
FROM scratch AS empty
FROM \\
  alpine:3.20
FROM \${RUNTIME}
COPY --from=build /out /out
`;

describe("preflight images-pinned", () => {
  it("outage 6: a tag without a digest, or none (latest), is unpinned-image with file and line", async () => {
    const { results } = await runPreflight(
      configWith(
        '  - { id: pinned, type: images-pinned, files: [k8s/*.yaml, "docker-compose*.yml", "**/Dockerfile"], allow: ["localhost/*"] }\n',
      ),
      {
        "prod.env": `API_IMAGE=ghcr.io/acme/api:1.2.3\n`,
        "k8s/web.yaml": k8s,
        "docker-compose.yml": compose,
        "build/Dockerfile": dockerfile,
      },
    );
    expect(results.map((r) => [r.id, r.verdict, r.line])).toEqual([
      ["pinned:build/Dockerfile:8", "unpinned-image", 8],
      ["pinned:build/Dockerfile:10", "unpinned-image", 10],
      ["pinned:docker-compose.yml:3", "unpinned-image", 3],
      ["pinned:docker-compose.yml:9", "unpinned-image", 9],
      ["pinned:k8s/web.yaml:11", "unpinned-image", 11],
      ["pinned:k8s/web.yaml:13", "unpinned-image", 13],
    ]);
    const byLine = Object.fromEntries(results.map((r) => [`${r.file}:${r.line}`, r.message]));
    expect(byLine["build/Dockerfile:8"]).toContain('"alpine:3.20" is referenced by a tag without a digest');
    expect(byLine["build/Dockerfile:10"]).toContain("build arg RUNTIME without a default");
    expect(byLine["docker-compose.yml:3"]).toContain('"ghcr.io/acme/api:1.2.3"');
    expect(byLine["docker-compose.yml:9"]).toContain('"redis:7"');
    expect(byLine["k8s/web.yaml:11"]).toContain("registry.example.test:5000/web:latest");
    expect(byLine["k8s/web.yaml:13"]).toContain('has no tag, so it means the mutable "latest"');
  });

  it("passes when everything is pinned or allowed; no file at all is no-files", async () => {
    const ok = await runPreflight(
      configWith(
        '  - { id: pinned, type: images-pinned, files: [k8s/*.yaml], allow: ["localhost/*", envoyproxy/envoy, "registry.example.test:5000/*"] }\n',
      ),
      { "prod.env": "", "k8s/web.yaml": k8s },
    );
    expect(ok.results).toEqual([expect.objectContaining({ id: "pinned", verdict: "passed" })]);
    expect(ok.results[0].message).toBe("all 4 image references are pinned by digest");
    const none = await runPreflight(configWith("  - { id: pinned, type: images-pinned, files: [k8s/*.yaml] }\n"), {
      "prod.env": "",
    });
    expect(none.results[0]).toMatchObject({ verdict: "no-files", status: "fail" });
  });

  it("a compose image naming a variable the environment lacks is unpinned, never guessed", async () => {
    const { results } = await runPreflight(
      configWith('  - { id: pinned, type: images-pinned, files: ["docker-compose.yml", "k8s/*.yaml"] }\n'),
      {
        "prod.env": "",
        "docker-compose.yml": "services:\n  api:\n    image: ${API_IMAGE}\n",
        "k8s/pod.yaml": 'kind: Pod\nspec:\n  containers:\n    - { name: a, image: "${WEB_IMAGE}" }\n',
      },
    );
    expect(results[1]).toMatchObject({ verdict: "unpinned-image", file: "k8s/pod.yaml", line: 4 });
    expect(results[0]).toMatchObject({ verdict: "unpinned-image", line: 3 });
    expect(results[0].message).toContain('uses API_IMAGE, which environment "production" does not define');
  });

  it("finds Dockerfiles by their usual names", async () => {
    const { results } = await runPreflight(
      configWith('  - { id: pinned, type: images-pinned, files: ["docker/*"] }\n'),
      {
        "prod.env": "",
        "docker/Dockerfile.prod": "FROM node:20\n",
        "docker/api.Dockerfile": "FROM node:20\n",
        "docker/Containerfile": "FROM node:20\n",
      },
    );
    expect(results.map((r) => r.file)).toEqual([
      "docker/Containerfile",
      "docker/Dockerfile.prod",
      "docker/api.Dockerfile",
    ]);
    expect(results.every((r) => r.verdict === "unpinned-image")).toBe(true);
  });

  it("reads Dockerfile FROM lines: flags, stages, scratch, ARG defaults and continuations", () => {
    expect(dockerfileImages(dockerfile, "Dockerfile").map((r) => [r.image, r.line, Boolean(r.unknown)])).toEqual([
      [`golang:1.22@${DIGEST}`, 4, false],
      ["alpine:3.20", 8, false],
      ["${RUNTIME}", 10, true],
    ]);
    expect(isPinned(`a/b:1@${DIGEST}`)).toBe(true);
    expect(isPinned(`a/b@${DIGEST}`)).toBe(true);
    expect(isPinned("a/b:1@sha256:abc")).toBe(false);
    expect(imageName("registry:5000/app:1.2")).toBe("registry:5000/app");
    expect(imageName("registry:5000/app")).toBe("registry:5000/app");
  });
});
