/** Pearson's χ² goodness of fit, and the 0.999 quantiles it is compared with. */

/** χ² of observed counts against expected shares (default: equal shares). */
export function chiSquare(counts: ArrayLike<number>, shares?: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i]!;
  let chi2 = 0;
  for (let i = 0; i < counts.length; i++) {
    const expected = total * (shares === undefined ? 1 / counts.length : shares[i]!);
    chi2 += (counts[i]! - expected) ** 2 / expected;
  }
  return chi2;
}

/** 0.999 quantile of χ² by degrees of freedom (standard tables): a correct sampler exceeds it 1 time in 1,000. */
export const CHI2_999: Readonly<Record<number, number>> = { 1: 10.828, 2: 13.816, 4: 18.467, 6: 22.458, 9: 27.877, 19: 43.82 };
