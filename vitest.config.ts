import { defineConfig } from "vitest/config";
import { OWN_MODULES } from "./test/setup/own-modules.js";

export default defineConfig({
  test: {
    // `npm test` runs every test; `npm run test:quick` leaves out the ones slow by design (real
    // processes racing for the state file's lock).
    tags: [{ name: "slow", description: "slow by design: real processes racing for a lock" }],
    setupFiles: ["test/setup/fast-check.ts", "test/setup/nock.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Real servers and git repositories: keep files in parallel, but bounded on 2 cores.
    maxWorkers: 2,
    // Most files share their worker's packages (isolate: false; src/ and test/ are still loaded
    // per file): loading Probot, Octokit and the SDK once per worker, not once per file, saves a
    // third of the suite's time. The files that run the action in the test's own process get
    // packages of their own (test/setup/own-modules.ts).
    projects: [
      { extends: true, test: { name: "shared", include: ["test/**/*.test.ts"], exclude: OWN_MODULES, isolate: false } },
      { extends: true, test: { name: "own-modules", include: OWN_MODULES, isolate: true } },
    ],
    coverage: {
      provider: "v8",
      include: ["src/**/*.ts"],
      // Entry files only wire process.argv / process.env to the tested functions.
      exclude: ["src/cli/index.ts", "src/action/index.ts", "src/app/server.ts"],
      reporter: ["text-summary", "json-summary"],
      // CI enforces this; it only ever goes up.
      thresholds: { lines: 92 },
    },
  },
});
