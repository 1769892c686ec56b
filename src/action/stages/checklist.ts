import { UserError } from "../../core/errors.js";
import type { StageRunner } from "./types.js";

export const checklistStage: StageRunner = async () => {
  throw new UserError("the checklist stage is not built yet");
};
