import type { Probot } from "probot";

/** The Probot app; the checklist handlers are registered here. */
export default function deployGateApp(_app: Probot): void {}
