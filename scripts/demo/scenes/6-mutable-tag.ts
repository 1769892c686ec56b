import type { Scene } from "../scene.js";
import { replay } from "../scene.js";

const config = `version: 1
environments:
  production:
    variables: [{ dotenv: deploy/production.env }]
artifacts:
  - { name: web, image: "\${WEB_IMAGE}", inputs: ["web/**"] }
`;

// A service tracked the mutable `latest` tag; a restart pulled an image nobody had released.
export const mutableTag: Scene = {
  incident: 6,
  title: "service tracks the latest tag",
  stage: "artifacts",
  verdict: "mutable-ref",
  id: "web",
  play: (kit) =>
    replay(kit, mutableTag, {
      command: "artifacts",
      files: {
        ".github/deploy-gate.yml": config,
        "web/index.html": "<h1>web</h1>\n",
        "deploy/production.env": `WEB_IMAGE=registry.example.com/web:1.4.0@sha256:${"4f".repeat(32)}\n`,
      },
      fault: {
        "web/index.html": "<h1>web 1.5</h1>\n",
        "deploy/production.env": "WEB_IMAGE=registry.example.com/web:latest\n",
      },
      fix: { "deploy/production.env": `WEB_IMAGE=registry.example.com/web:1.5.0@sha256:${"9c".repeat(32)}\n` },
    }),
};
