import { UserError } from "../../core/errors.js";
import type { StageRunner } from "./types.js";

export const artifactsStage: StageRunner = async () => {
  throw new UserError("the artifacts stage is not built yet");
};
