/** Dotted-quad IPv4 addresses as u32 numbers, and the default service CIDR. */

export { formatIPv4, parseIPv4 } from '../routing/ipv4.js';

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
