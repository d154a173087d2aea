import { lookup as dnsLookup } from 'node:dns';
import { lookup as resolveAll } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

// Where a webhook may point. An admin's URL is fetched by the server, from inside the
// newsroom's network: a URL naming the database's host, a cloud's metadata service
// (169.254.169.254) or anything else private would turn webhooks into a way in (server-side
// request forgery). Addresses are checked when the URL is saved and again at every delivery,
// on the address actually connected to (a name may resolve elsewhere by then).

/** Why a URL may not be a webhook's, or null when it may. */
export async function refusalOf(url: string, allowPrivate: boolean): Promise<string | null> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'must be an http or https URL';
  if (parsed.username || parsed.password) return 'must not hold credentials (the signature authenticates the sender)';
  if (allowPrivate) return null;
  const host = hostOf(parsed);
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await resolveAll(host, { all: true, verbatim: true })).map((entry) => entry.address);
  } catch {
    return `names a host that does not resolve (${host})`;
  }
  const blocked = addresses.find((address) => !isPublicAddress(address));
  return blocked ? `resolves to a private, loopback or link-local address (${blocked}): not allowed` : null;
}

/**
 * Only global unicast: not private, loopback, link-local, unique-local, CGNAT, multicast,
 * reserved, or an IPv6 form of those (IPv4-mapped is judged as its IPv4 address; IPv6 must be
 * in 2000::/3, which leaves out the deprecated IPv4-compatible ::a.b.c.d).
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) parsed = v6.toIPv4Address();
    else if (!v6.match(ipaddr.IPv6.parse('2000::'), 3)) return false;
  }
  return parsed.range() === 'unicast';
}

/** The URL's host as a socket wants it (IPv6 literals without their brackets). */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/** A DNS lookup for delivery sockets that fails on any non-public address (unless allowed). */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, entries) => {
      if (error) return callback(error, '', 0);
      const addresses = entries as unknown as { address: string; family: number }[];
      const blocked = allowPrivate ? undefined : addresses.find((entry) => !isPublicAddress(entry.address));
      if (blocked) return callback(Object.assign(new Error(`${hostname} resolves to a non-public address (${blocked.address})`), { code: 'EBLOCKED' }), '', 0);
      if (options.all) return (callback as unknown as (e: null, all: typeof addresses) => void)(null, addresses);
      const [first] = addresses;
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
      callback(null, first.address, first.family);
    });
  };
}
