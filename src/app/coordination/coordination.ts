import { type KeyedSerial, keyedSerial } from "../../core/keyed-serial.js";
import { memoryWriteWindow, type WriteWindowStore } from "../../github/write-limiter.js";
import type { Lease, WriteRequest } from "./lease.js";

/** A delivery this replica took on: `done` once handled, `release` when it failed (so a retry runs). */
export interface DeliveryClaim {
  done(): Promise<void>;
  release(): Promise<void>;
}

/**
 * What the app's replicas share: in this process's memory for one process, in Redis for several
 * (`REDIS_URL`). The handlers see only `serialize`; the delivery wrapper, the limiter and the
 * routes see the rest.
 */
export interface Coordination {
  /** "memory" or "redis": said at start and by `/readyz`. */
  readonly kind: string;
  /** Takes a delivery on, or undefined when it was handled (or is being handled) elsewhere. */
  claim(delivery: string): Promise<DeliveryClaim | undefined>;
  /** Runs one PR's work after every earlier work of that PR, in whichever replica it runs. */
  serialize: KeyedSerial;
  /** Called before each write made under a PR's lock: throws, refusing it, when this replica no longer holds it. */
  checkLease(lease: Lease, request: WriteRequest): Promise<void>;
  /** The write limiter's window: one budget per installation across replicas. */
  writeWindow: WriteWindowStore;
  /** Whether this replica takes the turn `name`: the first to ask within `ttlMs` does, no other. */
  turn(name: string, ttlMs: number): Promise<boolean>;
  /** Throws, saying why, when the shared store cannot be reached. */
  ping(): Promise<void>;
  /** Releases the locks this replica holds and disconnects. */
  close(): Promise<void>;
}

/**
 * One process: delivery ids in memory (the last `size` handled), each PR's events chained in
 * memory. A delivery arriving again while the first is in flight waits for its outcome: handled,
 * it changes nothing; failed, it runs.
 */
export function memoryCoordination(size = 10_000): Coordination {
  const handled = new Set<string>();
  const inFlight = new Map<string, Promise<void>>();
  const turns = new Map<string, number>();
  return {
    kind: "memory",
    async claim(id) {
      while (inFlight.has(id)) await inFlight.get(id);
      if (handled.has(id)) return undefined;
      let settle = () => {};
      inFlight.set(
        id,
        new Promise<void>((resolve) => {
          settle = resolve;
        }),
      );
      const end = () => {
        inFlight.delete(id);
        settle();
      };
      return {
        async done() {
          handled.add(id);
          if (handled.size > size) handled.delete(handled.values().next().value as string);
          end();
        },
        async release() {
          end();
        },
      };
    },
    serialize: keyedSerial(),
    checkLease: async () => {},
    writeWindow: memoryWriteWindow(),
    async turn(name, ttlMs) {
      if ((turns.get(name) ?? 0) > Date.now()) return false;
      turns.set(name, Date.now() + ttlMs);
      return true;
    },
    ping: async () => {},
    close: async () => {},
  };
}
