import type { SyncInput } from "../core/checklist/flow.js";
import type { Api, RepoRef } from "./api.js";

/** A pull request as webhooks and the REST API spell it. */
export interface PullLike {
  number: number;
  head: { sha: string };
  base: { ref: string; sha: string };
  user?: { login: string } | null;
  labels?: (string | { name?: string })[];
  body?: string | null;
}

/** What the checklist reads of a pull request, from its webhook or REST form. */
export function pullFacts(pr: PullLike): SyncInput["pr"] {
  return {
    number: pr.number,
    headSha: pr.head.sha,
    baseRef: pr.base.ref,
    baseSha: pr.base.sha,
    author: pr.user?.login ?? "",
    labels: (pr.labels ?? []).map((l) => (typeof l === "string" ? l : (l.name ?? ""))),
    body: pr.body,
  };
}

/** The PR a merge queue's branch is for: GitHub names it gh-readonly-queue/<base>/pr-<number>-<sha>. */
export function queuedPull(headRef: string): number | undefined {
  const number = /\/pr-(\d+)-[0-9a-f]+$/.exec(headRef)?.[1];
  return number === undefined ? undefined : Number(number);
}

/** Every path a PR changes with its blob id, renamed files under both names; all pages. */
export async function listPullFiles(
  api: Api,
  ref: RepoRef,
  pullNumber: number,
): Promise<{ path: string; sha?: string }[]> {
  const files = await api.paginate("GET /repos/{owner}/{repo}/pulls/{pull_number}/files", {
    ...ref,
    pull_number: pullNumber,
    per_page: 100,
  });
  return files.flatMap((f) => {
    const current = { path: f.filename, sha: f.sha ?? undefined };
    return f.previous_filename ? [current, { path: f.previous_filename }] : [current];
  });
}

/** Each commit's author as GitHub links it (null for an e-mail no account has) and whether its signature is verified. */
export async function listPullCommits(
  api: Api,
  ref: RepoRef,
  pullNumber: number,
): Promise<{ author: string | null; verified: boolean }[]> {
  const commits = await api.paginate("GET /repos/{owner}/{repo}/pulls/{pull_number}/commits", {
    ...ref,
    pull_number: pullNumber,
    per_page: 100,
  });
  return commits.map((c) => ({ author: c.author?.login ?? null, verified: c.commit.verification?.verified === true }));
}

export async function getPull(api: Api, ref: RepoRef, pullNumber: number) {
  const { data } = await api.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", {
    ...ref,
    pull_number: pullNumber,
  });
  return data;
}

/** The open PR whose head is `sha`, if any. */
export async function pullForCommit(api: Api, ref: RepoRef, sha: string): Promise<number | undefined> {
  const { data } = await api.request("GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls", {
    ...ref,
    commit_sha: sha,
  });
  return data.find((pr) => pr.state === "open" && pr.head.sha === sha)?.number;
}
