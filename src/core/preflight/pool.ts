/** At most `size` tasks at once; the rest wait in order. A task queued after `signal` aborts never starts. */
export function createPool(size: number, signal: AbortSignal) {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    running--;
    waiting.shift()?.();
  };
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= size) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      if (signal.aborted) throw signal.reason;
      return await task();
    } finally {
      release();
    }
  };
}
