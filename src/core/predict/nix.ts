import type { PredictConfig } from "../config/schema.js";
import { runTool } from "./run-tool.js";
import type { AskContext, Asked } from "./types.js";

type NixPredict = NonNullable<PredictConfig["nix"]>;

const FLAKES = ["--extra-experimental-features", "nix-command flakes"];

const MISSING =
  "nix is not on PATH: predict asks Nix for the derivation's drvPath; install Nix on the runner (e.g. apt-get install nix-bin) before predict";

/**
 * The derivation's drvPath, read without writing a derivation to the store: `nix-instantiate
 * --readonly-mode FILE -A ATTR`, or `nix eval --read-only` of a flake installable. It changes
 * exactly when what the build would see changes.
 */
export async function askNix(nix: NixPredict, ctx: AskContext): Promise<Asked> {
  const flake = "installable" in nix;
  const [program, args] = flake
    ? [
        "nix",
        [
          ...FLAKES,
          "eval",
          "--raw",
          nix.installable,
          "--apply",
          "d: d.drvPath",
          "--read-only",
          "--no-update-lock-file",
        ],
      ]
    : ["nix-instantiate", ["--readonly-mode", `./${nix.file}`, "-A", nix.attr]];
  const shown = flake
    ? `nix eval ${nix.installable} --apply "d: d.drvPath"`
    : `nix-instantiate ${nix.file} -A ${nix.attr}`;
  const answer = await runTool(
    {
      program,
      args,
      shown,
      missing: MISSING,
    },
    ctx,
  );
  if (!answer.ok) return answer;
  const drvPaths = answer.stdout
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  if (drvPaths.length === 0 || !drvPaths.every((p) => /^\/\S+\.drv$/.test(p))) {
    return {
      ok: false,
      verdict: "predict-failed",
      message: `\`${shown}\` printed no drvPath; point it at a derivation`,
    };
  }
  const key = drvPaths.join(" ");
  const subject = flake ? `the derivation ${nix.installable}` : `the derivation ${nix.file} -A ${nix.attr}`;
  return {
    ok: true,
    prediction: {
      key: `nix:${key}`,
      subject,
      fix: (them) =>
        `make its \`src\` include ${them} (its builtins.path or cleanSourceWith filter, or lib.fileset, drops ${them})${flake ? ", and `git add` new files: a flake sees only the files git tracks" : ""}`,
    },
  };
}
