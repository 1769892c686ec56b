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

const crds = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: { name: web }
spec:
  strategy: { canary: { steps: [{ setWeight: 20 }] } }
  template:
    spec:
      containers: [{ name: web, image: "ghcr.io/acme/web:2.0" }]
---
apiVersion: serving.knative.dev/v1
kind: Service
metadata: { name: hello }
spec:
  template:
    spec:
      containers: [{ image: "ghcr.io/knative/helloworld-go" }]
---
apiVersion: ray.io/v1
kind: RayService
metadata: { name: serve }
spec:
  rayClusterConfig:
    headGroupSpec: { template: { spec: { containers: [{ name: h, image: "rayproject/ray:2.9.0" }] } } }
    workerGroupSpecs:
      - { groupName: g, template: { spec: { containers: [{ name: w, image: "rayproject/ray:2.9.1" }] } } }
---
apiVersion: ray.io/v1
kind: RayJob
metadata: { name: job }
spec:
  rayClusterSpec:
    headGroupSpec: { template: { spec: { containers: [{ name: h, image: "rayproject/ray:2.9.2" }] } } }
  submitterPodTemplate: { spec: { containers: [{ name: s, image: "rayproject/ray:2.9.3" }] } }
---
apiVersion: leaderworkerset.x-k8s.io/v1
kind: LeaderWorkerSet
metadata: { name: vllm }
spec:
  leaderWorkerTemplate:
    size: 2
    leaderTemplate: { spec: { containers: [{ name: l, image: "vllm/vllm-openai:v0.6.0" }] } }
    workerTemplate: { spec: { containers: [{ name: w, image: "vllm/vllm-openai:v0.6.1" }] } }
---
apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata: { name: ci }
spec:
  templates:
    - name: build
      container: { image: "golang:1.22" }
    - name: lint
      script: { image: "python:3.12", source: "print(1)" }
      sidecars: [{ name: dind, image: "docker:27-dind" }]
    - name: many
      containerSet: { containers: [{ name: a, image: "alpine:3.20" }] }
`;

describe("images-pinned in custom resources and every Dockerfile", () => {
  it("checks images in Argo Rollouts, Knative Services, KubeRay, LeaderWorkerSet and Argo workflow templates", async () => {
    const { results } = await runPreflight(
      configWith('  - { id: pinned, type: images-pinned, files: ["crds.yaml"] }\n'),
      { "prod.env": "", "crds.yaml": crds },
    );
    expect(results.map((r) => r.line)).toEqual([8, 16, 23, 25, 32, 33, 41, 42, 50, 52, 53, 55]);
    expect(results.every((r) => r.verdict === "unpinned-image")).toBe(true);
    expect(results[3].message).toContain(
      'RayService serve, spec.rayClusterConfig.workerGroupSpecs[0].template.spec.containers[0]: image "rayproject/ray:2.9.1"',
    );
    expect(results[7].message).toContain(
      "LeaderWorkerSet vllm, spec.leaderWorkerTemplate.workerTemplate.spec.containers[0]",
    );
    expect(results[10].message).toContain("WorkflowTemplate ci, spec.templates[1].sidecars[0]");
  });

  it("Dockerfile-x, Dockerfile_x, x.Dockerfile and Containerfile are Dockerfiles; a .dockerignore is not read", async () => {
    const { results } = await runPreflight(
      configWith('  - { id: pinned, type: images-pinned, files: ["docker/*"] }\n'),
      {
        "prod.env": "",
        "docker/Dockerfile-dev": "FROM node:20\n",
        "docker/Dockerfile_ci": "# a comment: not YAML\nFROM node:21\n",
        "docker/web.Dockerfile": "FROM node:22 AS base\n",
        "docker/Containerfile": "FROM fedora:40\n",
        "docker/Dockerfile.dockerignore": "*.md\n**/node_modules\n",
      },
    );
    expect(results.map((r) => [r.file, r.verdict])).toEqual([
      ["docker/Containerfile", "unpinned-image"],
      ["docker/Dockerfile-dev", "unpinned-image"],
      ["docker/Dockerfile_ci", "unpinned-image"],
      ["docker/web.Dockerfile", "unpinned-image"],
    ]);
  });

  it("honours `# escape=`, skips here-document bodies, and checks COPY --from and RUN --mount images, not stages", () => {
    const windows =
      "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022 `\n  AS base\nCOPY x C:\\\nFROM mcr.microsoft.com/dotnet/sdk:8.0\n";
    expect(dockerfileImages(windows, "Dockerfile").map((r) => [r.image, r.line])).toEqual([
      ["mcr.microsoft.com/windows/servercore:ltsc2022", 2],
      ["mcr.microsoft.com/dotnet/sdk:8.0", 5],
    ]);
    const heredoc = [
      "FROM alpine:3.20 AS build",
      "RUN <<EOF",
      "FROM not-an-image:1",
      "EOF",
      "COPY <<-'END' <<CONF /etc/",
      "\tFROM also-not:1",
      "\tEND",
      "FROM still-not:2",
      "CONF",
      'RUN cat <<<"FROM here-string:1"',
      "ARG TOOLS=ghcr.io/acme/tools:3",
      "COPY --from=build /out /out",
      "COPY --from=0 /out /out",
      "COPY --from=nginx:1.27 /etc/nginx /etc/nginx",
      "COPY --link --from=${TOOLS} /bin/tool /bin/",
      "RUN --mount=type=bind,from=build,target=/src --mount=type=cache,target=/root/.cache \\",
      "    --mount=type=bind,from=golang:1.22,source=/usr/local/go,target=/go make",
      "FROM build",
    ].join("\n");
    expect(dockerfileImages(heredoc, "Dockerfile").map((r) => [r.image, r.line, r.from])).toEqual([
      ["alpine:3.20", 1, undefined],
      ["nginx:1.27", 14, "COPY --from"],
      ["ghcr.io/acme/tools:3", 15, "COPY --from"],
      ["golang:1.22", 16, "RUN --mount from"],
    ]);
  });
});
