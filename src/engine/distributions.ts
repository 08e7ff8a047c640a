/**
 * Service-time distributions as inverse CDFs of ONE uniform draw.
 *
 * A request's demand is drawn as a uniform u when it arrives, from its traffic
 * source's stream (the determinism contract), and only turned into a duration
 * by the serving workload's distribution: with the same seed, two scenarios
 * that route the same request differently still give it the same quantile of
 * demand (common random numbers).
 *
 * Encoded as numbers so that the hot path branches on an integer code and
 * reads two parameters, with no object per request.
 */

export const DIST_CONSTANT = 0;
export const DIST_EXPONENTIAL = 1;
export const DIST_UNIFORM = 2;
export const DIST_LOGNORMAL = 3;

/** (code, a, b): constant(a=value); exponential(a=mean); uniform(a=min, b=width); lognormal(a=mu, b=sigma). */
export interface DistParams {
  readonly code: number;
  readonly a: number;
  readonly b: number;
}

export type DistSpec =
  | { readonly distribution: 'constant'; readonly mean: number }
  | { readonly distribution: 'exponential'; readonly mean: number }
  | { readonly distribution: 'uniform'; readonly mean: number; readonly spread: number }
  | { readonly distribution: 'lognormal'; readonly mean: number; readonly sigma: number };

export function distParams(d: DistSpec): DistParams {
  switch (d.distribution) {
    case 'constant':
      return { code: DIST_CONSTANT, a: d.mean, b: 0 };
    case 'exponential':
      return { code: DIST_EXPONENTIAL, a: d.mean, b: 0 };
    case 'uniform':
      return { code: DIST_UNIFORM, a: d.mean - d.spread, b: 2 * d.spread };
    case 'lognormal':
      // E[X] = exp(mu + sigma²/2) = mean
      return { code: DIST_LOGNORMAL, a: Math.log(d.mean) - (d.sigma * d.sigma) / 2, b: d.sigma };
  }
}

/** The value of the distribution at quantile u ∈ [0, 1), in the spec's unit (not rounded). */
export function quantile(code: number, a: number, b: number, u: number): number {
  switch (code) {
    case DIST_CONSTANT:
      return a;
    case DIST_EXPONENTIAL:
      return -a * Math.log(1 - u);
    case DIST_UNIFORM:
      return a + b * u;
    default:
      return Math.exp(a + b * normalQuantile(u));
  }
}

/**
 * Φ⁻¹(p), the standard normal quantile: Acklam's rational approximation
 * (relative error < 1.2e-9) — far below the 2^-32 resolution of the uniform
 * that feeds it. p = 0 gives −Infinity's finite stand-in (the 2^-33 quantile).
 */
export function normalQuantile(p: number): number {
  if (p <= 0) p = 2 ** -33;
  else if (p >= 1) p = 1 - 2 ** -33;
  const plow = 0.02425;
  if (p < plow) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((-7.784894002430293e-3 * q - 3.223964580411365e-1) * q - 2.400758277161838) * q - 2.549732539343734) * q +
        4.374664141464968) *
        q +
        2.938163982698783) /
      ((((7.784695709041462e-3 * q + 3.224671290700398e-1) * q + 2.445134137142996) * q + 3.754408661907416) * q + 1)
    );
  }
  if (p > 1 - plow) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(
      (((((-7.784894002430293e-3 * q - 3.223964580411365e-1) * q - 2.400758277161838) * q - 2.549732539343734) * q +
        4.374664141464968) *
        q +
        2.938163982698783) /
      ((((7.784695709041462e-3 * q + 3.224671290700398e-1) * q + 2.445134137142996) * q + 3.754408661907416) * q + 1)
    );
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((-3.969683028665376e1 * r + 2.209460984245205e2) * r - 2.759285104469687e2) * r + 1.38357751867269e2) * r -
      3.066479806614716e1) *
      r +
      2.506628277459239) *
      q) /
    (((((-5.447609879822406e1 * r + 1.615858368580409e2) * r - 1.556989798598866e2) * r + 6.680131188771972e1) * r -
      1.328068155288572e1) *
      r +
      1)
  );
}
