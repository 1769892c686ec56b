import type { Api, RepoRef } from "./api.js";

export interface IssueComment {
  id: number;
  node_id?: string;
  body?: string | null;
  html_url?: string;
  user?: { login: string; id: number; type?: string } | null;
  performed_via_github_app?: { id: number } | null;
}

/** The first comment on the issue that `isOurs` accepts; all pages. */
export async function findComment(
  api: Api,
  ref: RepoRef,
  issueNumber: number,
  isOurs: (comment: IssueComment) => boolean,
): Promise<IssueComment | undefined> {
  const comments = (await api.paginate("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
    ...ref,
    issue_number: issueNumber,
    per_page: 100,
  })) as IssueComment[];
  return comments.find(isOurs);
}

export async function createComment(api: Api, ref: RepoRef, issueNumber: number, body: string) {
  const { data } = await api.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
    ...ref,
    issue_number: issueNumber,
    body,
  });
  return { id: Number(data.id), body: data.body ?? body, url: data.html_url };
}

export async function updateComment(api: Api, ref: RepoRef, commentId: number, body: string): Promise<void> {
  await api.request("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", {
    ...ref,
    comment_id: commentId,
    body,
  });
}
