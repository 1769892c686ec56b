import { validateConfig } from "../../src/core/config/load.js";

/** The README's example checklist, validated like a real config. */
export const checklist = validateConfig(
  {
    version: 1,
    checklist: {
      branches: ["main", "release/*"],
      items: [
        { id: "api-key", text: "Ran `rack params set` in staging", paths: ["api/**", "cloudformation/**"] },
        { id: "migration", text: "Migration rehearsed", labels: ["db-migration"] },
        { id: "rollback", text: "Rolled back and forward again" },
        { id: "docs", text: "Docs updated", optional: true },
      ],
    },
  },
  "test.yml",
).checklist!;
