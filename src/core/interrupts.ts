/**
 * Ctrl-C (SIGINT) and SIGTERM, for a stage that can end early and still report: `onInterrupt`
 * runs on the first of them; the returned function gives the signals back. Each handler is
 * installed once, so a second Ctrl-C falls through to Node's default and ends the process.
 */
export function processInterrupts(onInterrupt: () => void): () => void {
  const signals = ["SIGINT", "SIGTERM"] as const;
  for (const signal of signals) process.once(signal, onInterrupt);
  return () => {
    for (const signal of signals) process.off(signal, onInterrupt);
  };
}
