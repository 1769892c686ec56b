import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // `npm test` runs every test; `npm run test:quick` leaves out the ones slow by design (real
    // processes racing for the state file's lock).
    tags: [{ name: "slow", description: "slow by design: real processes racing for a lock" }],
    setupFiles: ["test/setup/fast-check.ts", "test/setup/nock.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Real servers and git repositories: keep files in parallel, but bounded on 2 cores.
    maxWorkers: 2,
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
