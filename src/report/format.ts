/**
 * Deterministic, clean number formatting for result files: never an
 * exponent, never "-0", trailing zeros trimmed. Number.prototype.toFixed and
 * toExponential round the exact binary value (ties away from zero), so the
 * output depends on the value only, on every platform.
 */
import type { MetricKind } from '../metrics/run-result.js';

/** toFixed is exact for |x| < 1e21; beyond, it switches to exponent notation. */
const FIXED_LIMIT = 1e21;

function assertFinite(x: number, what: string): void {
  if (!Number.isFinite(x)) throw new RangeError(`cannot write ${what} ${x} to a result file`);
}

function trimZeros(s: string): string {
  let out = s;
  if (out.includes('.')) out = out.replace(/0+$/, '').replace(/\.$/, '');
  return out === '-0' ? '0' : out;
}

function fixed(x: number, decimals: number): string {
  if (Math.abs(x) >= FIXED_LIMIT) return BigInt(Math.round(x)).toString();
  return x.toFixed(decimals);
}

/** An integer count; a non-integer falls back to formatReal. */
export function formatInt(x: number): string {
  assertFinite(x, 'count');
  if (!Number.isInteger(x)) return formatReal(x);
  return Object.is(x, -0) ? '0' : fixed(x, 0);
}

/** Milliseconds: rounded to at most 6 decimals (whole nanoseconds), trailing zeros trimmed. */
export function formatMs(x: number): string {
  assertFinite(x, 'millisecond value');
  return trimZeros(fixed(x, 6));
}

/**
 * A simulated time in seconds, given in NANOSECONDS: whole nanoseconds (at
 * most 9 decimals), trailing zeros trimmed — exact for integer ns below
 * 2^53, so that a difference of two such cells is the difference of the
 * times (network-programming.csv: latency_s = programmed_at_s − changed_at_s
 * digit for digit). Integer arithmetic, no binary fraction in between.
 */
export function formatSecondsNs(ns: number): string {
  assertFinite(ns, 'time');
  const n = Math.round(ns);
  if (!Number.isSafeInteger(n)) return formatReal(ns / 1e9);
  const sign = n < 0 ? '-' : '';
  const a = Math.abs(n);
  const frac = a % 1e9;
  const whole = (a - frac) / 1e9;
  if (frac === 0) return a === 0 ? '0' : `${sign}${whole}`;
  return `${sign}${whole}.${String(frac).padStart(9, '0').replace(/0+$/, '')}`;
}

/**
 * A rate or other real: 6 significant digits, but never fewer than the
 * integer digits (1234567.8 → "1234568"), no exponent (1.5e-7 → "0.00000015").
 */
export function formatReal(x: number): string {
  assertFinite(x, 'value');
  if (x === 0) return '0';
  // Decimal exponent after rounding to 6 significant digits (9.999996 → 1.00000e+1).
  const exp = Number(x.toExponential(5).split('e')[1]);
  const decimals = Math.min(100, Math.max(0, 5 - exp));
  return trimZeros(fixed(x, decimals));
}

/** Wall-clock seconds: exactly 3 decimals. */
export function formatWallS(x: number): string {
  assertFinite(x, 'wall_s');
  const s = fixed(x, 3);
  return s === '-0.000' ? '0.000' : s;
}

/** A metric value as its kind is written; null is an empty cell. */
export function formatMetric(kind: MetricKind, x: number | null): string {
  if (x === null) return '';
  switch (kind) {
    case 'count':
      return formatInt(x);
    case 'rate':
      return formatReal(x);
    case 'ms':
      return formatMs(x);
  }
}

/** A statistic over runs (mean, CI bound) of a metric: counts' means are reals. */
export function formatMetricStat(kind: MetricKind, x: number | null): string {
  if (x === null) return '';
  return kind === 'ms' ? formatMs(x) : formatReal(x);
}
