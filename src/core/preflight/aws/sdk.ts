// The one module that imports the AWS SDK. It is loaded with import() only when a config uses
// `aws` (an `aws` check or `identity.aws_account`), so esbuild puts it and the SDK in a chunk of
// their own and every other run pays nothing for them. Calls only describe: no GetParameter*, no
// GetSecretValue (test/preflight-aws.test.ts asserts it on moto's recording of the requests).
import {
  DescribeImagesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
  type Filter,
} from "@aws-sdk/client-ec2";
import { DescribeSecretCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { DescribeParametersCommand, SSMClient } from "@aws-sdk/client-ssm";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";

// On Node 20 the SDK warns on stderr about its future Node 22 requirement: the gate's output leaves
// only through its masked front ends, never by a library's own print.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

export type Service = "ec2" | "ssm" | "secretsmanager" | "sts";

export interface AwsSettings {
  /** The SDK's own (AWS_REGION, the profile) when absent. */
  region?: string;
  /** Per service: the check's `endpoint`, else AWS_ENDPOINT_URL_<SERVICE>, else AWS_ENDPOINT_URL. */
  endpoints: Partial<Record<Service, string>>;
  signal: AbortSignal;
  timeoutMs: number;
}

/** What a describe call found of one resource: present, and why it cannot be used when it cannot. */
export interface Found {
  unavailable?: string;
}

const clientConfig = (settings: AwsSettings, service: Service) => ({
  ...(settings.region ? { region: settings.region } : {}),
  ...(settings.endpoints[service] ? { endpoint: settings.endpoints[service] } : {}),
  // The check's timeout bounds every attempt; the abort signal bounds the whole call.
  // throwOnRequestTimeout: without it the handler only logs a warning on the console and waits on.
  requestHandler: {
    connectionTimeout: Math.min(settings.timeoutMs, 5000),
    requestTimeout: settings.timeoutMs,
    throwOnRequestTimeout: true,
  },
  maxAttempts: 2,
});

/** Pages of a describe call, bounded: a NextToken that never ends cannot hold the check. */
async function pages<T extends { NextToken?: string }>(
  call: (token: string | undefined) => Promise<T>,
  maxPages = 100,
): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  do {
    const page = await call(token);
    out.push(page);
    token = page.NextToken;
  } while (token && out.length < maxPages);
  return out;
}

/** The resources a describe call listed, by the key `keyOf` reads: each present and usable. */
function present<T>(items: T[], keyOf: (item: T) => string | undefined): Map<string, Found> {
  const found = new Map<string, Found>();
  for (const item of items) {
    const key = keyOf(item);
    if (key) found.set(key, {});
  }
  return found;
}

/** The clients of one region. */
export class AwsRegion {
  private readonly clients = new Map<Service, unknown>();

  constructor(private readonly settings: AwsSettings) {}

  /** The client of `service`, made on first use: a run without that resource kind makes none. */
  private client<T>(service: Service, Client: new (config: ReturnType<typeof clientConfig>) => T): T {
    if (!this.clients.has(service)) this.clients.set(service, new Client(clientConfig(this.settings, service)));
    return this.clients.get(service) as T;
  }
  private get ec2() {
    return this.client("ec2", EC2Client);
  }
  private get ssm() {
    return this.client("ssm", SSMClient);
  }
  private get secrets() {
    return this.client("secretsmanager", SecretsManagerClient);
  }
  private get sts() {
    return this.client("sts", STSClient);
  }
  /** Every call is bounded by the check's abort signal. */
  private get bounded() {
    return { abortSignal: this.settings.signal };
  }

  /**
   * Resolves the credentials of the SDK's default chain (environment, web identity, SSO, profiles,
   * container and instance metadata) and the region, without calling any API.
   */
  async ready(): Promise<void> {
    await this.ec2.config.credentials();
    await this.ec2.config.region();
  }

  /** STS GetCallerIdentity: the account the credentials belong to. */
  async account(): Promise<string> {
    const r = await this.sts.send(new GetCallerIdentityCommand({}), this.bounded);
    return r.Account ?? "";
  }

  /** One DescribeImages for all ids: a filter, since ImageIds fails the whole call on one missing id. */
  async images(ids: string[]): Promise<Map<string, Found>> {
    const found = new Map<string, Found>();
    const result = await pages((NextToken) =>
      this.ec2.send(
        new DescribeImagesCommand({
          Filters: [{ Name: "image-id", Values: ids }],
          // Without them, an image shared with this account that is deprecated or disabled looks missing.
          IncludeDeprecated: true,
          IncludeDisabled: true,
          NextToken,
        }),
        this.bounded,
      ),
    );
    for (const image of result.flatMap((p) => p.Images ?? [])) {
      if (!image.ImageId) continue;
      found.set(
        image.ImageId,
        image.State === "available"
          ? {}
          : { unavailable: `its state is "${image.State ?? "unknown"}", not "available"` },
      );
    }
    return found;
  }

  /** Security groups by id (`sg-...`), or by name within one VPC (a name is unique only there). */
  async securityGroups(query: { ids: string[] } | { names: string[]; vpc: string }): Promise<Map<string, Found>> {
    const filters: Filter[] =
      "ids" in query
        ? [{ Name: "group-id", Values: query.ids }]
        : [
            { Name: "group-name", Values: query.names },
            { Name: "vpc-id", Values: [query.vpc] },
          ];
    const result = await pages((NextToken) =>
      this.ec2.send(new DescribeSecurityGroupsCommand({ Filters: filters, NextToken }), this.bounded),
    );
    return present(
      result.flatMap((p) => p.SecurityGroups ?? []),
      (group) => ("ids" in query ? group.GroupId : group.GroupName),
    );
  }

  async subnets(ids: string[]): Promise<Map<string, Found>> {
    const listed = await pages((NextToken) =>
      this.ec2.send(
        new DescribeSubnetsCommand({ Filters: [{ Name: "subnet-id", Values: ids }], NextToken }),
        this.bounded,
      ),
    );
    return present(
      listed.flatMap((p) => p.Subnets ?? []),
      (subnet) => subnet.SubnetId,
    );
  }

  async vpcs(ids: string[]): Promise<Map<string, Found>> {
    const listed = await pages((NextToken) =>
      this.ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: "vpc-id", Values: ids }], NextToken }), this.bounded),
    );
    return present(
      listed.flatMap((p) => p.Vpcs ?? []),
      (vpc) => vpc.VpcId,
    );
  }

  /** DescribeParameters by name: metadata only, a value is never read (no GetParameter*). */
  async parameters(names: string[]): Promise<Map<string, Found>> {
    const result = await pages((NextToken) =>
      this.ssm.send(
        new DescribeParametersCommand({
          ParameterFilters: [{ Key: "Name", Option: "Equals", Values: names }],
          MaxResults: 50,
          NextToken,
        }),
        this.bounded,
      ),
    );
    return present(
      result.flatMap((p) => p.Parameters ?? []),
      (parameter) => parameter.Name,
    );
  }

  /** DescribeSecret (never GetSecretValue): undefined when Secrets Manager has no such secret. */
  async secret(id: string): Promise<Found | undefined> {
    try {
      const r = await this.secrets.send(new DescribeSecretCommand({ SecretId: id }), this.bounded);
      return r.DeletedDate
        ? { unavailable: `it is scheduled for deletion on ${r.DeletedDate.toISOString().slice(0, 10)}` }
        : {};
    } catch (error) {
      // Secrets Manager's errors are told apart by their name only.
      if ((error as Error).name === "ResourceNotFoundException") return undefined;
      if ((error as Error).name === "InvalidRequestException") {
        return { unavailable: "Secrets Manager refuses to use it (a secret marked for deletion)" };
      }
      throw error;
    }
  }
}
