import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const all: { name: string; examples: any[] }[] = require("@octokit/webhooks-examples/api.github.com/index.json");

/** A real webhook payload from GitHub's own examples (a deep copy, so tests may adapt it). */
export function examplePayload(event: string, action?: string): any {
  const found = all.find((e) => e.name === event)?.examples.find((x) => action === undefined || x.action === action);
  if (!found) throw new Error(`@octokit/webhooks-examples has no ${event}${action ? `.${action}` : ""}`);
  return structuredClone(found);
}
