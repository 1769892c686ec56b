import type { AwsRegion, AwsSettings, Service } from "./sdk.js";

/** The suffix of AWS_ENDPOINT_URL_<SERVICE>, as the SDKs' shared configuration names it. */
const ENDPOINT_ENV: Record<Service, string> = {
  ec2: "EC2",
  ssm: "SSM",
  secretsmanager: "SECRETS_MANAGER",
  sts: "STS",
};

export const SERVICE_NAME: Record<Service, string> = {
  ec2: "EC2",
  ssm: "SSM",
  secretsmanager: "Secrets Manager",
  sts: "STS",
};

/** Per service: the config's `endpoint`, else AWS_ENDPOINT_URL_<SERVICE>, else AWS_ENDPOINT_URL; the SDK's otherwise. */
export function endpoints(
  explicit: string | undefined,
  env: Record<string, string | undefined>,
): AwsSettings["endpoints"] {
  const out: AwsSettings["endpoints"] = {};
  for (const [service, suffix] of Object.entries(ENDPOINT_ENV) as [Service, string][]) {
    const url = explicit?.trim() || env[`AWS_ENDPOINT_URL_${suffix}`]?.trim() || env.AWS_ENDPOINT_URL?.trim();
    if (url) out[service] = url;
  }
  return out;
}

/** The region the SDK is told to use: the config's, else AWS_REGION or AWS_DEFAULT_REGION (else the profile's). */
export const configuredRegion = (explicit: string | undefined, env: Record<string, string | undefined>) =>
  explicit?.trim() || env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || undefined;

/**
 * Loads the SDK (its own chunk of dist/, fetched only now) and hands out each region's clients,
 * made on first use.
 */
export async function awsRegions(settings: AwsSettings): Promise<(region?: string) => AwsRegion> {
  const { AwsRegion } = await import("./sdk.js");
  const made = new Map<string, AwsRegion>();
  return (region = settings.region) => {
    const key = region ?? "";
    let clients = made.get(key);
    if (!clients) {
      clients = new AwsRegion({ ...settings, region });
      made.set(key, clients);
    }
    return clients;
  };
}
