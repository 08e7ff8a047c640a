/** IPv4 addresses as unsigned 32-bit integers (the form every table uses). */

export function formatIPv4(ip: number): string {
  return `${ip >>> 24}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}`;
}

/** Dotted quad → u32, or null when it is not exactly four decimal octets 0..255. */
export function parseIPv4(s: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (m === null) return null;
  let ip = 0;
  for (let i = 1; i <= 4; i++) {
    const part = m[i]!;
    if (part.length > 1 && part.startsWith('0')) return null; // no octal-looking octets, as Go's net.ParseIP
    const o = Number(part);
    if (o > 255) return null;
    ip = ip * 256 + o;
  }
  return ip >>> 0;
}
