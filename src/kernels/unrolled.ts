// `unrolled`: four independent accumulators, so consecutive additions no longer wait on each other.
import { defineSequentialVariant } from './sequential.js';
import { workPass, type KernelResult } from './types.js';

/** Independent accumulators (and x counters) the loop keeps. */
export const UNROLL_WAYS = 4;

/**
 * Σ 1/x² for x = first..last inclusive with UNROLL_WAYS accumulators: accumulator k adds the terms
 * x ≡ first + k (mod 4). The plain loop's `sum += …` is a chain of dependent additions (≈ 4 cycles
 * each); four chains overlap, so the adds stop being the bottleneck and the divider sets the pace.
 * The counters are doubles advanced by 4 each, to keep their own add chains short too.
 */
export function sumUnrolled(first: number, last: number): number {
  let s0 = 0.0;
  let s1 = 0.0;
  let s2 = 0.0;
  let s3 = 0.0;
  let x0 = first;
  let x1 = first + 1;
  let x2 = first + 2;
  let x3 = first + 3;
  const lastFull = last - 3; // the last x0 for which x0..x0+3 are all in range
  while (x0 <= lastFull) {
    s0 += 1 / (x0 * x0);
    s1 += 1 / (x1 * x1);
    s2 += 1 / (x2 * x2);
    s3 += 1 / (x3 * x3);
    x0 += 4;
    x1 += 4;
    x2 += 4;
    x3 += 4;
  }
  for (let x = x0; x <= last; x++) s0 += 1 / (x * x);
  return s0 + s1 + (s2 + s3);
}

/** The SumRange form of sumUnrolled. */
export function sumRange(first: number, last: number): KernelResult {
  return { sum: sumUnrolled(first, last) };
}

export const unrolled = defineSequentialVariant({
  name: 'unrolled',
  description: 'the loop with four independent accumulators, breaking the loop-carried dependency',
  mirrors: null,
  options: [],
  roles: { sweeps: ['n'] },
  // Per term as in loop, but each of the four sums advances once every four terms.
  work: () => ({
    engine: 'js',
    threads: 1,
    passes: [workPass('unrolled', { div: 1, mul: 1, add: 2, dependentAdds: 1 / UNROLL_WAYS })],
  }),
  sumRange,
});
