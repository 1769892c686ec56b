import type { Scene } from "../scene.js";
import { replay } from "../scene.js";

const config = `version: 1
environments:
  staging:
    variables: [{ dotenv: deploy/staging.env }]
  production:
    variables: [{ dotenv: deploy/production.env }]
preflight:
  - id: env
    type: env
    required: [AMI_ID]
    parity_with: staging
    patterns: { AMI_ID: "^ami-[0-9a-f]{8,17}$" }
`;

// GoInstance again: the deploy brought a security group that existed only in staging.
export const stagingOnlyValues: Scene = {
  incident: 2,
  title: "variable in staging, not production",
  stage: "preflight",
  verdict: "parity-gap",
  id: "env:SECURITY_GROUP",
  play: (kit) =>
    replay(kit, stagingOnlyValues, {
      command: "preflight",
      files: {
        ".github/deploy-gate.yml": config,
        "deploy/staging.env": "AMI_ID=ami-0a1b2c3d4e5f60718\n",
        "deploy/production.env": "AMI_ID=ami-0a1b2c3d4e5f60718\n",
      },
      fault: { "deploy/staging.env": "AMI_ID=ami-0a1b2c3d4e5f60718\nSECURITY_GROUP=sg-0123456789abcdef0\n" },
      fix: { "deploy/production.env": "AMI_ID=ami-0a1b2c3d4e5f60718\nSECURITY_GROUP=sg-0fedcba9876543210\n" },
    }),
};
