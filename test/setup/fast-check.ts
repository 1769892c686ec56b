import { testFileImports } from "./imports.js";

// Property tests explore new inputs on every run only when asked: CI runs one fixed seed, so a
// failure there is reproducible and never a matter of luck. `FC_SEED=random npm test` explores;
// a failing seed it prints can be replayed with `FC_SEED=<seed>`.
const seed = process.env.FC_SEED ?? "20261201";
if (seed !== "random" && testFileImports("fast-check")) {
  const { default: fc } = await import("fast-check");
  fc.configureGlobal({ seed: Number(seed) });
}
