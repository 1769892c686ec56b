import type { IsTeamMember } from "../core/codeowners.js";
import type { Api } from "./api.js";

/**
 * Whether a user is an active member of a team (GET /orgs/{org}/teams/{team_slug}/memberships/{username}):
 * a pending invitation is not membership, and a 404 means not a member. Any other error throws, so
 * a tick is never counted on an answer GitHub did not give; the explain-errors plugin names the
 * `members: read` permission when GitHub refuses. One request per team and user per lookup made:
 * the port makes one per event.
 */
export function teamMembership(api: Api): IsTeamMember {
  const cache = new Map<string, Promise<boolean>>();
  return (org, teamSlug, login) => {
    const key = `${org}/${teamSlug}:${login}`.toLowerCase();
    let answer = cache.get(key);
    if (!answer) {
      answer = api
        .request("GET /orgs/{org}/teams/{team_slug}/memberships/{username}", {
          org,
          team_slug: teamSlug,
          username: login,
        })
        .then(
          ({ data }) => data.state === "active",
          (error: { status?: number }) => {
            if (error.status === 404) return false;
            cache.delete(key);
            throw error;
          },
        );
      cache.set(key, answer);
    }
    return answer;
  };
}
