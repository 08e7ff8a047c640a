/**
 * Maglev lookup tables exactly as three real data planes build them, and the
 * lookup-side hash each one uses. Build time only (a table is rebuilt when the
 * endpoint set changes); the lookup helpers at the bottom are hot-path safe.
 *
 * `maglevTable(keys, weights, M, flavour)` returns an Int32Array of M entries,
 * each an index into `keys` as given (−1 = empty slot: IPVS with every weight
 * 0, or no keys). Any sorting happens inside, where the implementation sorts:
 *
 * - `cilium` (cilium/cilium: pkg/maglev/maglev.go `GetLookupTable`, read at
 *   commit e0cc421a): names sorted with sort.Strings; offset = h1 % M,
 *   skip = h2 % (M−1) + 1 with (h1, h2) = murmur3.Hash128(name, seedMurmur),
 *   seedMurmur = first 4 bytes (big-endian) of DefaultHashSeed
 *   "JLfvgnHc2kaSUFaI" = 0x24b7ef82. For n = 0..M−1 the turn starts at
 *   i = n % N; with weights in use (integer weightSum/N > 1) backend i is
 *   passed over while (n+1)·w_i < uint64(weightCntr_i); weightCntr_i starts at
 *   w_i/N (float64) and grows by weightSum per turn taken.
 * - `envoy` (envoyproxy/envoy: source/extensions/load_balancing_policies/
 *   maglev/maglev_lb.cc): hosts sorted by hash key (the address string,
 *   e.g. "10.0.0.1:8080"); offset = xxHash64(key) % M, skip = xxHash64(key, 1)
 *   % (M−1) + 1; weights normalised to w_i/Σw (double); passes iteration =
 *   1, 2, …, within a pass host i takes a turn if iteration·w_i ≥ target_i,
 *   then target_i += max_w (target_i starts at 0).
 * - `ipvs` (torvalds/linux: net/netfilter/ipvs/ip_vs_mh.c): destinations in
 *   list order (insertion order: kube-proxy's order), keys "a.b.c.d:port";
 *   offset = hsiphash(addr + port, hash1) % M, skip = hsiphash(addr + port,
 *   hash2) % (M−1) + 1 (64-bit kernel: SipHash-1-3, see hash/siphash.ts);
 *   turns = ((w/gcd) >> rshift) or 1 if that is 0 and w ≠ 0, rshift =
 *   max(0, fls(max w/gcd) − 6); round robin over the list, each destination
 *   claiming `turns` slots in a row; weight-0 destinations are skipped.
 *
 * In all three a turn claims the backend's next preferred slot that is still
 * empty (perm_i(j) = (offset_i + j·skip_i) mod M). Checked against Cilium's
 * TestWeightedBackendWithRemoval counts, Envoy's 7-slot test table and the
 * derived vectors of KUBE-FACTS §5.3 in test/routing-maglev-*.test.ts.
 */
import { murmur3Into } from './hash/murmur3.js';
import { xxhash64, xxhash64Into } from './hash/xxhash64.js';
import { mod64 } from './hash/u64.js';
import { IPVS_MH_KEY1, IPVS_MH_KEY2, IPVS_MH_TAB_SIZE, ipvsMhHashKey, ipvsMhHashKeyMod } from './hash/siphash.js';
import { bswap16, bswap32, jhash3words } from './hash/jhash.js';

export type MaglevFlavour = 'cilium' | 'envoy' | 'ipvs';
export const MAGLEV_FLAVOURS: readonly MaglevFlavour[] = ['cilium', 'envoy', 'ipvs'];

/** Cilium's allowed `maglev.tableSize` values (Documentation, pkg/maglev); default 16381. */
export const CILIUM_MAGLEV_SIZES: readonly number[] = [251, 509, 1021, 2039, 4093, 8191, 16381, 32749, 65521, 131071];
export const CILIUM_MAGLEV_DEFAULT_SIZE = 16381;
/** ip_vs_mh.c `primes[]`: the size is primes[CONFIG_IP_VS_MH_TAB_INDEX − 8]; default index 12 → 4093. */
export const IPVS_MH_SIZES: readonly number[] = [251, 509, 1021, 2039, 4093, 8191, 16381, 32749, 65521, 131071];
export const IPVS_MH_DEFAULT_SIZE = IPVS_MH_TAB_SIZE; // 4093 (hash/siphash.ts: its lookup remainder is by this literal)
/** Envoy's MaglevTable::DefaultTableSize; the proto caps table_size at 5000011 and Envoy requires a prime. */
export const ENVOY_MAGLEV_DEFAULT_SIZE = 65537;
export const ENVOY_MAGLEV_MAX_SIZE = 5000011;

/** Cilium DefaultHashSeed "JLfvgnHc2kaSUFaI", base64 → 12 bytes: murmur seed and the two jhash seeds (big-endian words). */
export const CILIUM_SEED_MURMUR = 0x24b7ef82;
export const CILIUM_SEED_JHASH0 = 0x71dcda46;
export const CILIUM_SEED_JHASH1 = 0x92505688;

export function defaultMaglevSize(flavour: MaglevFlavour): number {
  return flavour === 'cilium' ? CILIUM_MAGLEV_DEFAULT_SIZE : flavour === 'envoy' ? ENVOY_MAGLEV_DEFAULT_SIZE : IPVS_MH_DEFAULT_SIZE;
}

export function isPrime(n: number): boolean {
  if (!Number.isInteger(n) || n < 2) return false;
  if (n % 2 === 0) return n === 2;
  for (let d = 3; d * d <= n; d += 2) if (n % d === 0) return false;
  return true;
}

/** Why M is not a table size `flavour` accepts, or null when it is. */
export function maglevSizeProblem(M: number, flavour: MaglevFlavour): string | null {
  if (!Number.isInteger(M) || M < 2) return `expected an integer table size ≥ 2, got ${M}`;
  if (flavour === 'cilium' && !CILIUM_MAGLEV_SIZES.includes(M)) {
    return `Cilium accepts maglev.tableSize ${CILIUM_MAGLEV_SIZES.join(', ')}, got ${M}`;
  }
  if (flavour === 'ipvs' && !IPVS_MH_SIZES.includes(M)) {
    return `IPVS mh is built with one of ${IPVS_MH_SIZES.join(', ')} (CONFIG_IP_VS_MH_TAB_INDEX), got ${M}`;
  }
  if (flavour === 'envoy') {
    if (M > ENVOY_MAGLEV_MAX_SIZE) return `Envoy caps table_size at ${ENVOY_MAGLEV_MAX_SIZE}, got ${M}`;
    if (!isPrime(M)) return `Envoy requires a prime table_size ("The table size of maglev must be prime number"), got ${M}`;
  }
  return null;
}

/** Advice that does not stop a build: the paper's rule of thumb M > 100·N (≤ 1 % imbalance), and a prime M. */
export function maglevAdvice(M: number, N: number): string[] {
  const out: string[] = [];
  if (!isPrime(M)) out.push(`M = ${M} is not prime: permutations of some backends repeat before covering the table`);
  if (N > 0 && M < 100 * N) {
    out.push(`M = ${M} < 100·N = ${100 * N}: Maglev's rule of thumb (M > 100·N) for at most ~1 % imbalance between backends is not met`);
  }
  return out;
}

/** "a.b.c.d:port" → host-order u32 address and port, or null. */
export function parseIpv4Port(s: string): { addr: number; port: number } | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3}):(\d{1,5})$/.exec(s);
  if (m === null) return null;
  const o = [m[1], m[2], m[3], m[4]].map(Number);
  const port = Number(m[5]);
  if (o.some((x) => x > 255) || port > 65535) return null;
  return { addr: ((o[0]! << 24) | (o[1]! << 16) | (o[2]! << 8) | o[3]!) >>> 0, port };
}

/** Problems with (keys, weights) for `flavour`, each a sentence; empty when the input is usable. */
export function maglevInputProblems(keys: readonly string[], weights: readonly number[] | null, flavour: MaglevFlavour): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const k of keys) {
    if (k.length === 0) out.push('a backend name is empty');
    else if (seen.has(k)) out.push(`backend ${JSON.stringify(k)} is listed twice`);
    seen.add(k);
    if (flavour === 'ipvs' && k.length > 0 && parseIpv4Port(k) === null) {
      out.push(`ipvs hashes (address, port): expected "a.b.c.d:port", got ${JSON.stringify(k)}`);
    }
  }
  if (weights !== null) {
    if (weights.length !== keys.length) out.push(`expected ${keys.length} weights (one per backend), got ${weights.length}`);
    const min = flavour === 'ipvs' ? 0 : 1;
    const max = flavour === 'cilium' ? 65535 : flavour === 'ipvs' ? 2147483647 : 4294967295;
    for (const w of weights) {
      if (!Number.isInteger(w) || w < min || w > max) out.push(`expected weights that are integers from ${min} to ${max}, got ${w}`);
    }
  }
  return out;
}

function sortedOrder(keys: readonly string[]): number[] {
  // Byte order of the names (Go sort.Strings, C++ string_view <): for the ASCII
  // names and addresses used here, UTF-16 code-unit order is the same.
  return keys.map((_, i) => i).sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0));
}

/** (offset, skip) of one backend as `flavour` computes it. */
export function maglevOffsetSkip(key: string, M: number, flavour: MaglevFlavour): [number, number] {
  if (flavour === 'cilium') {
    murmur3Into(H4, key, CILIUM_SEED_MURMUR);
    return [mod64(H4[0]!, H4[1]!, M), mod64(H4[2]!, H4[3]!, M - 1) + 1];
  }
  if (flavour === 'envoy') {
    xxhash64Into(H, key, 0, 0);
    const offset = mod64(H[0]!, H[1]!, M);
    xxhash64Into(H, key, 0, 1);
    return [offset, mod64(H[0]!, H[1]!, M - 1) + 1];
  }
  const p = parseIpv4Port(key);
  if (p === null) throw new RangeError(`ipvs maglev: expected "a.b.c.d:port", got ${JSON.stringify(key)}`);
  return [ipvsMhHashKey(p.addr, p.port, IPVS_MH_KEY1, 0) % M, (ipvsMhHashKey(p.addr, p.port, IPVS_MH_KEY2, 0) % (M - 1)) + 1];
}

const H = new Uint32Array(2);
const H4 = new Uint32Array(4);

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

function fls(x: number): number {
  return x === 0 ? 0 : 32 - Math.clz32(x);
}

/**
 * The Maglev lookup table of `flavour` over `keys` (with `weights`, or all 1
 * when null) at size M. Entry = index into `keys` as given, −1 if empty.
 * Throws RangeError on input `maglevInputProblems` / `maglevSizeProblem` reject.
 */
export function maglevTable(keys: readonly string[], weights: readonly number[] | null, M: number, flavour: MaglevFlavour): Int32Array {
  const problems = [...maglevInputProblems(keys, weights, flavour)];
  if (!Number.isInteger(M) || M < 2) problems.push(`expected an integer table size ≥ 2, got ${M}`);
  if (problems.length > 0) throw new RangeError(`maglevTable: ${problems.join('; ')}`);
  const table = new Int32Array(M).fill(-1);
  const N = keys.length;
  if (N === 0) return table;
  const order = flavour === 'ipvs' ? keys.map((_, i) => i) : sortedOrder(keys);
  // Per backend in build order: its key index, current preferred slot, skip.
  const idx = new Int32Array(N);
  const pos = new Int32Array(N);
  const skip = new Int32Array(N);
  for (let r = 0; r < N; r++) {
    const k = order[r]!;
    idx[r] = k;
    const [o, s] = maglevOffsetSkip(keys[k]!, M, flavour);
    pos[r] = o;
    skip[r] = s;
  }
  const w = (r: number): number => (weights === null ? 1 : weights[idx[r]!]!);
  // Claim backend r's next free preferred slot.
  const claim = (r: number): void => {
    let c = pos[r]!;
    while (table[c]! >= 0) {
      c += skip[r]!;
      if (c >= M) c -= M;
    }
    table[c] = idx[r]!;
    c += skip[r]!;
    pos[r] = c >= M ? c - M : c;
  };

  if (flavour === 'cilium') {
    let weightSum = 0;
    for (let r = 0; r < N; r++) weightSum += w(r);
    const weighted = Math.floor(weightSum / N) > 1;
    const cntr = new Float64Array(N);
    for (let r = 0; r < N; r++) cntr[r] = w(r) / N;
    for (let n = 0; n < M; n++) {
      let i = n % N;
      if (weighted) {
        let scanned = 0;
        while ((n + 1) * w(i) < Math.floor(cntr[i]!)) {
          i = (i + 1) % N;
          if (++scanned > N * 64) throw new Error('maglevTable(cilium): no backend takes a turn (weights out of range)');
        }
        cntr[i]! += weightSum;
      }
      claim(i);
    }
    return table;
  }

  if (flavour === 'envoy') {
    let sum = 0;
    for (let r = 0; r < N; r++) sum += w(r);
    const nw = new Float64Array(N);
    let maxW = 0;
    for (let r = 0; r < N; r++) {
      nw[r] = (w(r) * 1.0) / sum; // thread_aware_lb_impl.cc normalizeHostWeights: weight * locality(1.0) / sum
      if (nw[r]! > maxW) maxW = nw[r]!;
    }
    const target = new Float64Array(N);
    let filled = 0;
    for (let iteration = 1; filled < M; iteration++) {
      for (let r = 0; r < N && filled < M; r++) {
        if (iteration * nw[r]! < target[r]!) continue;
        target[r]! += maxW;
        claim(r);
        filled++;
      }
    }
    return table;
  }

  // ipvs: ip_vs_mh_gcd_weight, ip_vs_mh_shift_weight, ip_vs_mh_permutate, ip_vs_mh_populate.
  let g = 0;
  let maxWeight = 0;
  for (let r = 0; r < N; r++) {
    const lw = w(r);
    if (lw > 0) g = g > 0 ? gcd(lw, g) : lw;
    if (lw > maxWeight) maxWeight = lw;
  }
  if (g < 1) return table; // every weight 0: the kernel resets the table (no destination)
  const rshift = Math.max(0, fls(Math.floor(maxWeight / g)) - 6); // IP_VS_MH_TAB_BITS = 12 / 2
  const turns = new Int32Array(N);
  for (let r = 0; r < N; r++) {
    const lw = w(r);
    turns[r] = Math.floor(lw / g) >> rshift || (lw !== 0 ? 1 : 0);
  }
  let n = 0;
  let dt = 0;
  while (n < M) {
    for (let r = 0; r < N; ) {
      if (turns[r]! < 1) {
        r++;
        continue;
      }
      claim(r);
      if (++n === M) return table;
      if (++dt >= turns[r]!) {
        dt = 0;
        r++;
      }
    }
  }
  return table;
}

/** Entries per key index (length = keys.length). */
export function maglevCounts(table: Int32Array, nKeys: number): Int32Array {
  const c = new Int32Array(nKeys);
  for (let i = 0; i < table.length; i++) {
    const e = table[i]!;
    if (e >= 0) c[e]!++;
  }
  return c;
}

// ---- lookup side: the flow hash each data plane takes modulo M ----

/**
 * IPVS mh lookup slot (ip_vs_mh.c `ip_vs_mh_get`): hsiphash(saddr + sport, hash1) % M.
 * kube-proxy sets the mh-port flag (IP_VS_SVC_F_SCHED_MH_PORT), so the client's
 * source port is part of the key; `saddr` is the host-order u32 address.
 * No allocation: the remainder is taken inside the hash function
 * (siphash.ts `hsiphash1u32Mod`), so no u32 hash is boxed on the way out.
 */
export function ipvsMhSlot(saddr: number, sport: number, M: number): number {
  return ipvsMhHashKeyMod(saddr, sport, IPVS_MH_KEY1, 0, M);
}

/**
 * Cilium's datapath flow hash for Maglev (cilium/cilium: bpf/lib/hash.h
 * `hash_from_tuple_v4`): jhash_3words(saddr, (dport << 16) | sport, nexthdr,
 * HASH_INIT4_SEED), daddr deliberately excluded. The tuple's address and ports
 * are in network byte order, read as native u32/u16 on a little-endian host,
 * hence the byte swaps; HASH_INIT4_SEED is taken to be SeedJhash0 (bytes 4–7 of
 * the hash seed). [Assumed, not checked against a Cilium vector.]
 */
export function ciliumFlowHash(saddr: number, sport: number, dport: number, proto: number): number {
  return jhash3words(bswap32(saddr) | 0, ((bswap16(dport) << 16) | bswap16(sport)) | 0, proto, CILIUM_SEED_JHASH0);
}

export function ciliumMaglevSlot(saddr: number, sport: number, dport: number, proto: number, M: number): number {
  return ciliumFlowHash(saddr, sport, dport, proto) % M;
}

/**
 * Envoy's request hash under a `source_ip` hash policy (envoyproxy/envoy:
 * source/common/http/hash_policy.cc, IpHashMethod): xxHash64 of the downstream
 * address string without port ("10.244.1.7"), seed 0. Compute once per client
 * and cache; then `envoyMaglevSlot` is integer-only.
 */
export function envoySourceIpHash(ip: string): bigint {
  return xxhash64(ip, 0n);
}

/** The same hash as (hi, lo) halves in `out` (no BigInt, no allocation for an ASCII address). */
export function envoySourceIpHashInto(out: Uint32Array, ip: string): void {
  xxhash64Into(out, ip, 0, 0);
}

/** Envoy OriginalMaglevTable::chooseHost: table[hash % M] (first attempt). */
export function envoyMaglevSlot(hash: bigint, M: number): number {
  return Number(hash % BigInt(M));
}

/** As envoyMaglevSlot for a hash given as (hi, lo) halves; integer-only. */
export function envoyMaglevSlotOf(hi: number, lo: number, M: number): number {
  return mod64(hi, lo, M);
}
