import type { Scene } from "../scene.js";
import { replay } from "../scene.js";

const config = `version: 1
environments:
  production:
    variables: [{ dotenv: deploy/production.env }]
preflight:
  - { id: params-tcp, type: tcp, host: "\${PARAMS_HOST}", port: "\${PARAMS_PORT}", timeout: 2s }
  - id: params-healthz
    type: http
    url: "http://\${PARAMS_HOST}:\${PARAMS_PORT}/healthz"
    expect: { status: 200, body_contains: ok }
    timeout: 2s
`;

// Secrets moved to a parameter store behind a private endpoint nobody could reach: every request 502'd.
export const unreachableEndpoint: Scene = {
  incident: 4,
  title: "parameter-store endpoint unreachable",
  stage: "preflight",
  verdict: "unreachable",
  id: "params-tcp",
  play: async (kit) => {
    const live = await kit.http({ "/healthz": { status: 200, body: '{"status":"ok"}' } });
    const dead = await kit.closedPort();
    const env = (port: number) => `PARAMS_HOST=127.0.0.1\nPARAMS_PORT=${port}\n`;
    return replay(kit, unreachableEndpoint, {
      command: "preflight",
      files: { ".github/deploy-gate.yml": config, "deploy/production.env": env(live) },
      fault: { "deploy/production.env": env(dead) },
      fix: { "deploy/production.env": env(live) },
    });
  },
};
