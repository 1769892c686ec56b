import { createRequire as __gateRequire } from "node:module"; const require = __gateRequire(import.meta.url);
import {
  githubApi
} from "./chunk-YHXHY4C7.js";
import {
  auditOf,
  checklistPort,
  commentRevisions,
  createRoleLookup
} from "./chunk-X5EWANV6.js";
import "./chunk-YVTGUR2J.js";
import "./chunk-LIHBNUI2.js";
import {
  git
} from "./chunk-YIBPZSQ5.js";
import {
  UserError
} from "./chunk-ESZZZHL2.js";
import "./chunk-OLBDVPO5.js";

// src/cli/commands/checklist-audit.ts
async function repoOf(ctx, given) {
  const text = given ?? (await git(ctx.repo, ["remote", "get-url", "origin"]).catch(() => "")).trim();
  const match = /(?:^|[/:])([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)(?:\.git)?\/?$/.exec(text);
  if (!match) {
    throw new UserError(
      given ? `--repo "${given}" is not owner/name; pass the repository as owner/name` : "cannot tell the repository from the `origin` remote; pass --repo owner/name"
    );
  }
  return { owner: match[1], repo: match[2] };
}
async function checklistAuditCommand(ctx, options) {
  const pr = Number(options.pr);
  if (!Number.isInteger(pr) || pr <= 0) throw new UserError(`--pr "${options.pr ?? ""}" is not a pull request number`);
  const api = githubApi(
    ctx.io.env,
    "--audit reads GitHub: set GITHUB_TOKEN (or GH_TOKEN) to a token that may read the repository"
  );
  const ref = await repoOf(ctx, options.repo);
  const roles = createRoleLookup();
  const port = checklistPort(api, ref, pr, {
    isAuthor: (user) => user?.type === "Bot",
    roleOf: (login) => roles(api, ref, login),
    setVerdict: async () => void 0,
    proof: { revisions: (comment) => commentRevisions(api, comment.nodeId) }
  });
  const audit = await auditOf(port);
  if (!audit) throw new UserError(`${ref.owner}/${ref.repo}#${pr} has no deploy-gate checklist comment`);
  const head = audit.state.sha.slice(0, 7);
  const text = `Audit trail of ${ref.owner}/${ref.repo}#${pr} (checklist for ${head}):
${audit.lines.length ? audit.lines.join("\n") : "nothing ticked, waived or overridden yet"}
`;
  return {
    document: {
      version: 1,
      ok: true,
      repo: `${ref.owner}/${ref.repo}`,
      pr,
      head: audit.state.sha,
      entries: audit.lines.map((l) => l.slice(2))
    },
    text,
    exitCode: 0
  };
}
export {
  checklistAuditCommand
};
