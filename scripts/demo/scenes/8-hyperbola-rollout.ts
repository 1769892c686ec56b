import type { Scene } from "../scene.js";
import { replay } from "../scene.js";

const OLD = "0.149.1";
const NEW = "0.149.2";
/** Three hosts behind one name, on their own loopback addresses. */
const ADDRESSES = ["127.0.0.2", "127.0.0.3", "127.0.0.4"];

const config = (hosts: string[]) => `version: 1
environments:
  production:
    variables: [{ dotenv: deploy/production.env }]
verify:
  - id: web
    type: rollout
    hosts: [${hosts.map((h) => `"${h}"`).join(", ")}]
    url: "http://{host}/healthz"
    expect: { status: 200, json: { "$.version": "\${RELEASE}" } }
    interval: 100ms
    timeout: 1s
    error_limit: 3
    deadline: 5s
`;

// hyperbo.la: the instance cycler replaced every host without checking /healthz. The new hosts came
// up on the old build, one of them answered 502, and a smoke test by hand found it.
export const hyperbolaRollout: Scene = {
  incident: 8,
  title: "rollout replaced every host, none on the new version, one 502ing",
  stage: "verify",
  verdict: "unhealthy",
  id: "web",
  play: async (kit) => {
    let fixed = false;
    // The fixed rollout lands host by host: each serves the new build after a few polls.
    const polls = ADDRESSES.map(() => 0);
    const answer = (i: number) => () => {
      if (!fixed) {
        return i === 2
          ? { status: 502, body: '{"error":"bad gateway"}' }
          : { status: 200, body: JSON.stringify({ version: OLD }) };
      }
      polls[i]++;
      return { status: 200, body: JSON.stringify({ version: polls[i] > 2 * i ? NEW : OLD }) };
    };
    const port = await kit.httpAt(ADDRESSES[0], answer(0));
    for (let i = 1; i < ADDRESSES.length; i++) await kit.httpAt(ADDRESSES[i], answer(i), port);
    const files = {
      ".github/deploy-gate.yml": config(ADDRESSES.map((a) => `${a}:${port}`)),
      "deploy/production.env": `RELEASE=${OLD}\n`,
    };
    return replay(kit, hyperbolaRollout, {
      command: "verify",
      files,
      fault: { "deploy/production.env": `RELEASE=${NEW}\n` },
      // The cycler now waits for /healthz before it takes the next host.
      fix: { "deploy/cycler.yml": "health_check: { path: /healthz, expect_version: true }\n" },
      applyFix: () => {
        fixed = true;
      },
    });
  },
};
