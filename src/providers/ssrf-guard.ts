import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * SSRF protection for upstream URLs a tenant supplies (BYOK base_url): no loopback, private,
 * link-local, CGNAT or unspecified addresses, for literal IPs and for every address a hostname
 * resolves to — unless an admin allows private upstreams in config (on-prem models, tests).
 */

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return blocked.check(mapped[1] as string, 'ipv4');
    return blocked.check(address, 'ipv6');
  }
  return true; // not an IP at all: refuse
}

export class UnsafeUpstreamError extends Error {}

/** Throws UnsafeUpstreamError naming the reason; resolves when the URL is safe to call. */
export async function assertSafeUpstreamUrl(raw: string, allowPrivate: boolean): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UnsafeUpstreamError('base_url is not a valid URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UnsafeUpstreamError('base_url must be http(s)');
  if (url.username || url.password) throw new UnsafeUpstreamError('base_url must not contain credentials');
  if (allowPrivate) return url;
  if (url.protocol !== 'https:') throw new UnsafeUpstreamError('base_url must use https');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true, verbatim: true }).catch(() => [])).map((a) => a.address);
  if (addresses.length === 0) throw new UnsafeUpstreamError(`base_url host '${host}' does not resolve`);
  const bad = addresses.find(isPrivateAddress);
  if (bad) throw new UnsafeUpstreamError(`base_url host '${host}' resolves to a private or loopback address (${bad})`);
  return url;
}
