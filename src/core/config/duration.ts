const UNITS = { ms: 1, s: 1000, m: 60_000 } as const;
export const DURATION_PATTERN = /^([0-9]+)(ms|s|m)$/;

/** The longest wait a config may ask for: well inside Node's timer limit (2^31-1 ms, about 24.8 days). */
export const MAX_DURATION = "24h (1440m)";
export const MAX_DURATION_MS = 24 * 60 * 60_000;

/** `500ms`, `5s`, `2m` to milliseconds. The schema has already checked the shape and the bounds. */
export function parseDuration(text: string): number {
  const match = DURATION_PATTERN.exec(text);
  if (!match) throw new Error(`not a duration: "${text}" (write e.g. 500ms, 5s or 2m)`);
  return Number(match[1]) * UNITS[match[2] as keyof typeof UNITS];
}
