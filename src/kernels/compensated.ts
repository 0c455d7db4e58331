// `compensated`: the loop with Kahan–Neumaier summation, carrying the rounding error of every addition.
import { defineSequentialVariant } from './sequential.js';
import { workPass, type KernelResult } from './types.js';

/**
 * Σ 1/x² for x = first..last inclusive with Neumaier's improved Kahan summation: each addition's
 * rounding error is recovered exactly and accumulated in `compensation`, so the result is within a
 * few ulps of the true sum whatever N (the plain loop loses ≈ 6e-9 relative at N = 1e9, when 1/x²
 * falls below half an ulp of the running sum). Costs 3 extra adds and a compare per term.
 */
export function sumCompensated(first: number, last: number): number {
  let sum = 0.0;
  let compensation = 0.0;
  for (let x = first; x <= last; x++) {
    const term = 1 / (x * x);
    const next = sum + term;
    // Every term is positive, so sum ≥ 0 and Neumaier's |sum| ≥ |term| test needs no Math.abs.
    compensation += sum >= term ? sum - next + term : term - next + sum;
    sum = next;
  }
  return sum + compensation;
}

/** The SumRange form of sumCompensated. */
export function sumRange(first: number, last: number): KernelResult {
  return { sum: sumCompensated(first, last) };
}

export const compensated = defineSequentialVariant({
  name: 'compensated',
  description: 'the loop with Kahan–Neumaier compensated summation, for accuracy',
  mirrors: null,
  options: [],
  roles: { sweeps: ['n'] },
  // x++, sum + term, two adds for the lost low part, compensation +=: five adds; sum is a chain of one.
  work: () => ({
    engine: 'js',
    threads: 1,
    passes: [workPass('compensated', { div: 1, mul: 1, add: 5, dependentAdds: 1 })],
  }),
  sumRange,
});
