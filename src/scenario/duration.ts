/**
 * Durations as scenario files write them: `10ms`, `1.5s`, `1m30s`, `100us`;
 * a bare number (YAML number or numeric string) is seconds. Units: ns, us
 * (also µs), ms, s, m, h. Results are integer nanoseconds.
 */
import type { Ns } from './types.js';

const UNIT_NS: Readonly<Record<string, number>> = {
  ns: 1,
  us: 1e3,
  'µs': 1e3,
  'μs': 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

const NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)$/;
const TERM = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

/**
 * `"10ms"` → 10_000_000; `2` → 2_000_000_000; `"1.5s"` → 1_500_000_000.
 * Rounded to the nearest nanosecond. Negative, non-finite, unit-less garbage
 * or a value beyond 2^53 ns (about 104 days) → null.
 */
export function parseDuration(text: string | number): Ns | null {
  if (typeof text === 'number') {
    if (!Number.isFinite(text) || text < 0) return null;
    return checked(Math.round(text * 1e9));
  }
  if (typeof text !== 'string') return null;
  const s = text.trim();
  if (s === '') return null;
  if (NUMBER.test(s)) return checked(termNs(s, 1e9));
  let total = 0;
  let at = 0;
  TERM.lastIndex = 0;
  while (at < s.length) {
    TERM.lastIndex = at;
    const m = TERM.exec(s);
    if (m === null || m.index !== at) return null;
    const unit = UNIT_NS[m[2] ?? ''];
    if (unit === undefined) return null;
    total += termNs(m[1] ?? '', unit);
    at = TERM.lastIndex;
  }
  return checked(total);
}

/** `digits[.digits]` × unit, integer part and fraction apart so that `0.1s` is exactly 100ms. */
function termNs(num: string, unit: number): number {
  const dot = num.indexOf('.');
  const whole = dot < 0 ? num : num.slice(0, dot);
  const frac = dot < 0 ? '' : num.slice(dot + 1);
  const w = whole === '' ? 0 : Number(whole) * unit;
  const f = frac === '' ? 0 : Math.round(Number(`0.${frac}`) * unit);
  return w + f;
}

function checked(ns: number): Ns | null {
  return Number.isFinite(ns) && ns >= 0 && ns <= Number.MAX_SAFE_INTEGER ? ns : null;
}
