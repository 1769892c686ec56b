import type { Context } from "probot";
import { queuedPull } from "../github/pulls.js";
import type { Coordination } from "./coordination/coordination.js";

/** The one line logged per delivery. */
export interface DeliveryLine {
  delivery: string;
  event: string;
  repository?: string;
  pr?: number;
  durationMs: number;
  outcome: "handled" | "duplicate" | "failed" | "refused";
  error?: string;
}

/** The pull request an event is about, where its payload says. */
function prOf(payload: any): number | undefined {
  return (
    payload?.pull_request?.number ??
    (payload?.issue?.pull_request ? payload.issue.number : undefined) ??
    payload?.check_run?.pull_requests?.[0]?.number ??
    queuedPull(String(payload?.merge_group?.head_ref ?? ""))
  );
}

/** Refused while the process stops: GitHub records it failed, and a redelivery reaches another replica. */
class Stopping extends Error {
  readonly status = 503;
}

/**
 * Every delivery passes here: handled once across replicas (a failed one may be retried: its claim
 * is released), refused once the process is stopping, counted while in flight, and logged as one
 * line with its id, event, repository, PR, duration and outcome.
 */
export class Deliveries {
  private inFlight = 0;
  private stopping = false;
  private readonly idle = new Set<() => void>();

  constructor(
    private readonly coordination: Coordination,
    private readonly log: (line: DeliveryLine, error?: unknown) => void,
  ) {}

  get draining(): boolean {
    return this.stopping;
  }

  async handle(context: Context, work: () => Promise<void>): Promise<void> {
    const started = performance.now();
    const payload = context.payload as any;
    const action = typeof payload?.action === "string" ? `.${payload.action}` : "";
    const line = (outcome: DeliveryLine["outcome"], error?: unknown) =>
      this.log(
        {
          delivery: context.id,
          event: `${context.name}${action}`,
          repository: payload?.repository?.full_name,
          pr: prOf(payload),
          durationMs: Math.round(performance.now() - started),
          outcome,
          ...(error ? { error: error instanceof Error ? error.message.split("\n")[0] : String(error) } : {}),
        },
        error,
      );
    if (this.stopping) {
      line("refused");
      throw new Stopping("this replica is stopping; the delivery is left to another replica or a redelivery");
    }
    this.inFlight++;
    try {
      let claim: Awaited<ReturnType<Coordination["claim"]>>;
      try {
        claim = await this.coordination.claim(context.id);
      } catch (error) {
        // Its own 503 (still in flight elsewhere) says why; any other failure is Redis's.
        const failure =
          typeof (error as { status?: unknown }).status === "number"
            ? error
            : Object.assign(
                new Error(
                  `cannot reach Redis to claim the delivery (${(error as Error).message}); GitHub records it as failed, redeliver it once Redis is back`,
                ),
                { status: 503 },
              );
        line("failed", failure);
        throw failure;
      }
      if (!claim) return line("duplicate");
      try {
        await work();
      } catch (error) {
        await claim.release().catch(() => undefined);
        line("failed", error);
        throw error;
      }
      // Handled: should Redis fail to remember it, a redelivery recomputes the same result.
      await claim.done().catch(() => undefined);
      line("handled");
    } finally {
      if (--this.inFlight === 0) for (const resolve of this.idle) resolve();
    }
  }

  /** Stops taking deliveries; resolves once those in flight are done, or after `graceMs` (false). */
  async drain(graceMs: number): Promise<boolean> {
    this.stopping = true;
    if (this.inFlight === 0) return true;
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        this.idle.delete(onIdle);
        resolve(ok);
      };
      const onIdle = () => done(true);
      const timer = setTimeout(() => done(false), graceMs);
      this.idle.add(onIdle);
    });
  }
}
