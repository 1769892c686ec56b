import { UserError } from "../../core/errors.js";
import type { StageRunner } from "./types.js";

export const preflightStage: StageRunner = async () => {
  throw new UserError("the preflight stage is not built yet");
};
