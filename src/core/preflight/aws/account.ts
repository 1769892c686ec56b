import { describeFailure, noCredentials } from "./errors.js";
import { awsRegions, configuredRegion, endpoints } from "./session.js";

export interface AccountOptions {
  region?: string;
  endpoint?: string;
  processEnv: Record<string, string | undefined>;
  timeoutMs: number;
}

/**
 * The AWS account the SDK's default credentials belong to (STS GetCallerIdentity), or why it is
 * not known: no credentials, refused, unreachable, no answer in time. STS answers in every region,
 * so us-east-1 stands in when none is configured.
 */
export async function callerAccount(options: AccountOptions): Promise<{ account: string } | { problem: string }> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  const region = configuredRegion(options.region, options.processEnv) ?? "us-east-1";
  const clients = await awsRegions({
    region,
    endpoints: endpoints(options.endpoint, options.processEnv),
    signal,
    timeoutMs: options.timeoutMs,
  });
  try {
    return { account: await clients().account() };
  } catch (error) {
    if (signal.aborted) return { problem: `STS did not answer GetCallerIdentity within ${options.timeoutMs}ms` };
    if (noCredentials(error)) return { problem: "no AWS credentials were found (environment, web identity, profile)" };
    return { problem: describeFailure(error, "sts:GetCallerIdentity", `STS in ${region}`).message };
  }
}
