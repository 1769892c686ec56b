import { prepareEnvironment } from "../environment/prepare.js";
import { headCommit } from "../git.js";
import { NothingToCheck } from "../nothing-to-check.js";
import { report } from "../report/build.js";
import type { Report, StageReport } from "../report/types.js";
import type { StageHost } from "./host.js";
import { STAGES, type StageId } from "./registry.js";
import type { StageDefinition } from "./types.js";

/**
 * Runs stage `id` against environment `name` for either front end: the config and the environment
 * loaded once (its secrets handed to the host's output boundary before anything can print them),
 * then every part that has something to check, in order, into one report. A stage with nothing to
 * check is a config error (exit 2), never a pass; this is the one place that rule lives.
 */
export async function runStage(id: StageId, name: string, host: StageHost): Promise<Report> {
  const definition: StageDefinition = STAGES[id];
  const loaded = await host.config();
  // HEAD is read while the environment loads; an environment error still comes first.
  const head = headCommit(host.repo);
  head.catch(() => {});
  const prepared = await prepareEnvironment(loaded, name, {
    repo: host.repo,
    processEnv: host.processEnv,
    variables: host.variables,
    secrets: host.secrets,
  });
  host.useMasker(prepared.mask);
  const commit = await head;
  const applying = definition.parts.filter((part) => part.applies(loaded, prepared.environment));
  if (applying.length === 0) {
    const what = definition.nothing ?? definition.parts.map((part) => part.nothing).join(" and ");
    throw new NothingToCheck(
      definition.parts.map((part) => part.name),
      name,
      what,
      loaded.file,
    );
  }
  const stages: StageReport[] = [];
  for (const part of applying) stages.push(await part.run({ host, prepared, commit }));
  return report(stages, { environment: name, commit });
}
