/**
 * ClusterIP allocation as the kube-apiserver does it for an IPv4 service CIDR
 * (default 10.96.0.0/12), with the static subrange of KEP-3070
 * (ServiceIPStaticSubrange, GA in 1.26).
 *
 * Rules, from kubernetes/kubernetes: pkg/registry/core/service/ipallocator
 * (`NewInMemory`, `calculateRangeOffset`) and allocator/bitmap.go
 * (`randomScanStrategyWithOffset.AllocateBit`):
 *   - usable addresses exclude the network and the broadcast address:
 *     offset 0 is network+1, and there are max = 2^(32−prefix) − 2 of them;
 *   - the lower (static) band is offsets [0, B) with
 *     B = min(max(16, cidrSize/16), 256), where cidrSize = 2^(32−prefix)
 *     counts ALL addresses of the CIDR; B = 0 (no split) when cidrSize ≤ 16,
 *     i.e. for a /28 or smaller (older releases used `< 16`, which gave a /28
 *     a 16-address band larger than its 14 usable addresses);
 *   - a dynamic allocation draws start = Intn(max − B) and scans the upper
 *     band [B, max) from B + start forward, wrapping within the band, to the
 *     first free offset; only if the upper band is full does it draw
 *     start = Intn(B) and scan the lower band the same way;
 *   - an explicit IP anywhere in the range is honoured if free; a taken one
 *     is an error ("provided IP is already allocated"), and so is one outside
 *     the usable range ("not in the valid range").
 * The apiserver rejects IPv4 service CIDRs larger than a /12
 * (cmd/kube-apiserver options: "the mask must be >= 12"); so does this class.
 *
 * The draws come from the given stream (the apiserver seeds math/rand with
 * the time), so the same seed gives the same ClusterIPs. IPs are u32 numbers.
 * Bitmap: one bit per usable offset in a Uint32Array (the apiserver uses a
 * big.Int bitmap).
 */
import type { Rng } from '../engine/rng.js';
import { uniformInt } from '../engine/rng.js';
import { formatIPv4, parseServiceCIDR } from '../routing/ipv4.js';

/** Bounds of calculateRangeOffset's min(max(MIN, size/STEP), MAX). */
export const STATIC_BAND_MIN = 16;
export const STATIC_BAND_MAX = 256;
export const STATIC_BAND_STEP = 16;

/** The static band size for a CIDR of this prefix length: calculateRangeOffset. */
export function staticBandSize(prefix: number): number {
  const cidrSize = 2 ** (32 - prefix);
  if (cidrSize <= STATIC_BAND_MIN) return 0;
  const offset = Math.floor(cidrSize / STATIC_BAND_STEP);
  if (offset < STATIC_BAND_MIN) return STATIC_BAND_MIN;
  if (offset > STATIC_BAND_MAX) return STATIC_BAND_MAX;
  return offset;
}

export class ClusterIPAllocator {
  /** The CIDR as given, normalised ("10.96.0.0/12"). */
  readonly cidr: string;
  /** Network address (u32). */
  readonly network: number;
  readonly prefix: number;
  /** First usable address, offset 0: network + 1. */
  readonly base: number;
  /** Usable addresses (network and broadcast excluded). */
  readonly size: number;
  /** Addresses in the lower (static) band: offsets [0, staticBand). */
  readonly staticBand: number;
  readonly #rng: Rng;
  readonly #bits: Uint32Array;
  #count = 0;

  constructor(rng: Rng, cidr = '10.96.0.0/12') {
    const { network, prefix } = parseServiceCIDR(cidr);
    const hostBits = 32 - prefix;
    this.prefix = prefix;
    this.network = network;
    this.cidr = `${formatIPv4(network)}/${prefix}`;
    this.base = (network + 1) >>> 0;
    this.size = Math.max(0, 2 ** hostBits - 2);
    this.staticBand = staticBandSize(prefix);
    this.#rng = rng;
    this.#bits = new Uint32Array(Math.ceil(this.size / 32));
  }

  /** Addresses allocated so far. */
  get allocated(): number {
    return this.#count;
  }

  /** Addresses still free. */
  get free(): number {
    return this.size - this.#count;
  }

  /** A new ClusterIP: upper band first, then the lower band. Throws "range is full". */
  allocate(): number {
    if (this.#count >= this.size) throw new Error(`service CIDR ${this.cidr}: range is full`);
    const b = this.staticBand;
    const upper = this.size - b;
    let at = -1;
    if (upper > 0) at = this.#scan(b, upper, uniformInt(this.#rng, upper));
    if (at < 0 && b > 0) at = this.#scan(0, b, uniformInt(this.#rng, b));
    if (at < 0) throw new Error(`service CIDR ${this.cidr}: range is full`); // unreachable while #count is right
    this.#set(at);
    return (this.base + at) >>> 0;
  }

  /** Reserves an explicit ClusterIP. Throws if it is taken or not in the usable range. */
  reserve(ip: number): void {
    const at = this.#offsetOf(ip);
    if (at < 0) {
      throw new Error(
        `the provided IP (${formatIPv4(ip)}) is not in the valid range. The range of valid IPs is ${this.cidr}`,
      );
    }
    if (this.#isSet(at)) throw new Error(`${formatIPv4(ip)}: provided IP is already allocated`);
    this.#set(at);
  }

  /** Returns an IP to the pool; false if it was not allocated (or not in range). */
  release(ip: number): boolean {
    const at = this.#offsetOf(ip);
    if (at < 0 || !this.#isSet(at)) return false;
    this.#bits[at >>> 5] = this.#bits[at >>> 5]! & ~(1 << (at & 31));
    this.#count--;
    return true;
  }

  /** Whether `ip` is allocated. */
  has(ip: number): boolean {
    const at = this.#offsetOf(ip);
    return at >= 0 && this.#isSet(at);
  }

  /** Whether `ip` falls in the lower (static) band. */
  inStaticBand(ip: number): boolean {
    const at = this.#offsetOf(ip);
    return at >= 0 && at < this.staticBand;
  }

  #offsetOf(ip: number): number {
    if (!Number.isInteger(ip)) return -1;
    const at = (ip >>> 0) - this.base;
    return at >= 0 && at < this.size ? at : -1;
  }

  #isSet(at: number): boolean {
    return (this.#bits[at >>> 5]! & (1 << (at & 31))) !== 0;
  }

  #set(at: number): void {
    this.#bits[at >>> 5] = this.#bits[at >>> 5]! | (1 << (at & 31));
    this.#count++;
  }

  /**
   * First free offset of lo + ((start + i) mod n), i = 0 … n−1, or -1: the
   * bitmap.go scan, skipping full 32-bit words.
   */
  #scan(lo: number, n: number, start: number): number {
    const bits = this.#bits;
    let i = 0;
    while (i < n) {
      const at = lo + ((start + i) % n);
      if ((at & 31) === 0 && bits[at >>> 5] === 0xffffffff) {
        // A full word: skip it, but not past the wrap point or the end.
        const step = Math.min(32, n - ((start + i) % n), n - i);
        i += step;
        continue;
      }
      if ((bits[at >>> 5]! & (1 << (at & 31))) === 0) return at;
      i++;
    }
    return -1;
  }
}
