import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApplicationFunctionOptions, Probot } from "probot";

const pathOf = (req: IncomingMessage) => (req.url ?? "").split("?")[0];

/**
 * `GET /healthz`: 200 once the app itself is loaded, with credentials that passed the start-up
 * checks. Setup mode never loads it (404), and it asks nothing of GitHub, so a health probe every
 * few seconds costs no API quota.
 */
export function healthRoute(mode: string) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== "GET" || pathOf(req) !== "/healthz") return false;
    res.writeHead(200, { "content-type": "application/json" }).end(`${JSON.stringify({ ok: true, mode })}\n`);
    return true;
  };
}

/** What `/readyz` asks; each throws, saying why, when its part is not ready. */
export interface Readiness {
  /** "memory" or "redis". */
  store: string;
  storeReachable: () => Promise<void>;
  githubReachable: () => Promise<void>;
  stopping: () => boolean;
}

const READY_TIMEOUT_MS = 3_000;

const within = (ms: number, work: () => Promise<void>): Promise<string> =>
  Promise.race([
    work().then(
      () => "ok",
      (error: Error) => error.message.split("\n")[0],
    ),
    new Promise<string>((resolve) => setTimeout(() => resolve(`no answer within ${ms} ms`), ms).unref()),
  ]);

/**
 * `GET /readyz`: 200 when this replica can handle a delivery (Redis answers, when it is used, and
 * GitHub does), else 503 saying which part is not; 503 as soon as the process is stopping, so a
 * load balancer sends the next deliveries elsewhere.
 */
export function readyRoute(readiness: Readiness) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if (req.method !== "GET" || pathOf(req) !== "/readyz") return false;
    const answer = (status: number, body: object) =>
      res.writeHead(status, { "content-type": "application/json" }).end(`${JSON.stringify(body)}\n`);
    if (readiness.stopping()) {
      answer(503, { ok: false, stopping: true });
      return true;
    }
    const [store, github] = await Promise.all([
      within(READY_TIMEOUT_MS, readiness.storeReachable),
      within(READY_TIMEOUT_MS, readiness.githubReachable),
    ]);
    const ok = store === "ok" && github === "ok";
    answer(ok ? 200 : 503, { ok, [readiness.store]: store, github });
    return true;
  };
}

/** GitHub answered `GET /app` within the last `ms`: probing often costs one request per window. */
export function cachedReachable(probe: () => Promise<void>, ms = 15_000): () => Promise<void> {
  let okUntil = 0;
  return async () => {
    if (Date.now() < okUntil) return;
    await probe();
    okUntil = Date.now() + ms;
  };
}

/**
 * Probot's setup page registers the app with the webhook URL `<where you opened it>/` (see its
 * manifest-creation), while it listens at WEBHOOK_PATH (`/api/github/webhooks`). Deliveries to `/`
 * go through the same middleware, signature check included, so an app registered that way works.
 */
export async function addRoutes(
  app: Probot,
  { addHandler }: ApplicationFunctionOptions,
  mode: string,
  readiness: Readiness,
) {
  addHandler(healthRoute(mode));
  addHandler(readyRoute(readiness));
  const root = await app.getNodeMiddleware({ path: "/" });
  addHandler((req, res) => (req.method === "POST" && pathOf(req) === "/" ? root(req, res) : false));
}
