// Loaded with `node --import` into a bundle's process: appends the URL of every module that
// process loads to the file MODULE_LOG, so a test can tell which chunks of dist/ a run read.
import { register } from "node:module";

register(
  `data:text/javascript,${encodeURIComponent(`
import { appendFileSync } from "node:fs";
export async function load(url, context, next) {
  if (url.startsWith("file:")) appendFileSync(${JSON.stringify(process.env.MODULE_LOG)}, url + "\\n");
  return next(url, context);
}`)}`,
);
