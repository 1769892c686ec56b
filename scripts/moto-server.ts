// A real local AWS API for the aws check's tests, demo scene and benchmark: moto's server on
// 127.0.0.1, on a free port, started as its own process and stopped by its pid. Nothing here
// reaches AWS: every client made from `clientEnv` talks to this server.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port.js";

export interface MotoServer {
  endpoint: string;
  pid: number;
  /** Forgets every resource (`POST /moto-api/reset`) and the recording, so each test starts from an empty account. */
  reset(): Promise<void>;
  /** Moto enforces IAM policies once `count` more requests were served (`POST /moto-api/reset-auth`). */
  enforceIamAfter(count: number): Promise<void>;
  /** Forgets the requests recorded so far (the seeding), keeping the resources. */
  clearRecording(): Promise<void>;
  /** Every AWS action moto was asked for since the recording was last cleared, in order ("ec2:DescribeImages"). */
  requests(): Promise<string[]>;
  stop(): Promise<void>;
}

/** The account moto answers for when no other is configured. */
export const MOTO_ACCOUNT = "123456789012";

/** How moto can be started here: `moto_server`, else `python3 -m moto.server`; undefined when neither works. */
export function motoCommand(): string[] | undefined {
  const candidates = [["moto_server"], ["python3", "-m", "moto.server"]];
  return candidates.find((argv) => spawnSync(argv[0], [...argv.slice(1), "--help"], { stdio: "ignore" }).status === 0);
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });

/** Starts moto and waits (at most 30 s) until it answers; `env` adds to moto's environment. */
export async function startMoto(env: Record<string, string> = {}): Promise<MotoServer> {
  const argv = motoCommand();
  if (!argv) throw new Error("moto is not installed: `pip install 'moto[server]'` (python3 -m moto.server must run)");
  const port = await freePort();
  const scratch = mkdtempSync(join(tmpdir(), "deploy-gate-moto-"));
  const child = spawn(argv[0], [...argv.slice(1), "-H", "127.0.0.1", "-p", String(port)], {
    stdio: ["ignore", "ignore", "pipe"],
    // Moto records every request it serves into a file: how tests prove which calls were made.
    env: {
      ...process.env,
      MOTO_ENABLE_RECORDING: "true",
      MOTO_RECORDER_FILEPATH: join(scratch, "recording"),
      ...env,
    },
    cwd: scratch,
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid) process.kill(child.pid, "SIGTERM");
    await exited(child);
    rmSync(scratch, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto exited (${child.exitCode}) before answering: ${stderr.trim()}`);
    try {
      const r = await fetch(`${endpoint}/moto-api/data.json`, { signal: AbortSignal.timeout(1000) });
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`moto did not answer on ${endpoint} within 30 s: ${stderr.trim()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const post = async (path: string, body?: string) => {
    const r = await fetch(`${endpoint}${path}`, { method: "POST", body, signal: AbortSignal.timeout(10_000) });
    if (!r.ok) throw new Error(`moto answered ${r.status} to ${path}`);
  };
  const clearRecording = () => post("/moto-api/recorder/reset-recording");
  await warmUp(endpoint);
  await clearRecording();
  return {
    endpoint,
    pid: child.pid as number,
    async reset() {
      await post("/moto-api/reset");
      await clearRecording();
    },
    clearRecording,
    enforceIamAfter: (count) => post("/moto-api/reset-auth", String(count)),
    async requests() {
      const r = await fetch(`${endpoint}/moto-api/recorder/download-recording`, {
        signal: AbortSignal.timeout(10_000),
      });
      return parseRecording(await r.text());
    },
    stop,
  };
}

/**
 * Moto loads each service's code on its first request, which takes seconds on a busy machine: one
 * request per service the gate uses, answered or refused, so no check's timeout pays for it.
 */
async function warmUp(endpoint: string): Promise<void> {
  const scope = (service: string) =>
    `AWS4-HMAC-SHA256 Credential=warmup/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=0`;
  const query = (service: string, body: string) => ({
    headers: { authorization: scope(service), "content-type": "application/x-www-form-urlencoded" },
    body,
  });
  const json = (service: string, target: string) => ({
    headers: { authorization: scope(service), "content-type": "application/x-amz-json-1.1", "x-amz-target": target },
    body: "{}",
  });
  const requests = [
    query("ec2", "Action=DescribeRegions&Version=2016-11-15"),
    query("sts", "Action=GetCallerIdentity&Version=2011-06-15"),
    query("iam", "Action=ListUsers&Version=2010-05-08"),
    json("ssm", "AmazonSSM.DescribeParameters"),
    json("secretsmanager", "secretsmanager.ListSecrets"),
  ];
  await Promise.all(
    requests.map((r) =>
      fetch(endpoint, { method: "POST", ...r, signal: AbortSignal.timeout(60_000) }).then(
        (response) => response.arrayBuffer(),
        () => undefined,
      ),
    ),
  );
}

/** Moto's recording: one JSON object per line, each the request as it came in. */
function parseRecording(text: string): string[] {
  const actions: string[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    const entry = JSON.parse(line) as { headers?: Record<string, string>; body?: string; body_encoded?: boolean };
    const body = entry.body_encoded ? Buffer.from(entry.body ?? "", "base64").toString("utf8") : (entry.body ?? "");
    const target = entry.headers?.["X-Amz-Target"] ?? entry.headers?.["x-amz-target"];
    const service = /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(entry.headers?.Authorization ?? "")?.[1] ?? "?";
    if (target) {
      // JSON protocols (SSM, Secrets Manager): "AmazonSSM.DescribeParameters".
      actions.push(`${service}:${target.split(".").pop()}`);
      continue;
    }
    // Query protocols (EC2, STS): Action=DescribeImages in the form body.
    const action = new URLSearchParams(body).get("Action");
    if (action) actions.push(`${service}:${action}`);
  }
  return actions;
}

/** What a process needs to talk to this moto: fake credentials, a region, no metadata probes. */
export function clientEnv(moto: Pick<MotoServer, "endpoint">, credentials = FAKE_CREDENTIALS): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    ...(credentials.sessionToken ? { AWS_SESSION_TOKEN: credentials.sessionToken } : {}),
    AWS_REGION: "us-east-1",
    AWS_ENDPOINT_URL: moto.endpoint,
    AWS_EC2_METADATA_DISABLED: "true",
  };
}

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export const FAKE_CREDENTIALS: Credentials = { accessKeyId: "testing", secretAccessKey: "testing" };

/** Seeds moto through its AWS API, as the resources would be made in a real account. */
export async function seeder(moto: Pick<MotoServer, "endpoint">, region = "us-east-1") {
  const { EC2Client, RegisterImageCommand, CreateVpcCommand, CreateSecurityGroupCommand, CreateSubnetCommand } =
    await import("@aws-sdk/client-ec2");
  const { SSMClient, PutParameterCommand } = await import("@aws-sdk/client-ssm");
  const { SecretsManagerClient, CreateSecretCommand, DeleteSecretCommand } = await import(
    "@aws-sdk/client-secrets-manager"
  );
  // The SDK's Node 22 notice would land in the test and demo output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  const config = { region, endpoint: moto.endpoint, credentials: FAKE_CREDENTIALS };
  const ec2 = new EC2Client(config);
  const ssm = new SSMClient(config);
  const secrets = new SecretsManagerClient(config);
  return {
    async image(name: string): Promise<string> {
      const r = await ec2.send(new RegisterImageCommand({ Name: name, RootDeviceName: "/dev/sda1" }));
      return r.ImageId as string;
    },
    async vpc(cidr = "10.1.0.0/16"): Promise<string> {
      return (await ec2.send(new CreateVpcCommand({ CidrBlock: cidr }))).Vpc?.VpcId as string;
    },
    async securityGroup(name: string, vpc: string): Promise<string> {
      const r = await ec2.send(new CreateSecurityGroupCommand({ GroupName: name, Description: name, VpcId: vpc }));
      return r.GroupId as string;
    },
    async subnet(vpc: string, cidr: string): Promise<string> {
      return (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: cidr }))).Subnet?.SubnetId as string;
    },
    async parameter(name: string, value = "seeded-value"): Promise<void> {
      await ssm.send(new PutParameterCommand({ Name: name, Value: value, Type: "SecureString" }));
    },
    async secret(name: string, value = "seeded-secret"): Promise<string> {
      return (await secrets.send(new CreateSecretCommand({ Name: name, SecretString: value }))).ARN as string;
    },
    async scheduleDeletion(name: string): Promise<void> {
      await secrets.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 7 }));
    },
  };
}
