// wasm-fewer-divides: S(N) in WebAssembly SIMD with one f64x2 division per 8 terms (src/kernels/wasm/fewer-divides.wat).
import { defineSequentialVariant } from './sequential.js';
import { workPass, type KernelResult } from './types.js';
import { WASM_CALL_TERMS, wasmSumRange } from './wasm-module.js';

/**
 * Σ 1/x² for x = first..last inclusive, four terms per division, from the small end: calls of
 * WASM_CALL_TERMS terms from `last` down to `first`, each summed downwards inside WebAssembly, so
 * every term and every block sum meets a running sum of its own size (a forward sum would drop terms
 * below half an ulp of S(N), x > 9.5e7). 0 when first > last. Needs integers 1 ≤ first, last ≤ 2^53 − 1.
 */
export function sumRangeFewerDivides(first: number, last: number): number {
  const sumBlock = wasmSumRange('fewer-divides');
  let sum = 0;
  for (let high = last; high >= first; high -= WASM_CALL_TERMS) {
    sum += sumBlock(Math.max(first, high - WASM_CALL_TERMS + 1), high);
  }
  return sum;
}

/** The SumRange form of sumRangeFewerDivides. */
export function sumRange(first: number, last: number): KernelResult {
  return { sum: sumRangeFewerDivides(first, last) };
}

export const wasmFewerDivides = defineSequentialVariant({
  name: 'wasm-fewer-divides',
  description:
    'WebAssembly f64x2 SIMD summing 4 consecutive terms over one common denominator: one divide per 8 terms, not per 2',
  mirrors: null,
  options: [],
  roles: { sweeps: ['n'] },
  // Per term (see wasm/fewer-divides.wat): 1/8 of an f64x2 divide, 5/8 multiplies and 3/4 adds as f64x2
  // instructions, i.e. 0.25, 1.25 and 1.5 float64 operations; two accumulators each take one add per 16 terms.
  work: () => ({
    engine: 'wasm',
    threads: 1,
    passes: [workPass('wasm-fewer-divides', { div: 0.25, mul: 1.25, add: 1.5, lanes: 2, dependentAdds: 1 / 16 })],
  }),
  sumRange,
});
