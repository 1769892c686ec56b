/**
 * GitHub's errors in words a user can act on. "Resource not accessible by integration" says
 * neither which permission is missing nor where to grant it; the endpoint that refused does.
 * Applied once, as an Octokit plugin, so every place an error surfaces (the step's failure, a
 * check run's summary, the app's log) says the same thing. The error keeps its `status`.
 */

/** Who holds the token: a workflow's GITHUB_TOKEN (job `permissions:`) or the GitHub App. */
export type TokenHolder = "workflow" | "app";

interface Need {
  method: RegExp;
  path: RegExp;
  /** As a workflow's `permissions:` spells it. */
  workflow: string;
  /** As the app's manifest (`app.yml`, `default_permissions`) spells it. */
  app: string;
}

const REPO = "^/repos/[^/]+/[^/]+";
const route = (rest: string) => new RegExp(`${REPO}${rest}(?:\\?.*)?$`);
const WRITE = /^(POST|PATCH|PUT|DELETE)$/;
const READ = /^GET$/;

/** One endpoint and its permission; `app` only where the app's manifest spells it otherwise. */
const need = (method: RegExp, path: RegExp, workflow: string, app = workflow): Need => ({
  method,
  path,
  workflow,
  app,
});

/** Every endpoint deploy-gate calls, with the permission it takes. First match wins. */
const NEEDS: Need[] = [
  need(WRITE, route("/statuses/[^/]+"), "statuses: write"),
  need(READ, route("/commits/[^/]+/status(?:es)?"), "statuses: read"),
  need(WRITE, route("/check-runs(?:/[^/]+)?"), "checks: write"),
  need(READ, route("/commits/[^/]+/check-runs"), "checks: read"),
  // The protection rule: its review is a deployments write, the runs it reads are actions.
  need(WRITE, route("/actions/runs/[^/]+/deployment_protection_rule"), "deployments: write"),
  need(READ, route("/actions/runs(?:/.*)?"), "actions: read"),
  need(WRITE, route("/deployments(?:/[^/]+/statuses)?"), "deployments: write"),
  need(READ, route("/deployments.*"), "deployments: read"),
  // The gate only comments on pull requests: a workflow token needs pull-requests, the app issues.
  need(WRITE, route("/issues/(?:[^/]+/comments|comments/[^/]+)"), "pull-requests: write", "issues: write"),
  need(READ, route("/issues/.*"), "pull-requests: read", "issues: read"),
  need(READ, route("/(?:pulls|commits/[^/]+/pulls).*"), "pull-requests: read", "pull_requests: read"),
  need(READ, route("/collaborators/.*"), "metadata: read"),
  need(READ, route("/(?:contents|compare|git|commits)(?:/.*)?"), "contents: read"),
  need(READ, /^\/orgs\/[^/]+\/teams\/[^/]+\/memberships\/[^/?]+(?:\?.*)?$/, "members: read"),
  need(/^POST$/, /^\/graphql$/, "pull-requests: read", "pull_requests: read"),
];

const WHERE: Record<TokenHolder, string> = {
  workflow:
    "add it under the job's `permissions:` in the workflow (a pull request from a fork gets a read-only token whatever the workflow asks: run the stage on pull_request_target)",
  app: "add it to the app's permissions (its settings page, Permissions & events; `app.yml` lists them) and accept the change on each installation",
};

interface RequestErrorLike {
  status?: number;
  message: string;
  request?: { method?: string; url?: string };
  response?: { data?: unknown };
  cause?: unknown;
}

const isRequestError = (error: unknown): error is RequestErrorLike =>
  error instanceof Error && typeof (error as RequestErrorLike).status === "number" && "request" in error;

/** The path of a request (without the API's base, so GitHub Enterprise's `/api/v3` drops out). */
function pathOf(url: string): { host: string; path: string } {
  try {
    const parsed = new URL(url);
    return { host: parsed.host, path: parsed.pathname.replace(/^\/api\/v3(?=\/)/, "") };
  } catch {
    return { host: "", path: url };
  }
}

/** The permission an endpoint takes, spelled for the token's holder; undefined when unknown. */
export function permissionFor(method: string, path: string, holder: TokenHolder): string | undefined {
  const need = NEEDS.find((n) => n.method.test(method.toUpperCase()) && n.path.test(path));
  return need?.[holder];
}

/** What GitHub said, in its own words (the message of its JSON body). */
function githubSaid(error: RequestErrorLike): string {
  const data = error.response?.data as { message?: unknown } | undefined;
  const said = typeof data?.message === "string" ? data.message : error.message.split(" - ")[0];
  return said.split("\n")[0] ?? "";
}

/** The network's reason, e.g. `ECONNREFUSED` or `ENOTFOUND`, from fetch's nested causes. */
function networkReason(error: unknown): string | undefined {
  for (let cause = (error as { cause?: unknown }).cause, depth = 0; cause && depth < 4; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === "string") return code;
    cause = (cause as { cause?: unknown }).cause;
  }
  return undefined;
}

/** One sentence saying what went wrong and what to do, or undefined when the error speaks for itself. */
export function explainGitHubError(error: unknown, holder: TokenHolder): string | undefined {
  if (!isRequestError(error) || !error.request?.url) return undefined;
  const method = (error.request.method ?? "GET").toUpperCase();
  const { host, path } = pathOf(error.request.url);
  const endpoint = `${method} ${path}`;
  if (error.response === undefined) {
    const reason = networkReason(error) ?? error.message;
    const check =
      holder === "workflow" ? "the runner's network and GITHUB_API_URL" : "the network, a proxy and GHE_HOST";
    return `could not reach ${host} for ${endpoint} (${reason}); check ${check}`;
  }
  const said = githubSaid(error);
  if (error.status === 403 && /not accessible by integration/i.test(said)) {
    const permission = permissionFor(method, path, holder);
    const who = holder === "workflow" ? "the job's token" : "the app";
    if (!permission) {
      return `GitHub refused ${endpoint} (403 ${said}): ${who} lacks a permission this endpoint needs; compare its permissions with the README's list`;
    }
    return `GitHub refused ${endpoint} (403 ${said}): ${who} lacks \`${permission}\`; ${WHERE[holder]}`;
  }
  if (error.status === 401 && holder === "app") {
    return `GitHub refused the app's credentials for ${endpoint} (401 ${said}): check that APP_ID and PRIVATE_KEY belong to the same app`;
  }
  return undefined;
}

const EXPLAINED = Symbol("deploy-gate.explained");

/** Whether the plugin below rewrote this error's message. */
export const isExplained = (error: unknown): boolean =>
  typeof error === "object" && error !== null && EXPLAINED in error;

/** An Octokit plugin: a failed request's message becomes the sentence above; status and response stay. */
export function explainErrors(holder: TokenHolder) {
  return (octokit: { hook: { error: (name: "request", hook: (error: any) => never) => void } }) => {
    octokit.hook.error("request", (error: RequestErrorLike & { [EXPLAINED]?: true }) => {
      const explained = error[EXPLAINED] ? undefined : explainGitHubError(error, holder);
      if (explained) Object.assign(error, { message: explained, [EXPLAINED]: true });
      throw error;
    });
  };
}
