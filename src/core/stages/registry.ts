import { artifactsPart, recordPart } from "./artifacts.js";
import { predictPart } from "./predict.js";
import { preflightPart } from "./preflight.js";
import type { StageDefinition } from "./types.js";
import { verifyPart } from "./verify.js";

/**
 * Every stage run against an environment, by the name the front ends give it (`deploy-gate NAME
 * --env E`, the action's `stage: NAME`). A new stage is a StagePart in its own module, one line
 * here, and one line per front end (src/action/inputs.ts STAGES, src/cli/main.ts reportCommand).
 */
export const STAGES = {
  // The gate's parts run one after the other: a preflight command that touches the work tree must
  // not race the fingerprinting of the inputs. A failed identity stops the preflight, not the artifacts.
  gate: { parts: [artifactsPart, preflightPart], nothing: "no artifact and no preflight check" },
  artifacts: { parts: [artifactsPart] },
  record: { parts: [recordPart] },
  preflight: { parts: [preflightPart] },
  verify: { parts: [verifyPart] },
  predict: { parts: [predictPart] },
} satisfies Record<string, StageDefinition>;

export type StageId = keyof typeof STAGES;
