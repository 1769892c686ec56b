import { API_KEY } from "../kit.js";
import type { Scene } from "../scene.js";
import { replay } from "../scene.js";

const config = `version: 1
environments:
  production:
    variables: [{ dotenv: deploy/production.env }]
    secrets: [API_KEY]
preflight:
  - { id: env, type: env, required: [API_KEY] }
`;

// A masked parameter was re-submitted as the literal `****`, replacing the real API key.
export const placeholderValue: Scene = {
  incident: 5,
  title: "API key re-submitted as ****",
  stage: "preflight",
  verdict: "placeholder-value",
  id: "env:API_KEY",
  play: (kit) =>
    replay(kit, placeholderValue, {
      command: "preflight",
      files: { ".github/deploy-gate.yml": config, "deploy/production.env": `API_KEY=${API_KEY}\n` },
      fault: { "deploy/production.env": "API_KEY=****\n" },
      fix: { "deploy/production.env": `API_KEY=${API_KEY}\n` },
    }),
};
