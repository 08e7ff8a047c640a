/** Dotted-quad IPv4 addresses as u32 numbers, and service CIDRs. */

import { parseIPv4 } from '../routing/ipv4.js';

export { formatIPv4, parseIPv4 } from '../routing/ipv4.js';

/** kubeadm's default `--service-cidr`, 10.96.0.0/12. */
export const SERVICE_CIDR = '10.96.0.0/12';

/**
 * Prefix lengths `cluster.serviceCIDR` accepts: the apiserver refuses an IPv4
 * service range larger than a /12 ("the mask must be >= 12"); a /30 still
 * holds 2 usable addresses (network and broadcast excluded).
 */
export const SERVICE_CIDR_PREFIX_MIN = 12;
export const SERVICE_CIDR_PREFIX_MAX = 30;

/**
 * `"10.43.0.0/16"` → network and prefix, or null when the text is not an
 * IPv4 CIDR with a prefix in /12../30 or has host bits set (the apiserver
 * takes the network of a CIDR with host bits, but a range written so is
 * almost always a typo, and kubeadm writes the network address).
 */
export function parseServiceCIDRText(text: string): { network: number; prefix: number; text: string } | null {
  const m = typeof text === 'string' ? /^([0-9.]+)\/(\d{1,2})$/.exec(text) : null;
  if (m === null) return null;
  const addr = parseIPv4(m[1]!);
  const prefix = Number(m[2]);
  if (addr === null || prefix < SERVICE_CIDR_PREFIX_MIN || prefix > SERVICE_CIDR_PREFIX_MAX) return null;
  const size = 2 ** (32 - prefix);
  if (addr % size !== 0) return null;
  return { network: addr, prefix, text };
}

/** True when `ip` is a usable address of `cidr` (default 10.96.0.0/12): inside it, and not its network or broadcast address. */
export function inServiceCIDR(ip: number, cidr: string = SERVICE_CIDR): boolean {
  const c = parseServiceCIDRText(cidr);
  if (c === null) return false;
  const size = 2 ** (32 - c.prefix);
  const offset = ip - c.network;
  return offset > 0 && offset < size - 1;
}
