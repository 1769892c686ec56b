import type { Api, RepoRef } from "./api.js";

/** A file's text at a commit, or undefined when it does not exist there. */
export async function fileAt(api: Api, ref: RepoRef, path: string, commit: string): Promise<string | undefined> {
  try {
    const { data } = await api.request("GET /repos/{owner}/{repo}/contents/{path}", {
      ...ref,
      path,
      ref: commit,
      headers: { accept: "application/vnd.github.raw+json" },
    });
    return typeof data === "string"
      ? data
      : Buffer.from((data as { content?: string }).content ?? "", "base64").toString("utf8");
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined;
    throw error;
  }
}
