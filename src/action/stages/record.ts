import { UserError } from "../../core/errors.js";
import type { StageRunner } from "./types.js";

export const recordStage: StageRunner = async () => {
  throw new UserError("the record stage is not built yet");
};
