import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, posix } from "node:path";
import { UserError } from "../errors.js";
import { parseJson, QUIET_TOOLS, runTool, withRepoBins } from "./run-tool.js";
import type { AskContext, Asked } from "./types.js";

interface DryTask {
  taskId: string;
  hash: string;
  directory?: string;
  inputs?: Record<string, string>;
  dependencies?: string[];
}

interface DryRun {
  globalCacheInputs?: { files?: Record<string, string> };
  tasks?: DryTask[];
}

const isDryRun = (value: unknown): value is DryRun =>
  typeof value === "object" &&
  value !== null &&
  Array.isArray((value as DryRun).tasks) &&
  (value as DryRun).tasks!.every((t) => typeof t?.taskId === "string" && typeof t.hash === "string");

/** A task's input paths are relative to its package; the gate's are relative to the repository. */
const repoPath = (directory: string | undefined, file: string) => posix.normalize(posix.join(directory ?? "", file));

/** Every file the task's hash covers: turbo's global inputs, its own, and those of the tasks it depends on. */
function filesOf(task: DryTask, byId: Map<string, DryTask>, global: string[]): Set<string> {
  const files = new Set(global);
  const seen = new Set<string>();
  const visit = (t: DryTask) => {
    if (seen.has(t.taskId)) return;
    seen.add(t.taskId);
    for (const file of Object.keys(t.inputs ?? {})) files.add(repoPath(t.directory, file));
    for (const dep of t.dependencies ?? []) {
      const found = byId.get(dep);
      if (found) visit(found);
    }
  };
  visit(task);
  return files;
}

const PLATFORMS: Partial<Record<NodeJS.Platform, string>> = { linux: "linux", darwin: "darwin", win32: "windows" };
const ARCHS: Partial<Record<string, string>> = { x64: "64", arm64: "arm64" };

/**
 * The native binary of the repository's own `turbo` package, as its `bin/turbo` script finds it.
 * Running it directly saves that script's node start-up, and never lets the script try to
 * `npm install` a missing binary (a gate downloads nothing). Undefined when the repository has no
 * turbo package: the `turbo` on PATH is tried then.
 */
export function turboBinary(repo: string): string | undefined {
  const os = PLATFORMS[process.platform];
  const arch = ARCHS[process.arch];
  if (!os || !arch) return undefined;
  const ext = os === "windows" ? ".exe" : "";
  for (let dir = repo; ; dir = dirname(dir)) {
    const manifest = join(dir, "node_modules", "turbo", "package.json");
    if (existsSync(manifest)) {
      const require = createRequire(manifest);
      for (const name of [`@turbo/${os}-${arch}/bin/turbo${ext}`, `turbo-${os}-${arch}/bin/turbo${ext}`]) {
        try {
          return require.resolve(name);
        } catch {
          // Not this package name (renamed across turbo releases).
        }
      }
      throw new UserError(
        `turbo is installed without its binary for ${os}-${arch} (@turbo/${os}-${arch}); reinstall the repository's dependencies with optional dependencies (e.g. npm ci --include=optional) before predict`,
      );
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * One `turbo run TASK... --dry=json` for every turbo artifact: each task's hash is its key, and
 * its inputs (with its dependencies' and turbo's global ones) are the files the build counts.
 */
export async function askTurbo(tasks: string[], ctx: AskContext): Promise<Map<string, Asked>> {
  const wanted = [...new Set(tasks)];
  const shown = `turbo run ${wanted.join(" ")} --dry=json`;
  const answer = await runTool(
    {
      program: turboBinary(ctx.repo) ?? "turbo",
      args: ["run", ...wanted, "--dry=json"],
      shown,
      env: withRepoBins(ctx.repo, { ...ctx.env, ...QUIET_TOOLS }),
      missing:
        "turbo is not installed: predict runs the repository's own turbo (node_modules/.bin/turbo); install the repository's dependencies (e.g. npm ci) before predict",
    },
    ctx,
  );
  if (!answer.ok) return new Map(wanted.map((task) => [task, answer]));
  const dry = parseJson(answer.stdout);
  if (!isDryRun(dry)) {
    const failed: Asked = {
      ok: false,
      verdict: "predict-failed",
      message: `\`${shown}\` printed no dry-run JSON that deploy-gate can read; check that turbo is version 2 or later`,
    };
    return new Map(wanted.map((task) => [task, failed]));
  }
  const byId = new Map(dry.tasks!.map((t) => [t.taskId, t]));
  const global = Object.keys(dry.globalCacheInputs?.files ?? {});
  return new Map(
    wanted.map((task): [string, Asked] => {
      const found = byId.get(task);
      if (!found) {
        const planned = [...byId.keys()].slice(0, 5).join(", ");
        return [
          task,
          {
            ok: false,
            verdict: "predict-failed",
            message: `turbo planned no task "${task}"${planned ? ` (it planned ${planned})` : ""}; name the task as PACKAGE#TASK, as turbo.json and the package have it`,
          },
        ];
      }
      return [
        task,
        {
          ok: true,
          prediction: {
            key: `turbo:${found.hash}`,
            files: filesOf(found, byId, global),
            subject: `turbo's ${task}`,
            fix: (them) => `add ${them} to the \`inputs\` of ${task} in turbo.json`,
          },
        },
      ];
    }),
  );
}
