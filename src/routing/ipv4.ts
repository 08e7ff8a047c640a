/**
 * IPv4 addresses as unsigned 32-bit integers (the form every table uses), and
 * service CIDRs as the apiserver accepts them. One module for the whole tree.
 */

const OCTET = /^(?:0|[1-9]\d{0,2})$/;

/** `"10.96.0.10"` → 0x0a60000a; anything else (leading zeros, out of range, spaces) → null, as Go's net.ParseIP. */
export function parseIPv4(s: string): number | null {
  if (typeof s !== 'string') return null;
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  let u = 0;
  for (const p of parts) {
    if (!OCTET.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    u = u * 256 + n;
  }
  return u;
}

/** 0x0a60000a → `"10.96.0.10"`. */
export function formatIPv4(u32: number): string {
  const u = u32 >>> 0;
  return `${u >>> 24}.${(u >>> 16) & 255}.${(u >>> 8) & 255}.${u & 255}`;
}

/** The apiserver refuses an IPv4 service CIDR larger than a /12 ("the mask must be >= 12"). */
export const MIN_SERVICE_CIDR_PREFIX = 12;

/**
 * `"10.96.0.0/12"` → network (host bits masked off, as Go's net.ParseCIDR
 * does) and prefix. Throws (construction-time misuse) on a malformed CIDR or
 * one larger than a /12, with the apiserver's wording.
 */
export function parseServiceCIDR(cidr: string): { network: number; prefix: number } {
  const m = typeof cidr === 'string' ? /^([^/]+)\/(\d{1,2})$/.exec(cidr) : null;
  const addr = m === null ? null : parseIPv4(m[1]!);
  if (m === null || addr === null) throw new Error(`service CIDR '${String(cidr)}': expected a.b.c.d/prefix`);
  const prefix = Number(m[2]);
  if (prefix > 32) throw new Error(`service CIDR '${cidr}': prefix must be ≤ 32`);
  if (prefix < MIN_SERVICE_CIDR_PREFIX) {
    throw new Error(`service CIDR '${cidr}' is too large; for 32-bit addresses, the mask must be >= ${MIN_SERVICE_CIDR_PREFIX}`);
  }
  const hostBits = 32 - prefix;
  return { network: ((addr >>> hostBits) * 2 ** hostBits) >>> 0, prefix };
}
