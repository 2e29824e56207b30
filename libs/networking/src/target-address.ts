import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import ipaddr from 'ipaddr.js';

/** IPv6 global unicast (2000::/3): everything outside it is special-purpose or unassigned. */
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');

/** How long creation-time validation waits for DNS before calling a name unresolvable. */
const LOOKUP_TIMEOUT_MS = 5_000;

/**
 * SSRF defence: which addresses a JSON or Slack target may reach. Only globally routable
 * unicast addresses pass; every special range ipaddr.js knows (loopback, private, link-local,
 * CGNAT, multicast, reserved, unique-local, IPv4-mapped, NAT64, 6to4, Teredo...) is refused,
 * and so is IPv6 outside 2000::/3, which ipaddr.js calls "unicast" although it is not
 * routable (the deprecated IPv4-compatible `::7f00:1`, for one).
 */
export function isPublicAddress(address: string): boolean {
  const parsed = parseAddress(address);
  if (!parsed) return false;
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    // Judge an embedded IPv4 address by the IPv4 rules as well: ::ffff:127.0.0.1 is loopback.
    if (v6.isIPv4MappedAddress()) return isPublicAddress(v6.toIPv4Address().toString());
    return v6.range() === 'unicast' && v6.match(GLOBAL_UNICAST_V6);
  }
  return parsed.range() === 'unicast';
}

/**
 * The normalised address when `hostname` is an IP literal in any spelling: bracketed IPv6 and
 * every IPv4 form inet_aton and WHATWG URL parsing accept (`127.1`, `2130706433`, `0x7f.1`,
 * `0177.0.0.1`), so a caller that skipped `new URL()` normalisation is not fooled either.
 * Null for a name.
 */
export function literalAddress(hostname: string): string | null {
  const parsed = parseAddress(hostname);
  return parsed ? parsed.toString() : null;
}

function parseAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const bare = text.replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (!ipaddr.isValid(bare)) return null;
  try {
    return ipaddr.parse(bare);
  } catch {
    return null;
  }
}

/** `localhost`, `localhost.` and every `*.localhost` name are loopback by definition (RFC 6761). */
function isLocalhostName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}

export class BlockedAddressError extends Error {
  constructor(readonly host: string) {
    super(`${host} resolves to an address Herald does not deliver to (loopback, private or reserved)`);
    this.name = 'BlockedAddressError';
  }
}

/** A target host that DNS does not know (or did not answer for in time). */
export class UnresolvableHostError extends Error {
  constructor(
    readonly host: string,
    readonly code: string,
  ) {
    super(`${host} does not resolve (${code})`);
    this.name = 'UnresolvableHostError';
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http.Agent that only ever hands out addresses it has checked, so a name that
 * re-resolves to an internal address between validation and connection (DNS rebinding) fails.
 */
export function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: { all?: boolean; family?: number }, callback: LookupCallback): void => {
    if (!allowPrivate && isLocalhostName(hostname)) return callback(blockedLookupError(hostname), [] as LookupAddress[]);
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, [] as LookupAddress[]);
      const list = addresses as LookupAddress[];
      const allowed = allowPrivate ? list : list.filter((entry) => isPublicAddress(entry.address));
      if (allowed.length === 0) return callback(blockedLookupError(hostname), [] as LookupAddress[]);
      if (options.all) return callback(null, allowed);
      callback(null, allowed[0].address, allowed[0].family);
    });
  };
}

function blockedLookupError(hostname: string): NodeJS.ErrnoException {
  const blocked = new BlockedAddressError(hostname) as NodeJS.ErrnoException;
  blocked.code = 'EHERALDBLOCKED';
  return blocked;
}

/**
 * Creation-time check of a target host (a URL's `hostname`): IP literals are judged as they
 * are, names are resolved the way the agent will resolve them and refused when any address is
 * not public. Throws BlockedAddressError or UnresolvableHostError.
 */
export async function checkHost(hostname: string, allowPrivate: boolean): Promise<void> {
  if (allowPrivate) return;
  const literal = literalAddress(hostname);
  if (literal) {
    if (!isPublicAddress(literal)) throw new BlockedAddressError(hostname);
    return;
  }
  if (isLocalhostName(hostname)) throw new BlockedAddressError(hostname);
  const addresses = await resolveAll(hostname);
  if (addresses.length === 0 || addresses.some((entry) => !isPublicAddress(entry.address))) throw new BlockedAddressError(hostname);
}

function resolveAll(hostname: string): Promise<LookupAddress[]> {
  return new Promise<LookupAddress[]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new UnresolvableHostError(hostname, 'ETIMEOUT')), LOOKUP_TIMEOUT_MS);
    dnsLookup(hostname, { all: true }, (error, found) => {
      clearTimeout(timer);
      if (error) reject(new UnresolvableHostError(hostname, error.code ?? 'ENOTFOUND'));
      else resolve(found);
    });
  });
}
