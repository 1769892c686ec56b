import { clientEnv, motoCommand, seeder, startMoto } from "../../moto-server.js";
import type { Scene } from "../scene.js";
import { replay } from "../scene.js";

const config = `version: 1
environments:
  production:
    variables: [{ dotenv: deploy/production.env }]
preflight:
  - id: aws-resources
    type: aws
    region: us-east-1
    discover: true
`;

// GoInstance, as AWS sees it: the deploy brought the AMI and the security group staging had, and
// production's account has neither. Played against moto (a local AWS API) as production's account.
export const goinstanceAws: Scene = {
  incident: 10,
  title: "AMI and security group only in staging's account",
  stage: "preflight (`aws`)",
  verdict: "missing-resource",
  id: "aws-resources",
  play: async (kit) => {
    const none = { faultyExit: Number.NaN, fixedExit: Number.NaN };
    if (!motoCommand()) return { ...none, notRun: "needs python3 with moto" };
    const moto = await startMoto();
    kit.onClose(() => moto.stop());
    const production = await seeder(moto);
    const vpc = await production.vpc();
    const ami = await production.image("goinstance-1.8.0");
    const group = await production.securityGroup("goinstance", vpc);
    const values = (image: string, sg: string) => `AMI_ID=${image}\nSECURITY_GROUP=${sg}\nVPC_ID=${vpc}\n`;
    const outcome = await replay(kit, goinstanceAws, {
      command: "preflight",
      env: clientEnv(moto),
      files: { ".github/deploy-gate.yml": config, "deploy/production.env": values(ami, group) },
      // Staging's ids: they exist only in the other account.
      fault: { "deploy/production.env": values("ami-0a1b2c3d4e5f60718", "sg-0123456789abcdef0") },
      fix: { "deploy/production.env": values(ami, group) },
    });
    // The gate must name both, not stop at the first.
    const named = (outcome.found ?? []).map((r) => r.id).join(" ");
    const both = named.includes("ec2-image:ami-0a1b2c3d4e5f60718") && named.includes("sg-0123456789abcdef0");
    return both ? outcome : { ...outcome, caught: undefined };
  },
};
