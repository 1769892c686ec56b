import { type BaselineStore, type DeployRecord, HISTORY_LIMIT, isDeployRecord } from "../core/artifacts/records.js";
import { UserError } from "../core/errors.js";
import type { RepoRef } from "./api.js";
import { isExplained } from "./explain-errors.js";
import type { GitHub } from "./octokit.js";

/** Deploys kept for telling where an artifact came from; the scan stops there. */
const MAX_PAGES = 10;

/** A GitHub failure: 5xx and network errors fail the gate closed (exit 1); a refused token is a setup error (2). */
export function githubFailure(error: unknown, doing: string): UserError {
  const status = (error as { status?: number }).status;
  // The plugin already named the permission the refusing endpoint takes.
  if (isExplained(error) && status === 403) return new UserError(`${(error as Error).message} (${doing})`);
  if (status === 401 || status === 403 || status === 404) {
    return new UserError(
      `GitHub refused ${doing} (HTTP ${status}); give the token \`deployments: write\` (and \`contents: read\`) permission`,
    );
  }
  const why = status ? `HTTP ${status}` : (error as Error).message;
  return new UserError(
    `GitHub failed while ${doing} (${why}), so the gate fails closed; re-run the job once GitHub is healthy`,
    {
      exitCode: 1,
    },
  );
}

const payloadOf = (payload: unknown): unknown => {
  if (typeof payload !== "string") return payload;
  try {
    return JSON.parse(payload);
  } catch {
    return undefined;
  }
};

/**
 * The action's baseline: the payload of the latest successful GitHub Deployment to the environment
 * that deploy-gate wrote. Other deployments (a job's `environment:` makes its own) and inactive
 * ones are skipped; `save` creates a deployment and its success status carrying the record.
 */
export class DeploymentsStore implements BaselineStore {
  private scans = new Map<string, Promise<{ latest?: DeployRecord; history: DeployRecord[] }>>();

  constructor(
    private readonly github: GitHub,
    private readonly where: RepoRef,
  ) {}

  private async stateOf(deploymentId: number, signal?: AbortSignal): Promise<string | undefined> {
    const { data } = await this.github.rest.repos.listDeploymentStatuses({
      ...this.where,
      deployment_id: deploymentId,
      per_page: 1,
      request: { signal },
    });
    // Statuses come newest first: the first is the deployment's current state.
    return data[0]?.state;
  }

  /** One scan per environment: `latest` and `history` share it (and the signal of the first to ask). */
  private scan(environment: string, signal?: AbortSignal) {
    let scan = this.scans.get(environment);
    if (!scan) {
      scan = this.doScan(environment, signal).catch((error) => {
        if (error instanceof UserError) throw error;
        throw githubFailure(error, `listing the deployments to ${environment}`);
      });
      this.scans.set(environment, scan);
    }
    return scan;
  }

  private async doScan(
    environment: string,
    signal?: AbortSignal,
  ): Promise<{ latest?: DeployRecord; history: DeployRecord[] }> {
    const history: DeployRecord[] = [];
    let latest: DeployRecord | undefined;
    let pages = 0;
    const iterator = this.github.paginate.iterator(this.github.rest.repos.listDeployments, {
      ...this.where,
      environment,
      per_page: 100,
      request: { signal },
    });
    for await (const page of iterator) {
      for (const deployment of page.data) {
        if (deployment.environment !== environment) continue;
        const payload = payloadOf(deployment.payload);
        if (!isDeployRecord(payload) || payload.environment !== environment) continue;
        const state = await this.stateOf(Number(deployment.id), signal);
        if (state === "success" && !latest) latest = payload;
        // A deploy later superseded (inactive) still tells where an artifact was built.
        if (state === "success" || state === "inactive") history.push(payload);
        if (history.length >= HISTORY_LIMIT && latest) return { latest, history };
      }
      if (++pages >= MAX_PAGES) {
        // No baseline within the pages we read is not proof there is none: say so, never "first deploy".
        if (!latest) {
          throw new UserError(
            `none of the latest ${MAX_PAGES * 100} deployments to ${environment} is a successful deploy-gate record, so the baseline is unknown; run the action with \`stage: record\` after the next deploy`,
            { exitCode: 1 },
          );
        }
        break;
      }
    }
    return { latest, history };
  }

  async latest(environment: string, signal?: AbortSignal): Promise<DeployRecord | undefined> {
    return (await this.scan(environment, signal)).latest;
  }

  async history(environment: string, signal?: AbortSignal): Promise<DeployRecord[]> {
    const { latest, history } = await this.scan(environment, signal);
    return latest ? [latest, ...history.filter((r) => r !== latest)] : history;
  }

  async save(environment: string, record: DeployRecord): Promise<void> {
    try {
      const created = await this.github.rest.repos.createDeployment({
        ...this.where,
        ref: record.commit,
        environment,
        payload: record as unknown as Record<string, unknown>,
        description: `deploy-gate record of ${Object.keys(record.artifacts).length} artifact(s)`,
        // Red checks on the commit must not refuse the record of what was deployed.
        required_contexts: [],
        auto_merge: false,
        transient_environment: false,
      });
      if (created.status !== 201 || !("id" in created.data)) {
        throw new UserError(`GitHub did not create the deployment (${created.status}); re-run the record step`, {
          exitCode: 1,
        });
      }
      await this.github.rest.repos.createDeploymentStatus({
        ...this.where,
        deployment_id: Number(created.data.id),
        state: "success",
        description: "recorded by deploy-gate",
      });
    } catch (error) {
      if (error instanceof UserError) throw error;
      throw githubFailure(error, `recording the deployment to ${environment}`);
    }
    this.scans.delete(environment);
  }
}
