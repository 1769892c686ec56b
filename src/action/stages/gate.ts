import { UserError } from "../../core/errors.js";
import type { StageRunner } from "./types.js";

export const gateStage: StageRunner = async (deps) => {
  await deps.config();
  throw new UserError("the gate stage is not built yet");
};
