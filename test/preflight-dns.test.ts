import { describe, expect, it } from "vitest";
import { configWith, runPreflight } from "./helpers/preflight.js";
import { dnsServer } from "./helpers/servers.js";

describe("preflight dns", () => {
  it("asks the named server: resolves, private, public, NXDOMAIN (outage 4: no private DNS)", async () => {
    const server = await dnsServer({
      "ssm.eu-west-1.amazonaws.com": { A: ["10.0.3.17"], AAAA: ["fd00::17"] },
      "public.example.test": { A: ["52.94.1.2"] },
      "v6only.example.test": { AAAA: ["fe80::1"] },
    });
    const { results } = await runPreflight(
      configWith(`  - { id: ssm, type: dns, host: "ssm.\${AWS_REGION}.amazonaws.com", server: "${server}", private: true }
  - { id: public, type: dns, host: public.example.test, server: "${server}" }
  - { id: public-private, type: dns, host: public.example.test, server: "${server}", private: true }
  - { id: v6, type: dns, host: v6only.example.test, server: "${server}", private: true }
  - { id: nx, type: dns, host: ssm.eu-west-2.amazonaws.com, server: "${server}" }
`),
      { "prod.env": "AWS_REGION=eu-west-1\n" },
    );
    expect(results.map((r) => [r.id, r.verdict])).toEqual([
      ["ssm", "passed"],
      ["public", "passed"],
      ["public-private", "not-private"],
      ["v6", "passed"],
      ["nx", "unresolvable"],
    ]);
    expect(results[0].message).toContain("10.0.3.17");
    expect(results[0].message).toContain("fd00::17");
    expect(results[2].message).toContain("public address 52.94.1.2");
    expect(results[4].message).toContain("ssm.eu-west-2.amazonaws.com does not resolve");
  });

  it("a DNS server that never answers is a timeout", async () => {
    const server = await dnsServer({ "hang.example.test": "hang" });
    const { results } = await runPreflight(
      configWith(`  - { id: hang, type: dns, host: hang.example.test, server: "${server}", timeout: 300ms }\n`),
      { "prod.env": "" },
    );
    expect(results[0]).toMatchObject({ id: "hang", status: "fail", verdict: "timeout" });
  });

  it("a server that is not an IP address fails with a clear message", async () => {
    const { results } = await runPreflight(
      configWith(
        '  - { id: bad, type: dns, host: a.example.test, server: not-an-ip }\n  - { id: empty, type: dns, host: "${E}" }\n',
      ),
      { "prod.env": "E=\n" },
    );
    expect(results[1]).toMatchObject({ id: "empty", verdict: "unresolvable" });
    expect(results[0]).toMatchObject({ id: "bad", status: "fail", verdict: "unreachable" });
    expect(results[0].message).toContain("could not resolve a.example.test (asking not-an-ip)");
  });

  it("uses the system resolver (so /etc/hosts counts) when no server is named", async () => {
    const { results } = await runPreflight(
      configWith("  - { id: local, type: dns, host: localhost, private: true }\n"),
      { "prod.env": "" },
    );
    expect(results[0]).toMatchObject({ id: "local", verdict: "passed" });
  });
});
