import { BlockList, isIP } from 'node:net';

/** Who the checker may connect to: by default only public addresses. */
export interface AddressPolicy {
  /** Turns the guard off: any address may be reached. */
  allowPrivate: boolean;
  /** Host names, IP addresses or CIDR ranges reached even when private. */
  allowHosts: readonly string[];
}

/** The code a refused connection fails with; classify maps it to unsupported/private_address. */
export const PRIVATE_ADDRESS_CODE = 'CITECHECK_PRIVATE_ADDRESS';

export class PrivateAddressError extends Error {
  readonly code = PRIVATE_ADDRESS_CODE;

  constructor(host: string, address: string) {
    super(`refused to connect to ${host === address ? address : `${host} (${address})`}: a private, loopback or reserved address (use --allow-private or allowHosts to reach it)`);
    this.name = 'PrivateAddressError';
  }
}

/**
 * Addresses a link in a document has no business reaching: a fetch there would probe the
 * network the checker runs in (RFC 6890 special-purpose registries, RFC 6598 CGNAT,
 * RFC 4193 ULA, RFC 3927/4291 link-local, which holds the cloud metadata 169.254.169.254).
 */
const PRIVATE_V4: readonly [string, number][] = [
  ['0.0.0.0', 8], // "this network", includes the unspecified address
  ['10.0.0.0', 8], // RFC 1918
  ['100.64.0.0', 10], // RFC 6598 carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12], // RFC 1918
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation (TEST-NET-1)
  ['192.168.0.0', 16], // RFC 1918
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation (TEST-NET-2)
  ['203.0.113.0', 24], // documentation (TEST-NET-3)
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and the broadcast address
];

const PRIVATE_V6: readonly [string, number][] = [
  ['::', 96], // unspecified, loopback and the deprecated IPv4-compatible form
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard-only
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // RFC 4193 unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // deprecated site-local
  ['ff00::', 8], // multicast
];

const PRIVATE = new BlockList();
for (const [net, prefix] of PRIVATE_V4) PRIVATE.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of PRIVATE_V6) PRIVATE.addSubnet(net, prefix, 'ipv6');

function family(ip: string): 'ipv4' | 'ipv6' | null {
  const version = isIP(ip);
  return version === 4 ? 'ipv4' : version === 6 ? 'ipv6' : null;
}

/** A bare address from what sockets and URLs give: no zone id, no brackets. */
function bare(address: string): string {
  return address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
}

/**
 * The IPv4 address some IPv6 forms carry inside: IPv4-mapped (::ffff:a.b.c.d, RFC 4291),
 * NAT64 (64:ff9b::/96, RFC 6052) and 6to4 (2002::/16, RFC 3056).
 */
function embeddedV4(ip: string): string | null {
  const words = expandV6(ip);
  if (words === null) return null;
  const v4 = (hi: number, lo: number): string => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  const zeros = (from: number, to: number): boolean => words.slice(from, to).every((w) => w === 0);
  if (zeros(0, 5) && words[5] === 0xffff) return v4(words[6] as number, words[7] as number);
  if (words[0] === 0x64 && words[1] === 0xff9b && zeros(2, 6)) return v4(words[6] as number, words[7] as number);
  if (words[0] === 0x2002) return v4(words[1] as number, words[2] as number);
  return null;
}

/** The eight 16-bit words of an IPv6 address (a dotted IPv4 tail allowed). */
function expandV6(ip: string): number[] | null {
  let text = ip;
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail) {
    const [a, b, c, d] = (tail[1] as string).split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', rest] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = rest === undefined || rest === '' ? [] : rest.split(':');
  const missing = 8 - left.length - right.length;
  if (rest === undefined ? missing !== 0 : missing < 0) return null;
  return [...left, ...Array<string>(rest === undefined ? 0 : missing).fill('0'), ...right].map((w) => parseInt(w, 16));
}

/** True for loopback, private, link-local, CGNAT, unspecified, multicast and reserved addresses. */
export function isPrivateAddress(address: string): boolean {
  const ip = bare(address);
  const kind = family(ip);
  if (kind === null) return false;
  if (PRIVATE.check(ip, kind)) return true;
  if (kind === 'ipv6') {
    const inner = embeddedV4(ip);
    return inner !== null && PRIVATE.check(inner, 'ipv4');
  }
  return false;
}

/** One `allowHosts` entry read: an address range, or a host name (compared lowercase). */
type AllowEntry = { kind: 'range'; net: string; prefix: number; family: 'ipv4' | 'ipv6' } | { kind: 'name'; name: string };

const HOST_NAME = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?)*\.?$/i;

/** Reads an `allowHosts` entry, or null when it is neither a host name, an IP nor a CIDR. */
export function parseAllowEntry(entry: string): AllowEntry | null {
  const [net = '', prefixText, extra] = entry.trim().split('/');
  const ip = bare(net);
  const kind = family(ip);
  if (kind !== null && extra === undefined) {
    const max = kind === 'ipv4' ? 32 : 128;
    if (prefixText === undefined) return { kind: 'range', net: ip, prefix: max, family: kind };
    const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : -1;
    return prefix >= 0 && prefix <= max ? { kind: 'range', net: ip, prefix, family: kind } : null;
  }
  if (prefixText !== undefined || !HOST_NAME.test(net) || /^[\d.]+$/.test(net)) return null;
  return { kind: 'name', name: net.toLowerCase().replace(/\.$/, '') };
}

/** Decides, per connection, whether the host name and the address it resolved to may be reached. */
export interface AddressGuard {
  refuses(host: string, address: string): boolean;
}

export function createAddressGuard(policy: AddressPolicy): AddressGuard {
  const names = new Set<string>();
  const allowed = new BlockList();
  for (const text of policy.allowHosts) {
    const entry = parseAllowEntry(text);
    if (entry === null) throw new TypeError(`allowHosts: "${text}" is not a host name, an IP address or a CIDR range`);
    if (entry.kind === 'name') names.add(entry.name);
    else allowed.addSubnet(entry.net, entry.prefix, entry.family);
  }
  return {
    refuses(host, address) {
      if (policy.allowPrivate || !isPrivateAddress(address)) return false;
      if (names.has(bare(host).toLowerCase().replace(/\.$/, ''))) return false;
      const ip = bare(address);
      const kind = family(ip);
      return kind === null || !allowed.check(ip, kind);
    },
  };
}
