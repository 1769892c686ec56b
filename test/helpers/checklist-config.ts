import { parse } from "yaml";
import { validateConfig } from "../../src/core/config/load.js";

/**
 * The one checklist fixture: the YAML the app and the action read from the base branch, and the
 * same config validated, which tests render comments from. One source, so a comment a test builds
 * and the config the code under test reads never disagree on an item's text.
 */
export const CONFIG = `version: 1
checklist:
  branches: [main, "release/*"]
  reset: on-push
  tickers: { permission: write, allow_author: true }
  items:
    - { id: api-key, text: "Ran \`rack params set\` in staging; the API key still works", paths: [api/**, cloudformation/**] }
    - { id: migration, text: "Migration rehearsed on a production snapshot", labels: [db-migration] }
    - { id: rollback, text: "Rolled back in the lab environment and forward again", waivable: true }
    - { id: docs, text: "Docs updated", optional: true }
`;

/** CONFIG's checklist, validated like a real config. */
export const checklist = validateConfig(parse(CONFIG), "test.yml").checklist!;
