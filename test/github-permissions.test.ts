import nock from "nock";
import { describe, expect, it } from "vitest";
import { createOctokit } from "../src/github/octokit.js";
import { createRoleLookup } from "../src/github/permissions.js";

const API = "https://api.github.com";
const REF = { owner: "acme", repo: "web" };
const permission = (login: string) => `/repos/acme/web/collaborators/${login}/permission`;

describe("createRoleLookup", () => {
  it("asks GitHub once for the questions of one event asked at once, whatever the login's case", async () => {
    nock(API).get(permission("lead")).reply(200, { permission: "write", role_name: "write" });
    const roleOf = createRoleLookup();
    const api = createOctokit({ token: "t", retries: 0 });
    // nock answers once: a second request would fail.
    expect(await Promise.all([roleOf(api, REF, "lead"), roleOf(api, REF, "Lead")])).toEqual(["write", "write"]);
  });

  it("reads a 404 as no role, and forgets a failure: the next question asks again", async () => {
    nock(API)
      .get(permission("stranger"))
      .reply(404, { message: "Not Found" })
      .get(permission("lead"))
      .reply(500, { message: "boom" })
      .get(permission("lead"))
      .reply(200, { permission: "admin", role_name: "admin" });
    const roleOf = createRoleLookup();
    const api = createOctokit({ token: "t", retries: 0 });
    expect(await roleOf(api, REF, "stranger")).toBe("none");
    await expect(roleOf(api, REF, "lead")).rejects.toMatchObject({ status: 500 });
    expect(await roleOf(api, REF, "lead")).toBe("admin");
  });
});
