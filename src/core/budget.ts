/**
 * `work` runs with a signal that aborts after `ms` (with `reason()`), and the caller gets its value,
 * or `undefined` at that moment, never later. Work still in flight is told to stop through the
 * signal (requests are cancelled); whatever it would still produce is ignored, so work that ignores
 * its signal cannot hold the caller.
 */
export async function withTimeout<T>(
  ms: number,
  work: (signal: AbortSignal) => Promise<T>,
  reason: () => Error = () => new Error("timeout"),
): Promise<{ value: T } | undefined> {
  const timeout = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const over = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => {
      timeout.abort(reason());
      resolve(undefined);
    }, ms);
  });
  try {
    return await Promise.race([work(timeout.signal).then((value) => ({ value })), over]);
  } finally {
    clearTimeout(timer);
  }
}

/** A stage's overall budget: withTimeout, its signal's reason a BudgetError. */
export const withinBudget = <T>(ms: number, work: (signal: AbortSignal) => Promise<T>) =>
  withTimeout(ms, work, () => new BudgetError());

/** The reason of a budget's signal, so a request cut short by it is told from one that timed out alone. */
export class BudgetError extends Error {
  constructor() {
    super("the stage's budget ran out");
    this.name = "BudgetError";
  }
}
