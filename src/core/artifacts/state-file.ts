import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { UserError } from "../errors.js";
import { type BaselineStore, type DeployRecord, HISTORY_LIMIT, isDeployRecord } from "./records.js";

interface StateFile {
  version: 1;
  environments: Record<string, DeployRecord[]>;
}

const LOCK_WAIT_MS = 30_000;
/** A lock older than this is left over from a crashed run. */
const STALE_LOCK_MS = 120_000;
const STALE_BREAKER_MS = 10_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The lock's age and content, read through one handle so both describe the same lock file. */
async function inspectLock(lockPath: string): Promise<{ age: number; content: string } | undefined> {
  const handle = await open(lockPath, "r").catch(() => undefined);
  if (!handle) return undefined;
  try {
    const { mtimeMs } = await handle.stat();
    return { age: Date.now() - mtimeMs, content: await handle.readFile("utf8") };
  } catch {
    return undefined;
  } finally {
    await handle.close();
  }
}

/**
 * The CLI's baseline: a JSON state file holding each environment's deploys, newest first. Reads
 * never write; a write takes a lock file, re-reads, and replaces the file atomically (temp file +
 * rename), so concurrent `record`s never lose or tear each other's entries.
 */
export class StateFileStore implements BaselineStore {
  constructor(
    readonly path: string,
    /** The path as the user knows it, for messages. */
    readonly shown: string = path,
  ) {}

  private unreadable(why: string): UserError {
    return new UserError(
      `the state file ${why}; fix or remove it (deploy-gate left it untouched), or point --state elsewhere`,
      { file: this.shown },
    );
  }

  private async read(): Promise<StateFile> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT") return { version: 1, environments: {} };
      throw this.unreadable(`cannot be read (${code ?? (error as Error).message})`);
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw this.unreadable("is not valid JSON");
    }
    const state = data as StateFile;
    if (
      !state ||
      typeof state !== "object" ||
      state.version !== 1 ||
      !state.environments ||
      typeof state.environments !== "object" ||
      !Object.values(state.environments).every((list) => Array.isArray(list) && list.every(isDeployRecord))
    ) {
      throw this.unreadable("is not a deploy-gate state file (version 1)");
    }
    return state;
  }

  async history(environment: string): Promise<DeployRecord[]> {
    const state = await this.read();
    return Object.hasOwn(state.environments, environment) ? state.environments[environment] : [];
  }

  async latest(environment: string): Promise<DeployRecord | undefined> {
    return (await this.history(environment))[0];
  }

  async save(environment: string, record: DeployRecord): Promise<void> {
    // Fail on a corrupt file before taking the lock, so it stays byte-identical.
    await this.read();
    await mkdir(dirname(this.path), { recursive: true });
    const release = await this.lock();
    try {
      const state = await this.read();
      const list = Object.hasOwn(state.environments, environment) ? state.environments[environment] : [];
      state.environments[environment] = [record, ...list].slice(0, HISTORY_LIMIT);
      const temp = `${this.path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
      try {
        await writeFile(temp, `${JSON.stringify(state, null, 2)}\n`, { flag: "wx" });
        await rename(temp, this.path);
      } catch (error) {
        await rm(temp, { force: true });
        throw this.unreadable(
          `cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
        );
      }
    } finally {
      await release();
    }
  }

  private async lock(): Promise<() => Promise<void>> {
    const lockPath = `${this.path}.lock`;
    // A token of our own, so we only ever remove the lock we took, or the stale one we judged.
    const token = `${process.pid}.${randomBytes(8).toString("hex")}\n`;
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        const handle = await open(lockPath, "wx");
        await handle.writeFile(token);
        await handle.close();
        return async () => {
          if ((await readFile(lockPath, "utf8").catch(() => "")) === token) await rm(lockPath, { force: true });
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
          throw this.unreadable(`cannot be locked (${(error as NodeJS.ErrnoException).code})`);
        }
      }
      const held = await inspectLock(lockPath);
      if (held && held.age > STALE_LOCK_MS) {
        await this.breakStaleLock(lockPath, held.content);
        continue;
      }
      if (Date.now() > deadline) {
        throw new UserError(
          `the state file is locked by another deploy-gate run (${lockPath}); wait for it, or remove the lock file if no run is active`,
          { file: this.shown },
        );
      }
      // A lock is held for the few milliseconds of one write: look again soon, then less often.
      await sleep(Math.min(1 + attempt * 2, 50));
    }
  }

  /**
   * Several waiters may judge the same lock stale. Only the one holding the breaker file may
   * remove it, and only after seeing again that the lock is still the stale one it judged:
   * otherwise a second breaker would remove the fresh lock the first breaker's run just took.
   */
  private async breakStaleLock(lockPath: string, judged: string): Promise<void> {
    const breaker = `${lockPath}.break`;
    const handle = await open(breaker, "wx").catch(() => undefined);
    if (!handle) {
      // A breaker lives for milliseconds; one this old was left by a run that died mid-break.
      const left = await inspectLock(breaker);
      if (left && left.age > STALE_BREAKER_MS) await rm(breaker, { force: true });
      return;
    }
    try {
      await handle.close();
      const held = await inspectLock(lockPath);
      if (held && held.age > STALE_LOCK_MS && held.content === judged) await rm(lockPath, { force: true });
    } finally {
      await rm(breaker, { force: true });
    }
  }
}
