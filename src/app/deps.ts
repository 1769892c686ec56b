import type { Context } from "probot";
import { latestAnchor } from "../core/checklist/anchor.js";
import type { ChecklistPort } from "../core/checklist/flow.js";
import { CHECK_NAME } from "../core/checklist/verdict.js";
import type { Api } from "../github/api.js";
import { checklistComment, checklistPort } from "../github/checklist-port.js";
import { checkRunTexts, createCheckRun } from "../github/checks.js";
import type { RoleLookup } from "../github/permissions.js";

export interface AppDeps {
  /** Signs the hidden state (the webhook secret by default), so a forged state is refused. */
  key?: string;
  roleLookup: RoleLookup;
  /** Delivery ids already handled: a redelivered webhook changes nothing twice. */
  deliveries: { has(id: string): boolean; add(id: string): void };
  /** Runs one PR's events one after another, so this process never races itself. */
  serialize: <T>(key: string, work: () => Promise<T>) => Promise<T>;
}

/** Our comment: the marker, written by a bot, and (when signing) a state only we could sign. */
export const isOurs = (key?: string) => checklistComment((user) => user?.type === "Bot", key);

export const apiOf = (context: Context): Api => context.octokit as unknown as Api;

export function appPort(context: Context, deps: AppDeps, pullNumber: number): ChecklistPort {
  const ref = context.repo();
  const api = apiOf(context);
  const payload = context.payload as { installation?: { id: number }; repository?: { html_url?: string } };
  const installation = payload.installation?.id;
  // `action_required` asks for a details page: the comment once it exists, else the PR.
  const prUrl = payload.repository?.html_url ? `${payload.repository.html_url}/pull/${pullNumber}` : undefined;
  // A check run without the anchor would hide the one before it (GitHub lists each app's newest), so
  // a failure keeps the anchor last read or written on its commit, read now if this event had not.
  const anchors = new Map<string, string>();
  const target = { repo: `${ref.owner}/${ref.repo}`, pr: pullNumber };
  const read = async (sha: string) => {
    const texts = await checkRunTexts(api, ref, sha, CHECK_NAME);
    const latest = latestAnchor(texts, sha, deps.key, target);
    if (latest && !anchors.has(sha)) anchors.set(sha, latest.text);
    return texts;
  };
  return checklistPort(api, ref, pullNumber, {
    isOurs: isOurs(deps.key),
    roleOf: (login) => deps.roleLookup(api, ref, login, installation),
    setVerdict: async (sha, verdict, detailsUrl) => {
      if (!verdict.anchor && verdict.conclusion === "failure" && !anchors.has(sha)) {
        await read(sha).catch(() => undefined);
      }
      const anchor = verdict.anchor ?? anchors.get(sha);
      await createCheckRun(api, ref, {
        name: CHECK_NAME,
        sha,
        verdict: { ...verdict, anchor },
        detailsUrl: detailsUrl ?? prUrl,
      });
      if (anchor) anchors.set(sha, anchor);
    },
    proof: { kind: "anchor", read },
  });
}

export const prKey = (context: Context, pullNumber: number): string => {
  const { owner, repo } = context.repo();
  return `${owner}/${repo}#${pullNumber}`;
};
