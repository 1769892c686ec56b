import type { Api, RepoRef } from "./api.js";

export interface IssueComment {
  id: number;
  node_id?: string;
  body?: string | null;
  html_url?: string;
  user?: { login: string; id: number; type?: string } | null;
  performed_via_github_app?: { id: number } | null;
  created_at?: string;
  updated_at?: string;
}

/** Every comment on the issue, oldest first; all pages. */
export async function listComments(api: Api, ref: RepoRef, issueNumber: number): Promise<IssueComment[]> {
  return (await api.paginate("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
    ...ref,
    issue_number: issueNumber,
    per_page: 100,
  })) as IssueComment[];
}

/** A reaction on an issue comment. */
export async function reactTo(api: Api, ref: RepoRef, commentId: number, content: "+1" | "confused"): Promise<void> {
  await api.request("POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", {
    ...ref,
    comment_id: commentId,
    content,
  });
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
