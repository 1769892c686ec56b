import { isIPv4, isIPv6 } from "node:net";

const v4 = (ip: string): number[] => ip.split(".").map(Number);

function privateV4(ip: string): boolean {
  const [a, b] = v4(ip);
  return (
    a === 10 || // RFC 1918
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    a === 127 || // loopback
    (a === 169 && b === 254) // link-local
  );
}

/** Expands `::` so the first hextets can be compared. */
function hextets(ip: string): number[] {
  const [head, tail] = ip.includes("::") ? ip.split("::") : [ip, undefined];
  const part = (s: string | undefined) => (s ? s.split(":") : []);
  let h = part(head);
  let t = part(tail);
  // An embedded IPv4 tail (::ffff:10.0.0.1) is two hextets.
  const last = (t.length ? t : h).at(-1);
  if (last?.includes(".")) {
    const [a, b, c, d] = v4(last);
    const extra = [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
    if (t.length) t = [...t.slice(0, -1), ...extra];
    else h = [...h.slice(0, -1), ...extra];
  }
  const fill = tail === undefined ? [] : Array(8 - h.length - t.length).fill("0");
  return [...h, ...fill, ...t].map((x) => Number.parseInt(x || "0", 16));
}

function privateV6(ip: string): boolean {
  const h = hextets(ip.split("%")[0].toLowerCase());
  if (h.slice(0, 7).every((x) => x === 0) && h[7] === 1) return true; // ::1
  if ((h[0] & 0xfe00) === 0xfc00) return true; // unique local fc00::/7
  if ((h[0] & 0xffc0) === 0xfe80) return true; // link-local fe80::/10
  // IPv4-mapped: judge the IPv4 address.
  if (h.slice(0, 5).every((x) => x === 0) && h[5] === 0xffff) {
    return privateV4(`${h[6] >> 8}.${h[6] & 255}.${h[7] >> 8}.${h[7] & 255}`);
  }
  return false;
}

/** RFC 1918, loopback, link-local and unique-local IPv6: what a private (VPC) endpoint resolves to. */
export function isPrivateAddress(ip: string): boolean {
  if (isIPv4(ip)) return privateV4(ip);
  if (isIPv6(ip)) return privateV6(ip);
  return false;
}
