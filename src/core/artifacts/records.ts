import { isMapping } from "../mapping.js";

/**
 * What `record` stores about one deploy: digests, fingerprints, commit ids and paths only, never a
 * variable's value. The same shape is the state file's entry and the GitHub Deployment's payload.
 */
export interface ArtifactRecord {
  kind: "file" | "directory" | "image";
  /** sha256:… of the file, the tree, or the image manifest. */
  digest: string;
  /** sha256:… over the (path, git object id) pairs of the inputs. */
  fingerprint: string;
  /** path -> git object id of each input; left out when there are too many to carry. */
  files?: Record<string, string>;
  /** What the image said it was built from (its revision label), when it said so. */
  revision?: string;
  /** What the build system said the build key was (`predict:`); absent in records made without it. */
  buildKey?: string;
}

export interface DeployRecord {
  /** Marks payloads deploy-gate wrote, so other deployments are never taken as a baseline. */
  tool: "deploy-gate";
  version: 1;
  environment: string;
  commit: string;
  recordedAt: string;
  artifacts: Record<string, ArtifactRecord>;
}

/**
 * Where the last deploy to an environment is kept: the state file (CLI) or GitHub Deployments
 * (action). `signal` ends a read whose answer is no longer wanted (the stage failed or ran out of
 * budget while it was under way).
 */
export interface BaselineStore {
  /** The record of the last successful deploy to `environment`, if any. */
  latest(environment: string, signal?: AbortSignal): Promise<DeployRecord | undefined>;
  /** Earlier deploys too, newest first (the latest included); used to tell where an artifact came from. */
  history(environment: string, signal?: AbortSignal): Promise<DeployRecord[]>;
  save(environment: string, record: DeployRecord): Promise<void>;
}

/** True when `value` is a record deploy-gate wrote (a state entry or a deployment payload). */
export function isDeployRecord(value: unknown): value is DeployRecord {
  if (!isMapping(value) || value.tool !== "deploy-gate" || value.version !== 1) return false;
  if (typeof value.commit !== "string" || typeof value.environment !== "string" || !isMapping(value.artifacts))
    return false;
  return Object.values(value.artifacts).every(
    (a) =>
      isMapping(a) &&
      typeof a.digest === "string" &&
      typeof a.fingerprint === "string" &&
      (a.buildKey === undefined || typeof a.buildKey === "string"),
  );
}

/** Deploys kept per environment (the latest included), in the state file and read from GitHub. */
export const HISTORY_LIMIT = 20;

export const shortSha = (commit: string): string => commit.slice(0, 7);
