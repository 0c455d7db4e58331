// wasm-simd: S(N) in WebAssembly with f64x2 SIMD and four vector accumulators (src/kernels/wasm/basel.wat).
import { defineSequentialVariant } from './sequential.js';
import { workPass, type KernelResult } from './types.js';
import { WASM_CALL_TERMS, wasmSumRange } from './wasm-module.js';

/**
 * Σ 1/x² for x = first..last inclusive, in WebAssembly SIMD. 0 when first > last.
 * Needs integers 1 ≤ first and last ≤ 2^53 − 1 (x is carried exactly as f64).
 */
export function sumRangeWasmSimd(first: number, last: number): number {
  const sumBlock = wasmSumRange('basel');
  let sum = 0;
  for (let start = first; start <= last; start += WASM_CALL_TERMS) {
    sum += sumBlock(start, Math.min(last, start + WASM_CALL_TERMS - 1));
  }
  return sum;
}

/** The SumRange form of sumRangeWasmSimd. */
export function sumRange(first: number, last: number): KernelResult {
  return { sum: sumRangeWasmSimd(first, last) };
}

export const wasmSimd = defineSequentialVariant({
  name: 'wasm-simd',
  description: 'WebAssembly with f64x2 SIMD and four vector accumulators (divpd: two divides per instruction)',
  mirrors: null,
  options: [],
  roles: { sweeps: ['n'] },
  // f64x2: per term a multiply, a divide, the accumulator add and the x add; 4 accumulators × 2 lanes.
  work: () => ({
    engine: 'wasm',
    threads: 1,
    passes: [workPass('wasm-simd', { div: 1, mul: 1, add: 2, lanes: 2, dependentAdds: 1 / 8 })],
  }),
  sumRange,
});
