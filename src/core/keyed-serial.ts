/** Runs `work` after every earlier work of the same key has settled; other keys run in parallel. */
export type KeyedSerial = <T>(key: string, work: () => Promise<T>) => Promise<T>;

/** A promise chain per key, dropped once it is idle, so a long-lived process keeps no idle keys. */
export function keyedSerial(): KeyedSerial {
  const tails = new Map<string, Promise<unknown>>();
  return (key, work) => {
    const run = (tails.get(key) ?? Promise.resolve()).then(work, work);
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return run;
  };
}
