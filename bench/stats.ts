// The figures every bench reports, in one place so that "p95" or "median" means the same in each.

/** The middle value (the upper one of an even count). */
export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The p-th percentile, nearest rank; NaN for no values, so a figure prints rather than throws. */
export const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

/** Milliseconds, whole. */
export const ms = (n: number) => `${n.toFixed(0)} ms`;
