import { auditOf } from "../../core/checklist/flow.js";
import { UserError } from "../../core/errors.js";
import { git } from "../../core/git.js";
import { checklistPort } from "../../github/checklist-port.js";
import { commentRevisions } from "../../github/comment-history.js";
import { createRoleLookup } from "../../github/permissions.js";
import type { CommandContext, CommandOutput } from "../context.js";
import { githubApi } from "../github.js";

/** `owner/name` from --repo, else from the `origin` remote's URL (https or ssh). */
async function repoOf(ctx: CommandContext, given?: string): Promise<{ owner: string; repo: string }> {
  const text = given ?? (await git(ctx.repo, ["remote", "get-url", "origin"]).catch(() => "")).trim();
  const match = /(?:^|[/:])([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)(?:\.git)?\/?$/.exec(text);
  if (!match) {
    throw new UserError(
      given
        ? `--repo "${given}" is not owner/name; pass the repository as owner/name`
        : "cannot tell the repository from the `origin` remote; pass --repo owner/name",
    );
  }
  return { owner: match[1], repo: match[2] };
}

/**
 * `deploy-gate checklist --audit --pr N`: every tick, untick, waiver and override of the PR's
 * checklist, with who and when, from GitHub's record (the action's trail: job summaries cannot be
 * read back). Needs a token in GITHUB_TOKEN or GH_TOKEN; GITHUB_API_URL for GitHub Enterprise.
 */
export async function checklistAuditCommand(
  ctx: CommandContext,
  options: { pr?: string; repo?: string },
): Promise<CommandOutput> {
  const pr = Number(options.pr);
  if (!Number.isInteger(pr) || pr <= 0) throw new UserError(`--pr "${options.pr ?? ""}" is not a pull request number`);
  const api = githubApi(
    ctx.io.env,
    "--audit reads GitHub: set GITHUB_TOKEN (or GH_TOKEN) to a token that may read the repository",
  );
  const ref = await repoOf(ctx, options.repo);
  const roles = createRoleLookup();
  const port = checklistPort(api, ref, pr, {
    isAuthor: (user) => user?.type === "Bot",
    roleOf: (login) => roles(api, ref, login),
    setVerdict: async () => undefined,
    proof: { revisions: (comment) => commentRevisions(api, comment.nodeId) },
  });
  const audit = await auditOf(port);
  if (!audit) throw new UserError(`${ref.owner}/${ref.repo}#${pr} has no deploy-gate checklist comment`);
  const head = audit.state.sha.slice(0, 7);
  const text = `Audit trail of ${ref.owner}/${ref.repo}#${pr} (checklist for ${head}):\n${audit.lines.length ? audit.lines.join("\n") : "nothing ticked, waived or overridden yet"}\n`;
  return {
    document: {
      version: 1,
      ok: true,
      repo: `${ref.owner}/${ref.repo}`,
      pr,
      head: audit.state.sha,
      entries: audit.lines.map((l) => l.slice(2)),
    },
    text,
    exitCode: 0,
  };
}
