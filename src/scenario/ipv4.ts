/** Dotted-quad IPv4 addresses as u32 numbers, and the default service CIDR. */

const OCTET = /^(?:0|[1-9]\d{0,2})$/;

/** `"10.96.0.10"` → 0x0a60000a; anything else (leading zeros, out of range, spaces) → null. */
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

/** kubeadm's default `--service-cidr`, 10.96.0.0/12. */
export const SERVICE_CIDR = '10.96.0.0/12';
const SERVICE_NET = 0x0a600000;
const SERVICE_PREFIX = 12;

/** True when `ip` is a usable address of 10.96.0.0/12: inside it, and not its network or broadcast address. */
export function inServiceCIDR(ip: number): boolean {
  const size = 2 ** (32 - SERVICE_PREFIX);
  const offset = ip - SERVICE_NET;
  return offset > 0 && offset < size - 1;
}
