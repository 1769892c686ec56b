import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { isIP } from "node:net";
import { HOST_PLACEHOLDER, type RolloutConfig } from "../config/schema.js";
import { statusOk } from "../preflight/checks/http.js";
import { meetsExpectation, parseJsonPath, valueAt } from "../preflight/json-path.js";
import { excerpt } from "../report/cut.js";
import type { Host } from "./hosts.js";

/**
 * One poll of one host. `met`: it answered as `expect` says. `lagging`: it answered, healthy, with
 * another version. `error`: no answer, a timeout, an unexpected status or a body that is not JSON.
 */
export type Poll =
  | { kind: "met" }
  | { kind: "lagging"; version: string }
  | { kind: "error"; reason: string; timedOut?: boolean };

/** The value a body holds, as people read a version: strings bare, anything else as JSON. */
export const shownValue = (value: unknown): string => (typeof value === "string" ? value : JSON.stringify(value));

/** What a rollout polls, prepared once per check. */
export interface ProbeTarget {
  url: string;
  hostHeader?: string;
  expect: RolloutConfig["expect"];
  /** The JSON paths of `expect.json`, parsed, with the value each must hold. */
  paths: { path: string; segments: (string | number)[]; expected: unknown }[];
  timeoutMs: number;
  timeoutText: string;
  agents: Agents;
}

/** Kept-alive connections: polling a host every few seconds should not cost a TCP (and TLS) handshake each time. */
export interface Agents {
  http: HttpAgent;
  https: HttpsAgent;
  destroy(): void;
}

export function createAgents(): Agents {
  // One connection per host is kept: the stage's pool already bounds how many requests are in flight.
  const options = { keepAlive: true, maxSockets: 1, scheduling: "lifo" as const };
  const http = new HttpAgent(options);
  const https = new HttpsAgent(options);
  return {
    http,
    https,
    destroy: () => {
      http.destroy();
      https.destroy();
    },
  };
}

/** Parses `expect.json`'s paths up front: a broken path is the config's fault, said once, not per poll. */
export function expectedPaths(check: RolloutConfig): ProbeTarget["paths"] {
  return Object.entries(check.expect?.json ?? {}).map(([path, expected]) => ({
    path,
    segments: parseJsonPath(path),
    expected,
  }));
}

/** The version a rolled-out host serves, as messages show it: the first `expect.json` value. */
export const expectedVersion = (target: Pick<ProbeTarget, "paths">): string | undefined =>
  target.paths.length ? shownValue(target.paths[0].expected) : undefined;

const MAX_BODY = 256 * 1024;

const causeOf = (error: unknown): string =>
  (error as NodeJS.ErrnoException).code ?? (error as Error).message ?? String(error);

/** Sends one GET and reads at most MAX_BODY of the answer, both under `signal`. */
function get(url: URL, target: ProbeTarget, signal: AbortSignal): Promise<{ status: number; body: string }> {
  const https = url.protocol === "https:";
  const hostname = url.hostname.replace(/^\[|\]$/g, "");
  // TLS refuses an address as the server name; the Host header's name is what the certificate is for.
  const servername = target.hostHeader ?? (isIP(hostname) ? undefined : hostname);
  return new Promise((resolve, reject) => {
    const req = (https ? httpsRequest : httpRequest)(
      {
        hostname,
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: "GET",
        headers: { host: target.hostHeader ?? url.host, "user-agent": "deploy-gate verify", accept: "*/*" },
        agent: https ? target.agents.https : target.agents.http,
        ...(https && servername ? { servername } : {}),
        signal,
      },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          if (size >= MAX_BODY) return;
          chunks.push(chunk);
          size += chunk.length;
          // A body past the cap is not read on: the connection goes, not the poll's time.
          if (size >= MAX_BODY) res.destroy();
        });
        let ended = false;
        res.on("end", () => {
          ended = true;
        });
        res.on("close", () => {
          if (ended || size >= MAX_BODY) {
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).subarray(0, MAX_BODY).toString("utf8"),
            });
          } else reject(new Error("the connection closed mid-answer"));
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end();
  });
}

/** Polls one host once; a host that does not answer within `timeout` is one error, never a wait past it. */
export async function pollHost(host: Host, target: ProbeTarget, stop: AbortSignal): Promise<Poll> {
  let url: URL;
  try {
    url = new URL(target.url.replaceAll(HOST_PLACEHOLDER, host.label));
  } catch {
    return { kind: "error", reason: `"${target.url.replaceAll(HOST_PLACEHOLDER, host.label)}" is not a valid URL` };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return { kind: "error", reason: `${url.protocol} URLs cannot be polled; use http:// or https://` };
  }
  // One controller per poll, ended by the timeout or the rollout's end: cheaper than AbortSignal.any
  // for hundreds of polls a second, and it leaves no listener behind.
  const poll = new AbortController();
  let timedOut = false;
  const handle = setTimeout(() => {
    timedOut = true;
    poll.abort(new Error("timeout"));
  }, target.timeoutMs);
  const onStop = () => poll.abort(stop.reason);
  stop.addEventListener("abort", onStop, { once: true });
  let answer: { status: number; body: string };
  try {
    if (stop.aborted) throw stop.reason;
    answer = await get(url, target, poll.signal);
  } catch (error) {
    if (stop.aborted) throw stop.reason;
    if (timedOut) {
      return { kind: "error", reason: `no answer from ${url.href} within ${target.timeoutText}`, timedOut: true };
    }
    return { kind: "error", reason: `GET ${url.href} failed (${causeOf(error)})` };
  } finally {
    clearTimeout(handle);
    stop.removeEventListener("abort", onStop);
  }
  if (!statusOk(answer.status, target.expect)) {
    const want = target.expect?.status ?? "2xx";
    return {
      kind: "error",
      reason: `GET ${url.href} answered ${answer.status}, expected ${Array.isArray(want) ? want.join(" or ") : want}${answer.body ? ` (body: ${excerpt(answer.body, 80)})` : ""}`,
    };
  }
  if (!target.paths.length) return { kind: "met" };
  let data: unknown;
  try {
    data = JSON.parse(answer.body);
  } catch {
    return { kind: "error", reason: `GET ${url.href} did not answer JSON (got: ${excerpt(answer.body, 80)})` };
  }
  for (const { path, segments, expected } of target.paths) {
    const found = valueAt(data, segments);
    // An old build may lack the field altogether: that host lags, it is not broken.
    if (!meetsExpectation(found, expected)) {
      const version = found.found ? shownValue(found.value) : `no ${path}`;
      return { kind: "lagging", version: target.paths[0].path === path ? version : `${path} ${version}` };
    }
  }
  return { kind: "met" };
}
