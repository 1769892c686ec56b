import { describe, expect, it } from "vitest";
import { isPrivateAddress } from "../src/core/preflight/private-address.js";

describe("private addresses", () => {
  it.each([
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "127.0.0.1",
    "169.254.169.254",
    "::1",
    "fd12:3456::1",
    "fc00::",
    "fe80::1%eth0",
    "::ffff:10.0.0.1",
  ])("%s is private", (ip) => {
    expect(isPrivateAddress(ip)).toBe(true);
  });

  it.each(["8.8.8.8", "172.32.0.1", "172.15.0.1", "192.169.0.1", "2001:db8::1", "::ffff:52.1.1.1", "not-an-ip", "::"])(
    "%s is not private",
    (ip) => {
      expect(isPrivateAddress(ip)).toBe(false);
    },
  );
});
