import { promises as dns } from "node:dns";
import type { CheckConfig } from "../../config/schema.js";
import type { Result } from "../../report/types.js";
import { isPrivateAddress } from "../private-address.js";
import { type CheckContext, result } from "../types.js";

type DnsCheck = Extract<CheckConfig, { type: "dns" }>;

const NOT_FOUND = new Set(["ENOTFOUND", "ENODATA", "NXDOMAIN", "ENONAME", "EAI_NONAME"]);

/** Asks the named server for A and AAAA; a name with neither is unresolvable. */
async function askServer(
  host: string,
  server: string,
  ctx: Pick<CheckContext, "signal" | "timeoutMs">,
): Promise<string[]> {
  const resolver = new dns.Resolver({ timeout: Math.max(1, ctx.timeoutMs), tries: 1 });
  resolver.setServers([server]);
  const onAbort = () => resolver.cancel();
  ctx.signal.addEventListener("abort", onAbort, { once: true });
  try {
    const answers = await Promise.allSettled([resolver.resolve4(host), resolver.resolve6(host)]);
    const addresses = answers.flatMap((a) => (a.status === "fulfilled" ? a.value : []));
    if (addresses.length) return addresses;
    const errors = answers.map((a) => (a as PromiseRejectedResult).reason as NodeJS.ErrnoException);
    throw errors.find((e) => !NOT_FOUND.has(e.code ?? "")) ?? errors[0];
  } finally {
    ctx.signal.removeEventListener("abort", onAbort);
  }
}

/** The system resolver, as the deployed service would use it: /etc/hosts counts. */
async function askSystem(host: string): Promise<string[]> {
  const answers = await dns.lookup(host, { all: true, verbatim: true });
  return answers.map((a) => a.address);
}

/** Every A and AAAA address of a name, from `server` or the system resolver; throws the resolver's error. */
export async function resolveAddresses(
  host: string,
  server: string | undefined,
  ctx: Pick<CheckContext, "signal" | "timeoutMs">,
): Promise<string[]> {
  const addresses = server ? await askServer(host, server, ctx) : await askSystem(host);
  return [...new Set(addresses)];
}

export async function dnsCheck(check: DnsCheck, ctx: CheckContext): Promise<Result[]> {
  if (!check.host.trim()) return [result(check.id, "unresolvable", "the host is empty; set the variable it names")];
  const via = check.server ? ` (asking ${check.server})` : "";
  let addresses: string[];
  try {
    addresses = await resolveAddresses(check.host, check.server, ctx);
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    if (NOT_FOUND.has(code)) {
      return [
        result(
          check.id,
          "unresolvable",
          `${check.host} does not resolve${via} (${code}); create the record (private DNS for a VPC endpoint?) or fix the name`,
        ),
      ];
    }
    if (code === "ETIMEOUT") {
      return [
        result(
          check.id,
          "timeout",
          `no DNS answer for ${check.host}${via} within ${ctx.timeoutMs}ms; check that the DNS server is up and reachable from here`,
        ),
      ];
    }
    return [
      result(
        check.id,
        "unreachable",
        `could not resolve ${check.host}${via}: the DNS server failed (${code}); check the resolver and the network`,
      ),
    ];
  }
  if (check.private) {
    const publicOnes = addresses.filter((a) => !isPrivateAddress(a));
    if (publicOnes.length) {
      return [
        result(
          check.id,
          "not-private",
          `${check.host} resolves to public address${publicOnes.length > 1 ? "es" : ""} ${publicOnes.join(", ")}${via}; enable private DNS for the endpoint so traffic stays inside the network`,
        ),
      ];
    }
  }
  return [result(check.id, "passed", `${check.host} resolves to ${addresses.join(", ")}${via}`)];
}
