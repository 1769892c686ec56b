import { scanWorkTree, type WorkTreeScan } from "../artifacts/input-ids.js";
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
  // HEAD and the work tree are read while the config and the environment load; their errors still come first.
  const head = headCommit(host.repo);
  head.catch(() => {});
  const done = new AbortController();
  const scan = definition.parts.some((part) => part.readsWorkTree)
    ? scanWorkTree(host.repo, head, done.signal)
    : undefined;
  try {
    return await runParts(definition, name, host, head, scan, done);
  } finally {
    // Whatever git still reads for this run is no longer wanted.
    done.abort();
  }
}

async function runParts(
  definition: StageDefinition,
  name: string,
  host: StageHost,
  head: Promise<string>,
  scan: WorkTreeScan | undefined,
  done: AbortController,
): Promise<Report> {
  const loaded = await host.config();
  const prepared = await prepareEnvironment(loaded, name, {
    repo: host.repo,
    processEnv: host.processEnv,
    variables: host.variables,
    secrets: host.secrets,
  });
  host.useMasker(prepared.mask);
  const commit = await head;
  const applying = definition.parts.filter((part) => part.applies(loaded, prepared.environment));
  // Once no part still to run reads the work tree, git stops reading it (a gate's preflight
  // runs without it), not only when the stage ends.
  const stopWhenUnread = (next: number) => {
    if (!applying.slice(next).some((part) => part.readsWorkTree)) done.abort();
  };
  stopWhenUnread(0);
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
  for (const [k, part] of applying.entries()) {
    stages.push(await part.run({ host, prepared, commit, scan }));
    stopWhenUnread(k + 1);
  }
  return report(stages, { environment: name, commit });
}
