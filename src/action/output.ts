import { writeFile } from "node:fs/promises";
import * as core from "@actions/core";
import { type Masker, outputMask } from "../core/report/mask.js";

/**
 * The action's one output boundary. The log, annotations, job summary, step outputs, commit
 * status texts and the report file all leave through here, masked as the last step; nothing
 * else in src/action writes to the runner (architecture.test.ts holds it to that).
 */
export interface ActionOutput {
  /** For text that leaves by another way (the GitHub API). */
  mask: (text: string) => string;
  /** An environment's secrets, masked from now on (and registered with the runner too). */
  use: (masker: Masker) => void;
  info: (line: string) => void;
  annotate: (level: "error" | "warning", message: string, props?: core.AnnotationProperties) => void;
  summary: (markdown: string) => Promise<void>;
  setOutput: (name: string, value: string) => void;
  fail: (message: string) => void;
  writeFile: (path: string, text: string) => Promise<void>;
}

export function actionOutput(): ActionOutput {
  const mask = outputMask();
  const maskProps = (props: core.AnnotationProperties = {}): core.AnnotationProperties => ({
    ...props,
    ...(props.title ? { title: mask(props.title) } : {}),
    ...(props.file ? { file: mask(props.file) } : {}),
  });
  return {
    mask,
    use: (masker) => {
      // The runner masks its own log lines too: belt and braces for the raw values.
      for (const value of masker.values) core.setSecret(value);
      mask.use(masker);
    },
    info: (line) => core.info(mask(line)),
    annotate: (level, message, props) =>
      (level === "error" ? core.error : core.warning)(mask(message), maskProps(props)),
    summary: async (markdown) => {
      await core.summary.addRaw(mask(markdown)).write();
    },
    setOutput: (name, value) => core.setOutput(name, mask(value)),
    fail: (message) => core.setFailed(mask(message)),
    writeFile: (path, text) => writeFile(path, mask(text)),
  };
}
