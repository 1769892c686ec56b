import { isIPv6 } from "node:net";
import type { RolloutConfig } from "../config/schema.js";
import { outputTail } from "../preflight/checks/command.js";
import { resolveAddresses } from "../preflight/checks/dns.js";
import { commandEnv, execProgram, howItEnded } from "../preflight/exec.js";
import { excerpt } from "../report/cut.js";

/** One host of a rollout: what `{host}` becomes and what its result's id names. */
export interface Host {
  /** `10.0.1.5:8080`, `[fd00::5]:8080`, `web-1`: IPv6 in brackets, so a port can follow. */
  label: string;
}

/** `host`, `host:port`, `[v6]`, `[v6]:port` or a bare IPv6 address; undefined when it is none of them. */
export function parseHost(text: string): Host | undefined {
  const value = text.trim();
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(value);
  if (bracketed) return isIPv6(bracketed[1]) && portOk(bracketed[2]) ? { label: value } : undefined;
  if (isIPv6(value)) return { label: `[${value}]` };
  const plain = /^([A-Za-z0-9._-]+)(?::(\d{1,5}))?$/.exec(value);
  return plain && portOk(plain[2]) ? { label: value } : undefined;
}

const portOk = (port: string | undefined) => port === undefined || (Number(port) >= 1 && Number(port) <= 65535);

/** An address from DNS with the configured port. */
export const hostOf = (address: string, port?: number | string): Host => ({
  label: `${isIPv6(address) ? `[${address}]` : address}${port === undefined ? "" : `:${port}`}`,
});

/** Where the hosts come from, as messages name it. */
export function sourceName(check: RolloutConfig): string {
  if (check.dns) return check.dns.name;
  if (check.command !== undefined) return `\`${excerpt(check.command, 60)}\``;
  return "`hosts`";
}

export type HostList = { hosts: Host[] } | { problem: string };

export interface ListContext {
  repo: string;
  values: Record<string, string>;
  processEnv: Record<string, string | undefined>;
  signal: AbortSignal;
  timeoutMs: number;
}

/** Hosts in the order given, each once; an entry that is no host is a problem to report, not to skip. */
function fromLines(lines: string[], from: string): HostList {
  const hosts = new Map<string, Host>();
  for (const line of lines) {
    const host = parseHost(line);
    if (!host) return { problem: `${from} gave "${excerpt(line, 80)}", which is not host or host:port` };
    hosts.set(host.label, host);
  }
  return { hosts: [...hosts.values()] };
}

/**
 * The rollout's hosts now. `hosts:` are fixed; DNS and the command are asked again each round,
 * since a rollout adds and removes instances while it runs.
 */
export async function listHosts(check: RolloutConfig, ctx: ListContext): Promise<HostList> {
  if (check.hosts) return fromLines(check.hosts, "`hosts`");
  if (check.dns) {
    const { name, server, port } = check.dns;
    try {
      const addresses = await resolveAddresses(name, server, ctx);
      return { hosts: addresses.sort().map((a) => hostOf(a, port)) };
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      return { problem: `${name} did not resolve${server ? ` (asking ${server})` : ""} (${code})` };
    }
  }
  const command = check.command ?? "";
  const outcome = await execProgram("sh", ["-c", command], {
    cwd: ctx.repo,
    env: commandEnv(ctx.processEnv, ctx.values),
    signal: ctx.signal,
  });
  const shown = sourceName(check);
  if (outcome.kind === "aborted") throw ctx.signal.reason;
  if (outcome.kind === "not-started") return { problem: `${shown} could not start: ${outcome.reason}` };
  if (outcome.code !== 0) {
    return { problem: `${shown} ${howItEnded(outcome)}${outputTail(outcome.stdout, outcome.stderr)}` };
  }
  const lines = outcome.stdout
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
  return fromLines(lines, shown);
}
