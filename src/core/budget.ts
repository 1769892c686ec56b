/**
 * A stage's overall budget: `work` runs with a signal that aborts when `ms` run out, and the caller
 * gets its value or `undefined` at that moment, never later. Work still in flight is told to stop
 * through the signal (requests are cancelled); whatever it would still produce is ignored.
 */
export async function withinBudget<T>(
  ms: number,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<{ value: T } | undefined> {
  const budget = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const over = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => {
      budget.abort(new BudgetError());
      resolve(undefined);
    }, ms);
  });
  try {
    return await Promise.race([work(budget.signal).then((value) => ({ value })), over]);
  } finally {
    clearTimeout(timer);
  }
}

/** The reason of a budget's signal, so a request cut short by it is told from one that timed out alone. */
export class BudgetError extends Error {
  constructor() {
    super("the stage's budget ran out");
    this.name = "BudgetError";
  }
}
