import type { HowToRun } from "../core/wording.js";

export const actionHowToRun: HowToRun = (stage, environment) =>
  `run the action with \`stage: ${stage}\` and \`environment: ${environment}\``;
