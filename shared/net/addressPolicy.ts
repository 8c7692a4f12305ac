import { BlockList, isIP } from 'node:net';

/**
 * Which IP addresses a server-side fetch may connect to (issue 18, SSRF): public unicast only. Every
 * range that reaches this host, the VPC, the cloud's metadata service or something non-routable is
 * refused, for IPv4 and IPv6, including IPv6 forms that embed an IPv4 address (mapped, NAT64, 6to4,
 * Teredo), which are refused outright rather than decoded: a public server has no reason to be
 * published under them.
 */
const BLOCKED_V4: readonly [string, number, string][] = [
  ['0.0.0.0', 8, '"this" network'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local (cloud metadata 169.254.169.254)'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, '6to4 relay anycast'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved and broadcast'],
];

const BLOCKED_V6: readonly [string, number, string][] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['::', 96, 'IPv4-compatible (deprecated)'],
  ['::ffff:0:0', 96, 'IPv4-mapped'],
  ['64:ff9b::', 96, 'NAT64'],
  ['64:ff9b:1::', 48, 'local NAT64'],
  ['100::', 64, 'discard'],
  ['2001::', 23, 'IETF protocol assignments (Teredo included)'],
  ['2001:db8::', 32, 'documentation'],
  ['2002::', 16, '6to4'],
  ['fc00::', 7, 'unique local (AWS metadata fd00:ec2::254 included)'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local (deprecated)'],
  ['ff00::', 8, 'multicast'],
];

// Two lists: Node's BlockList checks an IPv4 address against IPv6 rules too (as ::ffff:a.b.c.d), so one
// list holding `::ffff:0:0/96` would refuse every IPv4 address.
const blockedV4 = new BlockList();
for (const [address, prefix] of BLOCKED_V4) blockedV4.addSubnet(address, prefix, 'ipv4');
const blockedV6 = new BlockList();
for (const [address, prefix] of BLOCKED_V6) blockedV6.addSubnet(address, prefix, 'ipv6');

/** Strips the brackets URL.hostname keeps around an IPv6 literal. */
export function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** Whether `address` (an IP literal) is a public unicast address a fetch may connect to. */
export function isPublicAddress(address: string): boolean {
  const plain = unbracket(address);
  const family = isIP(plain);
  if (family === 0) return false;
  // Zone ids (fe80::1%eth0) only exist on link-local addresses.
  if (plain.includes('%')) return false;
  return family === 4 ? !blockedV4.check(plain, 'ipv4') : !blockedV6.check(plain, 'ipv6');
}
