import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashWorkTreeFiles } from "../artifacts/work-tree.js";
import { parseJson, QUIET_TOOLS, runTool, withRepoBins } from "./run-tool.js";
import type { AskContext, Asked } from "./types.js";

interface TargetInputs {
  files: string[];
  environment?: string[];
  external?: string[];
}

const strings = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((v) => typeof v === "string");

const isTargetInputs = (value: unknown): value is TargetInputs =>
  typeof value === "object" &&
  value !== null &&
  strings((value as TargetInputs).files) &&
  ((value as TargetInputs).environment === undefined || strings((value as TargetInputs).environment)) &&
  ((value as TargetInputs).external === undefined || strings((value as TargetInputs).external));

/** Only paths inside the repository can be hashed; anything else nx printed is not a file of it. */
const inRepo = (path: string) => path !== "" && !path.startsWith("/") && !path.split("/").includes("..");

/**
 * Nx resolves a target's inputs to files but prints no hash, so the key is the gate's own: the
 * git blob ids of those files, with the names of the environment variables and external
 * dependencies nx also counts (names only: a value may be a secret).
 */
async function keyOf(repo: string, inputs: TargetInputs): Promise<string> {
  const files = [...new Set(inputs.files.filter(inRepo))].sort();
  const { ids } = await hashWorkTreeFiles(repo, files);
  const hash = createHash("sha256");
  for (const file of files) hash.update(`${ids.get(file) ?? "-"} ${file}\0`);
  hash.update(`env ${[...(inputs.environment ?? [])].sort().join(" ")}\0`);
  hash.update(`external ${[...(inputs.external ?? [])].sort().join(" ")}\0`);
  return hash.digest("hex");
}

/** `nx show target inputs PROJECT:TARGET --json`: the target's resolved input files. */
export async function askNx(project: string, target: string, ctx: AskContext): Promise<Asked> {
  const name = `${project}:${target}`;
  const shown = `nx show target inputs ${name} --json`;
  // Nx caches its project graph in the workspace (.nx/): a gate must leave the checkout as it found it.
  const data = await mkdtemp(join(tmpdir(), "deploy-gate-nx-"));
  try {
    const answer = await runTool(
      {
        program: "nx",
        args: ["show", "target", "inputs", name, "--json"],
        shown,
        env: withRepoBins(ctx.repo, {
          ...ctx.env,
          ...QUIET_TOOLS,
          NX_WORKSPACE_DATA_DIRECTORY: join(data, "workspace-data"),
          NX_CACHE_DIRECTORY: join(data, "cache"),
        }),
        missing:
          "nx is not installed: predict runs the repository's own nx (node_modules/.bin/nx); install the repository's dependencies (e.g. npm ci) before predict",
      },
      ctx,
    );
    if (!answer.ok) return answer;
    const inputs = parseJson(answer.stdout);
    if (!isTargetInputs(inputs)) {
      return {
        ok: false,
        verdict: "predict-failed",
        message: `\`${shown}\` printed no input list that deploy-gate can read; check that the repository's nx has \`nx show target inputs\``,
      };
    }
    const key = await keyOf(ctx.repo, inputs);
    return {
      ok: true,
      prediction: {
        key: `nx:${key}`,
        files: new Set(inputs.files.filter(inRepo)),
        subject: `nx's ${name}`,
        fix: (them) =>
          `add ${them} to the \`inputs\` of ${name} (nx.json's targetDefaults or the project's configuration)`,
      },
    };
  } finally {
    await rm(data, { recursive: true, force: true });
  }
}
