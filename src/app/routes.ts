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

/**
 * Probot's setup page registers the app with the webhook URL `<where you opened it>/` (see its
 * manifest-creation), while it listens at WEBHOOK_PATH (`/api/github/webhooks`). Deliveries to `/`
 * go through the same middleware, signature check included, so an app registered that way works.
 */
export async function addRoutes(app: Probot, { addHandler }: ApplicationFunctionOptions, mode: string) {
  addHandler(healthRoute(mode));
  const root = await app.getNodeMiddleware({ path: "/" });
  addHandler((req, res) => (req.method === "POST" && pathOf(req) === "/" ? root(req, res) : false));
}
