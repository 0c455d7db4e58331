import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exactPartialSum } from '../src/kernels/exact.js';
import { wasmSimd, sumRangeWasmSimd } from '../src/kernels/wasm-simd.js';
import { defaultKernelOptions } from '../src/kernels/registry.js';

const MAX_RELATIVE_ERROR = 1e-13;

function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}

/** Straightforward Σ 1/x² over a short range, from the smallest term up. */
function sumDirect(first: number, last: number): number {
  let sum = 0;
  for (let x = last; x >= first; x--) sum += 1 / (x * x);
  return sum;
}

// 1..17 covers every tail length 0..7 after full blocks of 8, and N < 8 (no full block at all);
// 2^22 ± 1 cross the JS-side block boundary of 2^22 terms per call into WebAssembly.
const N_VALUES = [...Array.from({ length: 17 }, (_, i) => i + 1), 1000, 1_000_003, 2 ** 22 - 1, 2 ** 22 + 1];

describe('wasm-simd', () => {
  for (const n of N_VALUES) {
    it(`matches exactPartialSum(${n}) to ${MAX_RELATIVE_ERROR}`, () => {
      const { sum } = wasmSimd.run(n, defaultKernelOptions());
      assert.ok(relativeError(sum, exactPartialSum(n)) <= MAX_RELATIVE_ERROR, `got ${sum}, want ${exactPartialSum(n)}`);
    });
  }

  it('sums sub-ranges that add up to the whole', () => {
    for (const split of [1, 2, 9, 500, 999]) {
      const sum = sumRangeWasmSimd(1, split) + sumRangeWasmSimd(split + 1, 1000);
      assert.ok(relativeError(sum, exactPartialSum(1000)) <= MAX_RELATIVE_ERROR, `split at ${split}: ${sum}`);
    }
  });

  it('returns 0 for an empty range', () => {
    assert.equal(sumRangeWasmSimd(5, 4), 0);
  });

  it('counts exactly up to 2^53 − 1', () => {
    const last = Number.MAX_SAFE_INTEGER;
    for (const length of [1, 8, 19]) {
      const first = last - length + 1;
      const sum = sumRangeWasmSimd(first, last);
      assert.ok(relativeError(sum, sumDirect(first, last)) <= MAX_RELATIVE_ERROR, `${length} terms: ${sum}`);
    }
  });

  it('is a sequential variant: run(n) is sumRange(1, n)', () => {
    assert.equal(wasmSimd.sequential, true);
    assert.equal(
      wasmSimd.run(12345, defaultKernelOptions()).sum,
      wasmSimd.sumRange(1, 12345, defaultKernelOptions()).sum,
    );
    assert.equal(wasmSimd.footprintBytes(1e9, defaultKernelOptions()), 0);
  });
});
