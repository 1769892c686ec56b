// `npm run docs`: regenerates the committed JSON Schema and the README's config reference.
import { readFileSync, writeFileSync } from "node:fs";
import { configReference, withReference } from "../src/core/config/reference.js";
import { configJsonSchema } from "../src/core/config/schema.js";

const schema = configJsonSchema();
writeFileSync("schema/deploy-gate.schema.json", `${JSON.stringify(schema, null, 2)}\n`);
writeFileSync("README.md", withReference(readFileSync("README.md", "utf8"), configReference(schema)));
console.log("wrote schema/deploy-gate.schema.json and the README's config reference");
