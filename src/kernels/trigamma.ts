// The trigamma function ψ₁(x) = Σ_{k≥0} 1/(x+k)² by its asymptotic expansion, which gives the tail of S(N).

/**
 * Coefficients B_{2k} of the asymptotic expansion
 *   ψ₁(x) ~ 1/x + 1/(2x²) + Σ_{k≥1} B_{2k} / x^{2k+1},
 * B_2 … B_16 (Bernoulli numbers). The series diverges, but for x ≥ ASYMPTOTIC_MIN_X the terms used
 * fall below 2^-60 relative to ψ₁(x), so the truncation error is far below one ulp.
 */
const BERNOULLI = [1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510] as const;

/** The smallest x at which asymptoticTail is accurate to double precision (next term ≈ 1e-22 × ψ₁(x)). */
export const ASYMPTOTIC_MIN_X = 16;

/**
 * ψ₁(x) − 1/x: the part of the asymptotic expansion after its leading term, for x ≥ ASYMPTOTIC_MIN_X.
 * Evaluated in Horner form in 1/x²; relative error a few ulps of a quantity ≤ 1/(2x²). O(1).
 */
export function trigammaAfterLeading(x: number): number {
  const r = 1 / x;
  const r2 = r * r;
  let series = 0;
  for (let k = BERNOULLI.length - 1; k >= 0; k--) series = series * r2 + (BERNOULLI[k] as number);
  // Σ B_{2k} / x^{2k+1} = (1/x³) Σ B_{2k} (1/x²)^{k-1}
  return r2 * (0.5 + r * series);
}
