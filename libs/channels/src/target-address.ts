import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * SSRF defence: which addresses a JSON or Slack target may reach. Only globally routable
 * unicast addresses pass; every special range ipaddr.js knows (loopback, private, link-local,
 * CGNAT, multicast, reserved, unique-local, IPv4-mapped, NAT64, 6to4, Teredo...) is refused.
 */
export function isPublicAddress(address: string): boolean {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address.replace(/^\[|\]$/g, ''));
  } catch {
    return false;
  }
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    // Judge an embedded IPv4 address by the IPv4 rules as well: ::ffff:127.0.0.1 is loopback.
    if (v6.isIPv4MappedAddress()) return isPublicAddress(v6.toIPv4Address().toString());
    return v6.range() === 'unicast';
  }
  return parsed.range() === 'unicast';
}

/**
 * An IPv4 literal in any spelling WHATWG URL parsing accepts (`127.1`, `2130706433`,
 * `0x7f.1`) is already normalised by `new URL()`; this tells a literal host from a name.
 */
export function literalAddress(hostname: string): string | null {
  const bare = hostname.replace(/^\[|\]$/g, '');
  return isIP(bare) ? bare : null;
}

export class BlockedAddressError extends Error {
  constructor(readonly host: string) {
    super(`${host} resolves to an address Herald does not deliver to (loopback, private or reserved)`);
    this.name = 'BlockedAddressError';
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http.Agent that only ever hands out addresses it has checked, so a name that
 * re-resolves to an internal address between validation and connection (DNS rebinding) fails.
 */
export function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: { all?: boolean; family?: number }, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, [] as LookupAddress[]);
      const list = addresses as LookupAddress[];
      const allowed = allowPrivate ? list : list.filter((entry) => isPublicAddress(entry.address));
      if (allowed.length === 0) {
        const blocked = new BlockedAddressError(hostname) as NodeJS.ErrnoException;
        blocked.code = 'EHERALDBLOCKED';
        return callback(blocked, [] as LookupAddress[]);
      }
      if (options.all) return callback(null, allowed);
      callback(null, allowed[0].address, allowed[0].family);
    });
  };
}

/** Resolves a host the way the agent will and says whether every address is allowed. */
export async function checkHost(hostname: string, allowPrivate: boolean): Promise<void> {
  if (allowPrivate) return;
  const literal = literalAddress(hostname);
  if (literal) {
    if (!isPublicAddress(literal)) throw new BlockedAddressError(hostname);
    return;
  }
  const addresses = await new Promise<LookupAddress[]>((resolve, reject) =>
    dnsLookup(hostname, { all: true }, (error, found) => (error ? reject(error) : resolve(found))),
  );
  if (addresses.length === 0 || addresses.some((entry) => !isPublicAddress(entry.address))) throw new BlockedAddressError(hostname);
}
