import type { HowToRun } from "../core/wording.js";

export const cliHowToRun: HowToRun = (stage, environment) => `run \`deploy-gate ${stage} --env ${environment}\``;
