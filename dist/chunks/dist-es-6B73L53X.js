import { createRequire as __gateRequire } from "node:module"; const require = __gateRequire(import.meta.url);
import {
  ENV_ACCOUNT_ID,
  ENV_CREDENTIAL_SCOPE,
  ENV_EXPIRATION,
  ENV_KEY,
  ENV_SECRET,
  ENV_SESSION,
  fromEnv
} from "./chunk-R3VP5GQT.js";
import "./chunk-POVQ7J4W.js";
import "./chunk-DK572STO.js";
import "./chunk-S7LWSZMY.js";
import "./chunk-OLBDVPO5.js";
export {
  ENV_ACCOUNT_ID,
  ENV_CREDENTIAL_SCOPE,
  ENV_EXPIRATION,
  ENV_KEY,
  ENV_SECRET,
  ENV_SESSION,
  fromEnv
};
