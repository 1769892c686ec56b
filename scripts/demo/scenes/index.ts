import type { Scene } from "../scene.js";
import { skippedRebuild } from "./1-skipped-rebuild.js";
import { stagingOnlyValues } from "./2-staging-only-values.js";
import { renamedSecret } from "./3-renamed-secret.js";
import { unreachableEndpoint } from "./4-unreachable-endpoint.js";
import { placeholderValue } from "./5-placeholder-value.js";
import { mutableTag } from "./6-mutable-tag.js";
import { skippedManualChecks } from "./7-skipped-manual-checks.js";
import { hyperbolaRollout } from "./8-hyperbola-rollout.js";
import { goinstanceForetold } from "./9-goinstance-foretold.js";
import { goinstanceAws } from "./10-goinstance-aws.js";

/** In the order of the README's "What it catches" table; a new stage adds its scene here. */
export const SCENES: Scene[] = [
  skippedRebuild,
  stagingOnlyValues,
  renamedSecret,
  unreachableEndpoint,
  placeholderValue,
  mutableTag,
  skippedManualChecks,
  hyperbolaRollout,
  goinstanceForetold,
  goinstanceAws,
];
