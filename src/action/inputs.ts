import * as core from "@actions/core";
import { UserError } from "../core/errors.js";
import type { StageId } from "../core/stages/registry.js";

/** The core stages the action offers (core/stages/registry.ts), each run against the `environment` input. */
export const ENVIRONMENT_STAGES = ["gate", "artifacts", "record", "preflight"] as const satisfies readonly StageId[];
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
  };
}
