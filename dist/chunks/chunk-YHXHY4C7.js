import { createRequire as __gateRequire } from "node:module"; const require = __gateRequire(import.meta.url);
import {
  createOctokit
} from "./chunk-LIHBNUI2.js";
import {
  UserError
} from "./chunk-ESZZZHL2.js";

// src/cli/github.ts
function githubApi(env, missing) {
  const token = env.GITHUB_TOKEN || env.GH_TOKEN;
  if (!token) throw new UserError(missing);
  return createOctokit({ token, baseUrl: env.GITHUB_API_URL || void 0 });
}

export {
  githubApi
};
