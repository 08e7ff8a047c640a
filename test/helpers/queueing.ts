/**
 * Closed forms from queueing theory — the oracles the simulator is checked
 * against. Rates per second, results in seconds. Sources: Kleinrock,
 * Queueing Systems Vol. 1 (M/M/1 §3.2, M/M/c §3.5 Erlang C, M/G/1
 * Pollaczek–Khinchine §5.6, G/M/1 §6.4).
 */

/** M/M/1 mean sojourn time W = 1 / (μ − λ). The sojourn time is Exp(μ − λ). */
export function mm1Sojourn(lambda: number, mu: number): number {
  if (lambda >= mu) throw new Error('unstable');
  return 1 / (mu - lambda);
}

/** q-quantile of an exponential with the given rate. */
export function expQuantile(rate: number, q: number): number {
  return -Math.log(1 - q) / rate;
}

/** Erlang C: probability that an arrival waits in M/M/c with offered load a = λ/μ. */
export function erlangC(c: number, a: number): number {
  const rho = a / c;
  if (rho >= 1) throw new Error('unstable');
  let term = 1; // a^k / k!
  let sum = 0;
  for (let k = 0; k < c; k++) {
    sum += term;
    term *= a / (k + 1);
  }
  const last = term / (1 - rho); // a^c / c! · 1/(1−ρ)
  return last / (sum + last);
}

/** M/M/c mean sojourn W = C(c, a) / (cμ − λ) + 1/μ. */
export function mmcSojourn(c: number, lambda: number, mu: number): number {
  return erlangC(c, lambda / mu) / (c * mu - lambda) + 1 / mu;
}

/** M/D/1 mean sojourn (Pollaczek–Khinchine with zero service variance): D + ρD / (2(1 − ρ)). */
export function md1Sojourn(lambda: number, d: number): number {
  const rho = lambda * d;
  if (rho >= 1) throw new Error('unstable');
  return d + (rho * d) / (2 * (1 - rho));
}

/**
 * GI/M/1 with Erlang-k interarrivals: a server that gets every k-th arrival of a
 * Poisson stream of rate λ (round robin over k servers) sees interarrival LST
 * A*(s) = (λ / (λ + s))^k. σ is the root in (0, 1) of σ = A*(μ(1 − σ)); the
 * sojourn time is Exp(μ(1 − σ)), mean 1 / (μ(1 − σ)).
 */
export function ekm1Sigma(k: number, lambda: number, mu: number): number {
  if (lambda / k >= mu) throw new Error('unstable');
  let sigma = 0.5;
  for (let i = 0; i < 10000; i++) {
    const next = (lambda / (lambda + mu * (1 - sigma))) ** k;
    if (Math.abs(next - sigma) < 1e-15) return next;
    sigma = next;
  }
  return sigma;
}

export function ekm1Sojourn(k: number, lambda: number, mu: number): number {
  return 1 / (mu * (1 - ekm1Sigma(k, lambda, mu)));
}

/** Two-sided Student t quantiles at 99.9 % (t_{0.9995, df}), from standard tables. */
export const T999: Readonly<Record<number, number>> = { 4: 8.61, 5: 6.869, 7: 5.408, 9: 4.781, 11: 4.437, 15: 4.073, 19: 3.883 };
