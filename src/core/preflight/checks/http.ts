import type { CheckConfig } from "../../config/schema.js";
import { excerpt } from "../../report/cut.js";
import type { Result } from "../../report/types.js";
import { meetsExpectation, parseJsonPath, valueAt } from "../json-path.js";
import { type CheckContext, result } from "../types.js";

type HttpCheck = Extract<CheckConfig, { type: "http" }>;

/**
 * Without `expect.status`, only a 2xx counts. Redirects are not followed, and a redirect is not
 * health: a service that sends every request to its login page answers 302.
 */
export const statusOk = (status: number, expected: { status?: number | number[] } | undefined) => {
  const want = expected?.status;
  if (want === undefined) return status >= 200 && status < 300;
  return Array.isArray(want) ? want.includes(status) : status === want;
};

const causeOf = (error: unknown): string => {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
};

const MAX_BODY = 1024 * 1024;

/** Reads at most `max` bytes of a body and stops the download there: an endless body cannot hold the check. */
async function readCapped(response: Response, max: number): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < max) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  if (size >= max) await reader.cancel().catch(() => {});
  return Buffer.concat(chunks).subarray(0, max).toString("utf8");
}

export async function httpCheck(check: HttpCheck, ctx: CheckContext): Promise<Result[]> {
  let url: URL;
  try {
    url = new URL(check.url);
  } catch {
    return [result(check.id, "unreachable", `"${check.url}" is not a valid URL; fix \`url\` in the check`)];
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return [result(check.id, "unreachable", `${url.protocol} URLs cannot be checked; use http:// or https://`)];
  }
  const method = check.method ?? "GET";
  // Credentials in the URL are never shown, declared secrets or not.
  const shown = new URL(url.href);
  if (shown.password) shown.password = "***";
  // fetch refuses URLs with credentials: send them as Basic auth, as curl does.
  const headers: Record<string, string> = { ...check.headers };
  if (url.username || url.password) {
    const hasAuth = Object.keys(headers).some((h) => h.toLowerCase() === "authorization");
    const user = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    if (!hasAuth) headers.Authorization = `Basic ${Buffer.from(user).toString("base64")}`;
    url.username = "";
    url.password = "";
  }
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: check.body,
      redirect: "manual",
      signal: ctx.signal,
    });
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    return [
      result(
        check.id,
        "unreachable",
        `${method} ${shown.href} failed (${causeOf(error)}); check that the host resolves and a firewall or security group lets this runner in`,
      ),
    ];
  }
  const text = await readCapped(response, MAX_BODY);
  if (!statusOk(response.status, check.expect)) {
    const location = response.headers.get("location");
    if (check.expect?.status === undefined && response.status >= 300 && response.status < 400) {
      const to = location ? ` to ${excerpt(location, 160)}` : " without a Location";
      return [
        result(
          check.id,
          "unexpected-status",
          `${method} ${shown.href} answered ${response.status}, a redirect${to}, expected a 2xx: a redirect (to a login page, say) is not health; check the URL, or set \`expect.status: ${response.status}\` if that redirect is the healthy answer`,
        ),
      ];
    }
    const want = check.expect?.status ?? "2xx";
    return [
      result(
        check.id,
        "unexpected-status",
        `${method} ${shown.href} answered ${response.status}, expected ${Array.isArray(want) ? want.join(" or ") : want}${text ? ` (body: ${excerpt(text, 120)})` : ""}; fix the service or the check`,
      ),
    ];
  }
  const contains = check.expect?.body_contains;
  if (contains !== undefined && !text.includes(contains)) {
    return [
      result(
        check.id,
        "unexpected-body",
        `${method} ${shown.href} answered without "${contains}" in its body (got: ${excerpt(text, 120)}); is this the right service?`,
      ),
    ];
  }
  const paths = Object.entries(check.expect?.json ?? {});
  if (paths.length) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return [
        result(
          check.id,
          "unexpected-body",
          `${method} ${shown.href} did not answer JSON (got: ${excerpt(text, 120)}); is this the right endpoint?`,
        ),
      ];
    }
    for (const [path, expected] of paths) {
      let segments: (string | number)[];
      try {
        segments = parseJsonPath(path);
      } catch (error) {
        return [result(check.id, "unexpected-body", `${(error as Error).message}; fix expect.json`)];
      }
      const found = valueAt(data, segments);
      if (!meetsExpectation(found, expected)) {
        return [
          result(
            check.id,
            "unexpected-body",
            `${method} ${shown.href}: ${path} is ${found.found ? JSON.stringify(found.value) : "absent"}, expected ${JSON.stringify(expected)}; deploy the expected version or fix the check`,
          ),
        ];
      }
    }
  }
  return [result(check.id, "passed", `${method} ${shown.href} answered ${response.status} as expected`)];
}
