import { createHash } from "node:crypto";
import { parseDuration } from "../config/duration.js";
import type { ArtifactConfig } from "../config/schema.js";
import { askNix } from "./nix.js";
import { askNx } from "./nx.js";
import { runTool } from "./run-tool.js";
import { askTurbo } from "./turbo.js";
import type { AskContext, Asked } from "./types.js";

/** How long a build tool may take to answer when `predict.timeout` is not set: evaluating Nix can take a while. */
export const DEFAULT_PREDICT_TIMEOUT = "60s";

export type Predicting = ArtifactConfig & { predict: NonNullable<ArtifactConfig["predict"]> };

export const predicts = (artifact: ArtifactConfig): artifact is Predicting => artifact.predict !== undefined;

const timeoutOf = (artifact: Predicting) => parseDuration(artifact.predict.timeout ?? DEFAULT_PREDICT_TIMEOUT);

/** `command`: its trimmed stdout is the key, stored as a hash (a command may print anything). */
async function askCommand(command: string, ctx: AskContext): Promise<Asked> {
  const answer = await runTool(
    {
      program: "sh",
      args: ["-c", command],
      shown: command,
      missing: "sh is not on PATH, so the `command` of `predict` cannot run; run deploy-gate where a POSIX shell is",
    },
    ctx,
  );
  if (!answer.ok) return answer;
  const printed = answer.stdout.trim();
  if (!printed) {
    return {
      ok: false,
      verdict: "predict-failed",
      message: `\`${command}\` printed nothing; a build key must not be empty`,
    };
  }
  const key = createHash("sha256").update(printed).digest("hex");
  return {
    ok: true,
    prediction: {
      key: `command:${key}`,
      subject: `the key command \`${command}\``,
      fix: (them) => `make the build (and its key command) count ${them}`,
    },
  };
}

/**
 * Asks each artifact's build system what it would do, all at once. Every turbo task goes into one
 * dry run: turbo plans the whole graph each time, so asking once is as cheap as asking for one.
 */
export async function askAll(
  artifacts: Predicting[],
  base: Omit<AskContext, "timeoutMs">,
): Promise<Map<string, Asked>> {
  const turbo = artifacts.filter((a) => a.predict.turbo);
  const byTask = turbo.length
    ? askTurbo(
        turbo.map((a) => a.predict.turbo!.task),
        { ...base, timeoutMs: Math.max(...turbo.map(timeoutOf)) },
      )
    : undefined;
  // Turbo's answers arrive together; a rejection is seen by every turbo artifact's await below.
  byTask?.catch(() => {});
  const answers = await Promise.all(
    artifacts.map(async (a): Promise<[string, Asked]> => {
      const ctx = { ...base, timeoutMs: timeoutOf(a) };
      const { nix, nx, turbo, command } = a.predict;
      if (turbo) return [a.name, (await byTask!).get(turbo.task)!];
      if (nix) return [a.name, await askNix(nix, ctx)];
      if (nx) return [a.name, await askNx(nx.project, nx.target, ctx)];
      return [a.name, await askCommand(command!, ctx)];
    }),
  );
  return new Map(answers);
}
