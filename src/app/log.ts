import type { Writable } from "node:stream";
import { getTransformStream } from "@probot/pino";
import pino, { type LogFn, type Logger } from "pino";
import type { DeliveryLine } from "./deliveries.js";

/** What `@octokit/webhooks` attaches to a failed delivery's error: the whole payload among it. */
interface FailedDelivery {
  id?: string;
  name?: string;
  payload?: unknown;
}

const deliveryOf = (error: unknown): FailedDelivery | undefined =>
  (error as { event?: FailedDelivery } | undefined)?.event;

function actionOf(delivery: FailedDelivery): string {
  let payload = delivery.payload;
  if (typeof payload === "string") {
    try {
      payload = JSON.parse(payload);
    } catch {
      return "";
    }
  }
  const action = (payload as { action?: unknown } | undefined)?.action;
  return typeof action === "string" ? `.${action}` : "";
}

const named = (delivery: FailedDelivery | undefined): string =>
  delivery?.name ? `${delivery.name}${actionOf(delivery)} delivery ${delivery.id ?? "?"}` : "a delivery";

const SIGNATURE = /signature does not match/i;

/** Errors a delivery's own log line has told: the failure handlers say nothing more of them. */
const told = new WeakSet<object>();

/** Node's own errors (EADDRINUSE, ECONNRESET, ...) say what happened; a stack adds nothing. */
const isSystemError = (error: Error) => typeof (error as { code?: unknown }).code === "string";

/**
 * A failed delivery reaches the log twice (Probot's error handler, then the webhook middleware),
 * each time as an error carrying the whole payload: ~60 lines. This says it once, in one line;
 * only an error that is not GitHub's nor the sender's (a bug) keeps its stack, still without
 * the payload.
 */
export function oneLineFailures(root: () => Logger): (this: Logger, args: Parameters<LogFn>, method: LogFn) => void {
  const said = new WeakSet<object>();
  return function logMethod(args, method) {
    const [first] = args;
    if (!(first instanceof Error)) return method.apply(this, args);
    const leaves = first instanceof AggregateError && first.errors.length > 0 ? first.errors : [first];
    // The root logger: a child's bindings (Probot adds the delivery id) would print as more lines.
    const log = root();
    for (const leaf of leaves as Error[]) {
      if (said.has(leaf) || told.has(leaf)) continue;
      said.add(leaf);
      const delivery = deliveryOf(leaf) ?? deliveryOf(first);
      if (SIGNATURE.test(leaf.message)) {
        method.call(
          log,
          `${named(delivery)} refused: its signature does not match WEBHOOK_SECRET; set the same secret here and in the app's settings (Webhook secret)`,
        );
      } else {
        const line = leaf.message.split("\n")[0];
        const text = delivery ? `${named(delivery)} failed: ${line}` : line;
        if (typeof (leaf as { status?: unknown }).status === "number" || isSystemError(leaf)) method.call(log, text);
        else
          method.call(
            log,
            { err: Object.assign(new Error(leaf.message), { name: leaf.name, stack: leaf.stack }) },
            text,
          );
      }
    }
  };
}

/** The one line per delivery: JSON with its fields, or (pretty) the sentence with its duration. */
export function deliveryLogger(log: Logger, structured: boolean): (line: DeliveryLine, error?: unknown) => void {
  return (line, error) => {
    const head = `${line.event} delivery ${line.delivery}`;
    if (line.outcome !== "failed") {
      const text = `${head} ${line.outcome} in ${line.durationMs} ms`;
      return structured ? log.info(line, text) : log.info(text);
    }
    const text = `${head} failed: ${line.error}`;
    const bug =
      error instanceof Error && typeof (error as { status?: unknown }).status !== "number" && !isSystemError(error);
    if (error && typeof error === "object") told.add(error);
    const err = bug ? { err: Object.assign(new Error(error.message), { name: error.name, stack: error.stack }) } : {};
    if (structured) log.error({ ...line, ...err }, text);
    else if (bug) log.error(err, text);
    else log.error(text);
  };
}

/** JSON unless told otherwise, or outside production. */
export const logFormat = (env: NodeJS.ProcessEnv): "json" | "pretty" =>
  (env.LOG_FORMAT || (env.NODE_ENV === "production" ? "json" : "pretty")) === "pretty" ? "pretty" : "json";

/**
 * Probot's logger, as its `run` would build it from the same variables (LOG_LEVEL, LOG_FORMAT,
 * LOG_LEVEL_IN_STRING, LOG_MESSAGE_KEY, SENTRY_DSN), with failures kept to one line.
 */
export async function createLog(env: NodeJS.ProcessEnv, destination?: Writable): Promise<Logger> {
  const transform = await getTransformStream({
    logFormat: logFormat(env),
    logLevelInString: env.LOG_LEVEL_IN_STRING === "true",
    sentryDsn: env.SENTRY_DSN,
  });
  transform.pipe(destination ?? (pino.destination(1) as unknown as Writable));
  const log: Logger = pino(
    {
      level: env.LOG_LEVEL || "info",
      name: "probot",
      messageKey: env.LOG_MESSAGE_KEY || "msg",
      hooks: { logMethod: oneLineFailures(() => log) },
    },
    transform,
  );
  return log;
}
