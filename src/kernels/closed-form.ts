// `closed-form`: S(N) = π²/6 − ψ₁(N+1), the trigamma tail from its asymptotic expansion, in O(1).
import { ZETA2_HI, ZETA2_LO, twoSumError } from './double-double.js';
import { defineSequentialVariant } from './sequential.js';
import { ASYMPTOTIC_MIN_X, trigammaAfterLeading } from './trigamma.js';
import type { KernelResult } from './types.js';

/**
 * Σ 1/j² for j = first..last (last < ASYMPTOTIC_MIN_X + first, so at most ~16 terms), smallest first,
 * with Neumaier compensation so the few additions cost no accuracy.
 */
function sumSmallTerms(first: number, last: number): number {
  let sum = 0;
  let compensation = 0;
  for (let j = last; j >= first; j--) {
    const term = 1 / (j * j);
    const next = sum + term;
    compensation += twoSumError(sum, term, next);
    sum = next;
  }
  return sum + compensation;
}

/**
 * ψ₁(x) for an integer x ≥ 1. For x ≥ ASYMPTOTIC_MIN_X the asymptotic series; below, the recurrence
 * ψ₁(x) = Σ_{j=x}^{15} 1/j² + ψ₁(16) shifts the argument up first. Relative error a few ulps. O(1).
 */
export function trigamma(x: number): number {
  if (x >= ASYMPTOTIC_MIN_X) return 1 / x + trigammaAfterLeading(x);
  return sumSmallTerms(x, ASYMPTOTIC_MIN_X - 1) + (1 / ASYMPTOTIC_MIN_X + trigammaAfterLeading(ASYMPTOTIC_MIN_X));
}

/**
 * ψ₁(a) − ψ₁(b) for ASYMPTOTIC_MIN_X ≤ a ≤ b, without cancelling the leading terms: 1/a − 1/b is
 * computed as (b − a)/(a·b) (b − a exact), and only the small remainders are subtracted.
 */
function trigammaDifference(a: number, b: number): number {
  return (b - a) / (a * b) + (trigammaAfterLeading(a) - trigammaAfterLeading(b));
}

/** S(n) = π²/6 − ψ₁(n+1), with π²/6 in double-double so the subtraction loses nothing. Within ~2 ulps. */
export function closedFormSum(n: number): number {
  const tail = trigamma(n + 1);
  const head = ZETA2_HI - tail;
  return head + (twoSumError(ZETA2_HI, -tail, head) + ZETA2_LO);
}

/**
 * Σ 1/x² for x = first..last inclusive in O(1): closedFormSum(last) when first = 1, otherwise
 * ψ₁(first) − ψ₁(last+1), summing the few terms below ASYMPTOTIC_MIN_X directly.
 */
export function sumRange(first: number, last: number): KernelResult {
  if (first === 1) return { sum: closedFormSum(last) };
  const end = last + 1;
  if (end <= ASYMPTOTIC_MIN_X) return { sum: sumSmallTerms(first, last) };
  if (first >= ASYMPTOTIC_MIN_X) return { sum: trigammaDifference(first, end) };
  return { sum: sumSmallTerms(first, ASYMPTOTIC_MIN_X - 1) + trigammaDifference(ASYMPTOTIC_MIN_X, end) };
}

export const closedForm = defineSequentialVariant({
  name: 'closed-form',
  description: 'π²/6 minus the trigamma tail ψ₁(N+1) from its asymptotic expansion, in O(1)',
  mirrors: null,
  options: [],
  roles: { sweeps: ['n'] },
  sumRange,
});
