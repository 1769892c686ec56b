import * as core from "@actions/core";
import type { CheckedArtifacts } from "../core/artifacts/stage.js";
import { UserError } from "../core/errors.js";
import type { StageId } from "../core/stages/registry.js";

/** The core stages the action offers (core/stages/registry.ts), each run against the `environment` input. */
export const ENVIRONMENT_STAGES = [
  "gate",
  "artifacts",
  "record",
  "preflight",
  "verify",
  "predict",
] as const satisfies readonly StageId[];
/** ...and the checklist, which runs on a pull request's events instead. */
export const STAGES = [...ENVIRONMENT_STAGES, "checklist"] as const;
export type ActionStage = (typeof STAGES)[number];

/** Every action input, read once into one typed object. */
export interface ActionInputs {
  stage: ActionStage;
  environment?: string;
  config: string;
  token: string;
  variables: Record<string, string>;
  secrets: Record<string, string>;
  strict: boolean;
  workingDirectory: string;
  /** record: the gate job's `checked` output, the digests it checked at its commit. */
  checked?: CheckedArtifacts;
}

/**
 * The `checked` input: the gate job's `checked` output, `{"environment", "commit", "artifacts":
 * {name: digest}}`. Wrong for this environment or malformed, it refuses rather than being ignored.
 */
function checkedInput(text: string, environment: string | undefined): CheckedArtifacts | undefined {
  if (!text.trim()) return undefined;
  let value: any;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const artifacts = value?.artifacts;
  const valid =
    value &&
    typeof value.commit === "string" &&
    artifacts &&
    typeof artifacts === "object" &&
    !Array.isArray(artifacts) &&
    Object.values(artifacts).every((d) => typeof d === "string");
  if (!valid) {
    throw new UserError(
      "the `checked` input is not the gate's `checked` output; pass ${{ needs.<gate job>.outputs.checked }} as it is",
    );
  }
  if (typeof value.environment === "string" && value.environment !== environment) {
    throw new UserError(
      `the \`checked\` input is what the gate checked for ${value.environment}, not ${environment}; pass the gate job of this environment`,
    );
  }
  return { commit: value.commit, artifacts };
}

function jsonObject(name: string, text: string): Record<string, string> {
  if (!text.trim()) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Never echo the text: it may hold secrets.
    throw new UserError(`the \`${name}\` input is not valid JSON; pass an object such as \${{ toJSON(vars) }}`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new UserError(`the \`${name}\` input must be a JSON object of names to values`);
  }
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [
      k,
      typeof v === "string" ? v : JSON.stringify(v),
    ]),
  );
}

export function readInputs(): ActionInputs {
  // Register secret values before anything else can print them.
  const secrets = jsonObject("secrets", core.getInput("secrets"));
  for (const value of Object.values(secrets)) if (value) core.setSecret(value);
  const stage = (core.getInput("stage") || "gate") as ActionStage;
  if (!STAGES.includes(stage)) {
    throw new UserError(`the \`stage\` input is "${stage}"; use one of ${STAGES.join(", ")}`);
  }
  const environment = core.getInput("environment") || undefined;
  if (stage !== "checklist" && !environment) {
    throw new UserError(`the \`${stage}\` stage needs the \`environment\` input (the environment being deployed)`);
  }
  return {
    stage,
    environment,
    config: core.getInput("config") || ".github/deploy-gate.yml",
    token: core.getInput("token"),
    variables: jsonObject("variables", core.getInput("variables")),
    secrets,
    strict: core.getInput("strict") === "true",
    workingDirectory: core.getInput("working_directory") || ".",
    checked: checkedInput(core.getInput("checked"), environment),
  };
}
