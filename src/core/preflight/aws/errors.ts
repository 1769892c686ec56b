import type { Verdict } from "../types.js";

/** What a call that failed means for the resources it was to prove. */
export interface Failure {
  verdict: Verdict;
  message: string;
}

/** The role may not call the action: EC2 says UnauthorizedOperation, the JSON services AccessDenied(Exception). */
const DENIED = new Set(["AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "UnauthorizedAccess"]);

/** AWS refused the credentials themselves: unknown, expired, or signed with the wrong secret. */
const REFUSED = new Set([
  "AuthFailure",
  "InvalidClientTokenId",
  "UnrecognizedClientException",
  "ExpiredToken",
  "ExpiredTokenException",
  "RequestExpired",
  "SignatureDoesNotMatch",
  "InvalidSignatureException",
]);

const NETWORK = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);

/** The SDK's default chain found no credentials at all. */
export const noCredentials = (error: unknown) => (error as Error)?.name === "CredentialsProviderError";

/** No region from the check, AWS_REGION or a profile. */
export const noRegion = (error: unknown) => /region is missing/i.test((error as Error)?.message ?? "");

/**
 * One sentence per failure, built from the error's name and code only: AWS's own messages may
 * quote the request they refused (a signature's canonical request names the access key), so none
 * is ever shown.
 */
export function describeFailure(error: unknown, action: string, where: string): Failure {
  const e = error as Error & { code?: string; $metadata?: { httpStatusCode?: number } };
  const name = e?.name ?? "Error";
  const status = e?.$metadata?.httpStatusCode;
  // A 403 the SDK could not parse (a proxy's page, or moto's XML for a JSON API) is still a refusal.
  if (DENIED.has(name) || (status === 403 && !REFUSED.has(name))) {
    return {
      verdict: "access-denied",
      message: `the credentials may not call ${action} (${DENIED.has(name) ? name : "HTTP 403"}); grant the role "${action}" (the README lists the check's least-privilege policy)`,
    };
  }
  if (REFUSED.has(name)) {
    return {
      verdict: "access-denied",
      message: `AWS refused the credentials for ${action} (${name}); they are unknown, expired or for another partition: refresh them for the target account`,
    };
  }
  if ((e?.code && NETWORK.has(e.code)) || name === "TimeoutError") {
    return {
      verdict: "unreachable",
      message: `cannot reach ${where} for ${action} (${e.code ?? name}); check the region, the endpoint and this runner's network`,
    };
  }
  return {
    verdict: "unreachable",
    message: `${where} answered ${name}${status ? ` (HTTP ${status})` : ""} to ${action}, so the check proved nothing; check the region and the values`,
  };
}
