/**
 * Test files that run the action in the test's own process (they import src/action): each gets
 * packages of its own, since @actions/core keeps state for the whole process (the summary file of
 * its first write). Every other file shares its worker's packages (node_modules). test/architecture.test.ts holds
 * this list to the files that import src/action.
 */
export const OWN_MODULES = [
  "action-publish",
  "artifacts-action",
  "artifacts-deployments",
  "checklist-action",
  "front-end-wording",
  "nothing-to-check",
  "predict-action",
  "preflight-action",
  "protection-action",
  "verify-front-ends",
].map((name) => `test/${name}.test.ts`);
