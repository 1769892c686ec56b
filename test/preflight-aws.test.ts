import { createServer, type Socket } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { clientEnv, MOTO_ACCOUNT, type MotoServer, seeder, startMoto } from "../scripts/moto-server.js";
import { parseConfig } from "../src/core/config/load.js";
import { awsValues, parameterName } from "../src/core/preflight/aws/resources.js";
import { configWith, runPreflight } from "./helpers/preflight.js";
import { closedPort } from "./helpers/servers.js";

// The SDK's default credential chain reads the process environment: the tests set it as the
// runner's job environment would be set by aws-actions/configure-aws-credentials.
const saved = { ...process.env };
let moto: MotoServer;

beforeAll(async () => {
  moto = await startMoto();
  Object.assign(process.env, clientEnv(moto), {
    AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/credentials",
    AWS_CONFIG_FILE: "/nonexistent/config",
  });
});
afterAll(async () => {
  await moto?.stop();
  process.env = saved;
});
beforeEach(async () => {
  await moto.reset();
});

const MISSING_AMI = "ami-0123456789abcdef0";
const MISSING_SG = "sg-0123456789abcdef0";
const MISSING_SUBNET = "subnet-0123456789abcdef0";

/** staging's account as production lacks it: an AMI, groups, a subnet, a parameter and a secret each present and absent. */
async function seedAccount() {
  const seed = await seeder(moto);
  const vpc = await seed.vpc();
  const image = await seed.image("goinstance");
  const group = await seed.securityGroup("web", vpc);
  const subnet = await seed.subnet(vpc, "10.1.1.0/24");
  await seed.parameter("/app/prod/api-key");
  await seed.secret("prod/db");
  await moto.clearRecording();
  return { vpc, image, group, subnet };
}

const awsCheck = (body: string) => `  - id: aws-resources\n    type: aws\n    region: us-east-1\n${body}`;

const byId = (results: { id: string; verdict: string }[]) => Object.fromEntries(results.map((r) => [r.id, r.verdict]));

describe("aws: every resource a deploy names exists in the target account", () => {
  it("finds a missing AMI, security group (by id and by name), subnet, parameter and secret, one result each", async () => {
    const { vpc, image, group, subnet } = await seedAccount();
    const { results } = await runPreflight(
      configWith(
        awsCheck(`    exists:
      - ec2-image: \${AMI_ID}
      - ec2-image: \${OLD_AMI}
      - security-group: \${SG_ID}
      - security-group: ${MISSING_SG}
      - security-group: web
        vpc: \${VPC_ID}
      - security-group: api
        vpc: \${VPC_ID}
      - subnet: \${SUBNET_ID}
      - subnet: ${MISSING_SUBNET}
      - ssm-parameter: /app/prod/api-key
      - ssm-parameter: /app/prod/renamed-key
      - secret: prod/db
      - secret: prod/old-db
`),
      ),
      {
        "prod.env": `AMI_ID=${image}\nOLD_AMI=${MISSING_AMI}\nSG_ID=${group}\nVPC_ID=${vpc}\nSUBNET_ID=${subnet}\n`,
      },
    );
    expect(byId(results)).toEqual({
      [`aws-resources:ec2-image:${image}`]: "passed",
      [`aws-resources:ec2-image:${MISSING_AMI}`]: "missing-resource",
      [`aws-resources:security-group:${group}`]: "passed",
      [`aws-resources:security-group:${MISSING_SG}`]: "missing-resource",
      [`aws-resources:security-group:${vpc}/web`]: "passed",
      [`aws-resources:security-group:${vpc}/api`]: "missing-resource",
      [`aws-resources:subnet:${subnet}`]: "passed",
      [`aws-resources:subnet:${MISSING_SUBNET}`]: "missing-resource",
      "aws-resources:ssm-parameter:/app/prod/api-key": "passed",
      "aws-resources:ssm-parameter:/app/prod/renamed-key": "missing-resource",
      "aws-resources:secret:prod/db": "passed",
      "aws-resources:secret:prod/old-db": "missing-resource",
    });
    const ami = results.find((r) => r.id === `aws-resources:ec2-image:${MISSING_AMI}`);
    // The kind, the id and the variable it came from, and the line that set it.
    expect(ami?.message).toBe(
      `AMI ${MISSING_AMI} (from OLD_AMI, prod.env:2) does not exist in EC2 in us-east-1 for these credentials; create it there, or fix the value`,
    );
    expect(ami).toMatchObject({ status: "fail", file: "prod.env", line: 2 });
    expect(results.find((r) => r.id.endsWith(`${vpc}/api`))?.message).toContain(`security group "api" in ${vpc}`);
  });

  it("batches: one call per kind (per VPC for group names, per 50 parameters), DescribeSecret per secret, and never a value", async () => {
    const { vpc, image, group, subnet } = await seedAccount();
    const parameters = Array.from({ length: 120 }, (_, i) => `      - ssm-parameter: /app/prod/p${i}\n`).join("");
    await runPreflight(
      configWith(
        awsCheck(`    exists:
      - ec2-image: ${image}
      - ec2-image: ${MISSING_AMI}
      - security-group: ${group}
      - security-group: ${MISSING_SG}
      - { security-group: web, vpc: ${vpc} }
      - { security-group: api, vpc: ${vpc} }
      - subnet: ${subnet}
      - subnet: ${MISSING_SUBNET}
      - ssm-parameter: /app/prod/api-key
${parameters}      - secret: prod/db
      - secret: prod/old-db
`),
      ),
      { "prod.env": "" },
    );
    const calls = await moto.requests();
    const counts: Record<string, number> = {};
    for (const call of calls) counts[call] = (counts[call] ?? 0) + 1;
    expect(counts).toEqual({
      "ec2:DescribeImages": 1,
      "ec2:DescribeSecurityGroups": 2,
      "ec2:DescribeSubnets": 1,
      "ssm:DescribeParameters": 3,
      "secretsmanager:DescribeSecret": 2,
    });
    expect(calls.filter((c) => /GetParameter|GetSecretValue/.test(c))).toEqual([]);
  });

  it("discover: every variable holding AWS-looking values (lists too) is checked once, naming each variable", async () => {
    const { vpc, image, group, subnet } = await seedAccount();
    const secretArn = await (await seeder(moto)).secret("prod/token");
    const { results } = await runPreflight(
      configWith(awsCheck(`    discover: true\n    exists:\n      - ec2-image: \${AMI_ID}\n`)),
      {
        "prod.env": [
          `AMI_ID=${image}`,
          `LAUNCH_AMI=${image}`,
          `SECURITY_GROUPS=${group},${MISSING_SG}`,
          `SUBNET=${subnet}`,
          `VPC=${vpc}`,
          `TOKEN_ARN=${secretArn}`,
          "KEY_ARN=arn:aws:ssm:us-east-1:123456789012:parameter/app/prod/api-key",
          "GONE_ARN=arn:aws:ssm:us-east-1:123456789012:parameter/app/prod/gone",
          "GREETING=ami-not-an-id and words",
          "",
        ].join("\n"),
      },
    );
    expect(byId(results)).toEqual({
      [`aws-resources:ec2-image:${image}`]: "passed",
      [`aws-resources:security-group:${group}`]: "passed",
      [`aws-resources:security-group:${MISSING_SG}`]: "missing-resource",
      [`aws-resources:subnet:${subnet}`]: "passed",
      [`aws-resources:vpc:${vpc}`]: "passed",
      [`aws-resources:secret:${secretArn}`]: "passed",
      "aws-resources:ssm-parameter:arn:aws:ssm:us-east-1:123456789012:parameter/app/prod/api-key": "passed",
      "aws-resources:ssm-parameter:arn:aws:ssm:us-east-1:123456789012:parameter/app/prod/gone": "missing-resource",
    });
    expect(results.find((r) => r.id.endsWith(MISSING_SG))?.message).toContain("(from SECURITY_GROUPS, prod.env:3)");
  });

  it("resource-unavailable: a secret scheduled for deletion exists but cannot be used", async () => {
    const seed = await seeder(moto);
    await seed.secret("prod/retired");
    await seed.scheduleDeletion("prod/retired");
    const { results } = await runPreflight(configWith(awsCheck("    exists: [{ secret: prod/retired }]\n")), {
      "prod.env": "",
    });
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ id: "aws-resources:secret:prod/retired", verdict: "resource-unavailable" });
    expect(results[0].message).toMatch(
      /^secret prod\/retired exists but it is scheduled for deletion on \d{4}-\d\d-\d\d$/,
    );
  });

  it("an entry naming a variable the environment lacks is missing-variable for that entry; the others are checked", async () => {
    const { image } = await seedAccount();
    const { results } = await runPreflight(
      configWith(awsCheck(`    exists:\n      - ec2-image: \${AMI_ID}\n      - subnet: \${PROD_SUBNET}\n`)),
      { "prod.env": `AMI_ID=${image}\n` },
    );
    expect(byId(results)).toEqual({
      "aws-resources:subnet:${PROD_SUBNET}": "missing-variable",
      [`aws-resources:ec2-image:${image}`]: "passed",
    });
    expect(results[0].message).toContain('uses ${PROD_SUBNET}, which environment "production" does not define');
  });

  it("an empty value, or a group name whose VPC came out empty, is a fail, never a call", async () => {
    const { results } = await runPreflight(
      configWith(
        awsCheck(`    exists:\n      - ec2-image: \${AMI_ID}\n      - { security-group: web, vpc: "\${VPC_ID}" }\n`),
      ),
      { "prod.env": "AMI_ID=\nVPC_ID=\n" },
    );
    expect(results.map((r) => [r.verdict, r.message])).toEqual([
      ["missing-resource", "the AMI  (from AMI_ID, prod.env:1) is empty; set the variable it comes from"],
      [
        "missing-resource",
        "the security group web is a name, unique only within a VPC: give `vpc:` beside it, or use its sg- id",
      ],
    ]);
    expect(await moto.requests()).toEqual([]);
  });

  it("discover finding nothing, with no `exists`, is a fail: nothing to check is not a pass", async () => {
    const { results } = await runPreflight(configWith(awsCheck("    discover: true\n")), { "prod.env": "A=1\n" });
    expect(results).toMatchObject([{ id: "aws-resources", status: "fail", verdict: "missing-resource" }]);
  });

  it("an endpoint nothing listens on is unreachable, per resource", async () => {
    const port = await closedPort();
    const { results } = await runPreflight(
      configWith(
        awsCheck(
          `    endpoint: http://127.0.0.1:${port}\n    exists: [{ ec2-image: ${MISSING_AMI} }, { secret: prod/db }]\n`,
        ),
      ),
      { "prod.env": "" },
    );
    expect(results.map((r) => r.verdict)).toEqual(["unreachable", "unreachable"]);
    expect(results[0].message).toContain("cannot reach EC2 in us-east-1 for ec2:DescribeImages (ECONNREFUSED)");
  });

  it("an endpoint that never answers is a timeout at the check's timeout", async () => {
    const sockets = new Set<Socket>();
    const server = createServer((s) => sockets.add(s));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as { port: number };
      const { results } = await runPreflight(
        configWith(
          awsCheck(
            `    timeout: 1s\n    endpoint: http://127.0.0.1:${port}\n    exists: [{ subnet: ${MISSING_SUBNET} }]\n`,
          ),
        ),
        { "prod.env": "" },
      );
      expect(results).toMatchObject([{ id: "aws-resources", verdict: "timeout" }]);
    } finally {
      for (const s of sockets) s.destroy();
      server.close();
    }
  });

  it("no credentials at all is wrong-target, and no call is made", async () => {
    const keys = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"] as const;
    const kept = keys.map((k) => process.env[k]);
    for (const k of keys) delete process.env[k];
    try {
      const { results } = await runPreflight(configWith(awsCheck(`    exists: [{ ec2-image: ${MISSING_AMI} }]\n`)), {
        "prod.env": "",
      });
      expect(results).toMatchObject([{ id: "aws-resources", status: "fail", verdict: "wrong-target" }]);
      expect(results[0].message).toContain("no AWS credentials were found");
    } finally {
      keys.forEach((k, i) => {
        if (kept[i] !== undefined) process.env[k] = kept[i];
      });
    }
    expect(await moto.requests()).toEqual([]);
  });
});

describe("aws: identity.aws_account proves the account before any check runs", () => {
  const config = (account: string) => `version: 1
environments:
  production:
    variables: [{ dotenv: prod.env }]
    identity: { aws_account: "${account}" }
preflight:
  - { id: tcp-check, type: tcp, host: 127.0.0.1, port: 9 }
`;

  it("another account is wrong-target, and no check runs", async () => {
    const { results } = await runPreflight(config("999999999999"), { "prod.env": "" });
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ id: "identity", verdict: "wrong-target" });
    expect(results[0].message).toContain(
      `the AWS credentials belong to account ${MOTO_ACCOUNT}, expected 999999999999: the checks would talk to another account; 1 check was not run`,
    );
    expect(await moto.requests()).toEqual(["sts:GetCallerIdentity"]);
  });

  it("the account expected, from a variable, passes and the checks run", async () => {
    const { results } = await runPreflight(config("${AWS_ACCOUNT_ID}"), {
      "prod.env": `AWS_ACCOUNT_ID=${MOTO_ACCOUNT}\n`,
    });
    expect(results.map((r) => [r.id, r.verdict])).toEqual([
      ["identity", "passed"],
      ["tcp-check", "unreachable"],
    ]);
  });

  it("no credentials is wrong-target too", async () => {
    const key = process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_ACCESS_KEY_ID;
    try {
      const { results } = await runPreflight(config(MOTO_ACCOUNT), { "prod.env": "" });
      expect(results).toMatchObject([{ id: "identity", verdict: "wrong-target" }]);
      expect(results[0].message).toContain("no AWS credentials were found");
    } finally {
      process.env.AWS_ACCESS_KEY_ID = key;
    }
  });
});

describe("aws: access-denied names the IAM action the role needs", () => {
  let guarded: MotoServer;
  beforeAll(async () => {
    guarded = await startMoto();
  });
  afterAll(async () => {
    await guarded?.stop();
  });

  it("a role that may describe subnets only: the AMI and the parameter are access-denied, the subnet is checked", async () => {
    await guarded.reset();
    // IAM is enforced once the three requests that make the user were served.
    await guarded.enforceIamAfter(3);
    const credentials = await iamUser(guarded, {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: ["ec2:DescribeSubnets"], Resource: "*" }],
    });
    const env = { ...process.env };
    Object.assign(process.env, clientEnv(guarded, credentials));
    try {
      const { results } = await runPreflight(
        configWith(
          awsCheck(
            `    exists: [{ ec2-image: ${MISSING_AMI} }, { subnet: ${MISSING_SUBNET} }, { ssm-parameter: /app/prod/api-key }]\n`,
          ),
        ),
        { "prod.env": "" },
      );
      expect(results.map((r) => r.verdict)).toEqual(["access-denied", "missing-resource", "access-denied"]);
      expect(results[0].message).toBe(
        `AMI ${MISSING_AMI}: the credentials may not call ec2:DescribeImages (AccessDenied); grant the role "ec2:DescribeImages" (the README lists the check's least-privilege policy)`,
      );
      expect(results[2].message).toContain('grant the role "ssm:DescribeParameters"');
    } finally {
      process.env = env;
    }
  });
});

/** An IAM user with one inline policy and an access key, made through moto's IAM query API. */
async function iamUser(server: MotoServer, policy: unknown) {
  const call = async (params: Record<string, string>) => {
    const r = await fetch(server.endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        // Moto routes by the credential scope's service; these first requests go unauthenticated.
        authorization:
          "AWS4-HMAC-SHA256 Credential=seed/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0",
      },
      body: new URLSearchParams({ Version: "2010-05-08", ...params }).toString(),
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`IAM ${params.Action}: ${r.status} ${text}`);
    return text;
  };
  await call({ Action: "CreateUser", UserName: "deployer" });
  await call({
    Action: "PutUserPolicy",
    UserName: "deployer",
    PolicyName: "gate",
    PolicyDocument: JSON.stringify(policy),
  });
  const key = await call({ Action: "CreateAccessKey", UserName: "deployer" });
  const field = (name: string) => new RegExp(`<${name}>([^<]+)</${name}>`).exec(key)?.[1] as string;
  return { accessKeyId: field("AccessKeyId"), secretAccessKey: field("SecretAccessKey") };
}

describe("aws: the config", () => {
  const invalid = (check: string) => () => parseConfig(configWith(awsCheck(check)), ".github/deploy-gate.yml");

  it("each `exists` entry names exactly one kind; `vpc` goes only beside a group name, which needs it", () => {
    expect(invalid("    exists: [{ subnet: a, secret: b }]\n")).toThrow(/exactly one kind.*not subnet and secret/);
    expect(invalid("    exists: [{ vpc: vpc-1 }]\n")).toThrow(/exactly one kind/);
    expect(invalid("    exists: [{ subnet: a, vpc: vpc-1 }]\n")).toThrow(
      /`vpc` goes only beside a `security-group` name/,
    );
    expect(invalid("    exists: [{ security-group: web }]\n")).toThrow(/is a name, unique only within a VPC/);
    expect(invalid("    exists: [{ security-group: web, vpc: vpc-1 }]\n")).not.toThrow();
    expect(invalid("    exists: [{ security-group: sg-0123abcd }]\n")).not.toThrow();
    expect(invalid("    exists: [{ security-group: '${SG}' }]\n")).not.toThrow();
  });

  it("an aws check with neither `exists` nor `discover` is refused", () => {
    expect(invalid("    discover: false\n")).toThrow(/list resources under `exists`, or set `discover: true`/);
  });

  it("identity takes `run` with `equals`, or `aws_account` (12 digits or a variable), not both", () => {
    const withIdentity = (identity: string) => () =>
      parseConfig(`version: 1\nenvironments:\n  production:\n    identity: ${identity}\n`, "c.yml");
    expect(withIdentity("{ aws_account: '123456789012' }")).not.toThrow();
    expect(withIdentity("{ aws_account: '${ACCOUNT}' }")).not.toThrow();
    expect(withIdentity("{ aws_account: '1234' }")).toThrow(/12-digit AWS account id/);
    expect(withIdentity("{ run: 'echo x', aws_account: '123456789012' }")).toThrow(/exactly one of `run`/);
    expect(withIdentity("{ run: 'echo x' }")).toThrow(/`run` needs `equals`/);
    expect(withIdentity("{ run: 'echo x', equals: x, region: eu-west-1 }")).toThrow(/go with `aws_account` only/);
  });
});

describe("aws: what looks like an AWS id", () => {
  it("ids of 8 or 17 hex digits, SSM and Secrets Manager ARNs; a list only when every item is one", () => {
    expect(awsValues("ami-0123456789abcdef0")).toEqual([{ kind: "ec2-image", id: "ami-0123456789abcdef0" }]);
    expect(awsValues("sg-01234567, sg-89abcdef")).toEqual([
      { kind: "security-group", id: "sg-01234567" },
      { kind: "security-group", id: "sg-89abcdef" },
    ]);
    expect(awsValues("sg-01234567,web")).toEqual([]);
    expect(awsValues("ami-0123456")).toEqual([]);
    expect(awsValues("subnet-0123456789ABCDEF0")).toEqual([]);
    expect(awsValues("")).toEqual([]);
    expect(awsValues("arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:db-AbCdEf")).toHaveLength(1);
    expect(awsValues("arn:aws:s3:::bucket")).toEqual([]);
  });

  it("an SSM ARN names the parameter DescribeParameters filters on", () => {
    expect(parameterName("arn:aws:ssm:eu-west-1:123456789012:parameter/app/prod/key")).toBe("/app/prod/key");
    expect(parameterName("arn:aws:ssm:eu-west-1:123456789012:parameter/plain")).toBe("plain");
    expect(parameterName("/app/prod/key")).toBe("/app/prod/key");
  });
});
