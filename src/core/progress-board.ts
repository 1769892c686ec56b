/**
 * Where a long wait shows how it is going: one entry per thing waited for (a rollout), set each
 * time it changes. A terminal redraws the entries in place; a log gets one line per change.
 * `line` takes the time, so a live board can keep a countdown current between changes.
 */
export interface ProgressBoard {
  set(key: string, line: (now: number) => string): void;
  /** The wait is over: nothing is drawn after this. */
  close(): void;
}

/** A board that is a log: a line each time an entry changes, never more often. */
export const loggedBoard = (log: (line: string) => void): ProgressBoard => ({
  set: (_key, line) => log(line(Date.now())),
  close: () => {},
});
