// The direct WebAssembly kernels (one call sums a range, no arrays): edges of their blocks and of the domain.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exactPartialSum } from '../src/kernels/exact.js';
import { defaultKernelOptions, getSequentialVariant } from '../src/kernels/registry.js';
import { sumRangeFewerDivides } from '../src/kernels/wasm-fewer-divides.js';
import { WASM_CALL_TERMS } from '../src/kernels/wasm-module.js';
import { sumRangeWasmSimd } from '../src/kernels/wasm-simd.js';
import { fixedPointSum, relativeError as relativeErrorFixed } from './fixed-point.js';

const MAX_RELATIVE_ERROR = 1e-13;

/** Each direct kernel, its range function, and the terms one vector iteration of its loop sums. */
const KERNELS: [name: string, sumRange: (first: number, last: number) => number, termsPerIteration: number][] = [
  ['wasm-simd', sumRangeWasmSimd, 8],
  ['wasm-fewer-divides', sumRangeFewerDivides, 16],
];

function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}

for (const [name, sumRange, termsPerIteration] of KERNELS) {
  describe(name, () => {
    const variant = getSequentialVariant(name);
    // 1 .. 2·iteration + 1 covers every tail length after full iterations, and N below one iteration;
    // WASM_CALL_TERMS ± 1 cross the TypeScript side's split into calls.
    const nValues = [
      ...Array.from({ length: 2 * termsPerIteration + 1 }, (_, i) => i + 1),
      1000,
      1_000_003,
      WASM_CALL_TERMS - 1,
      WASM_CALL_TERMS + 1,
    ];
    it(`matches exactPartialSum to ${MAX_RELATIVE_ERROR} for N = 1..${2 * termsPerIteration + 1} and around the call size`, () => {
      for (const n of nValues) {
        const { sum } = variant.run(n, defaultKernelOptions());
        assert.ok(
          relativeError(sum, exactPartialSum(n)) <= MAX_RELATIVE_ERROR,
          `N=${n}: ${sum} vs ${exactPartialSum(n)}`,
        );
      }
    });

    it('sums sub-ranges that add up to the whole', () => {
      for (const split of [1, 2, 9, 17, 500, 999]) {
        const sum = sumRange(1, split) + sumRange(split + 1, 1000);
        assert.ok(relativeError(sum, exactPartialSum(1000)) <= MAX_RELATIVE_ERROR, `split at ${split}: ${sum}`);
      }
    });

    it('sums ranges far from 1 to 1e-13 of their own value', () => {
      for (const first of [1e6, 1e9 + 7, 2 ** 40]) {
        for (const length of [1, 16, 33, 2000]) {
          const last = first + length - 1;
          const error = relativeErrorFixed(sumRange(first, last), fixedPointSum(first, last));
          assert.ok(error <= MAX_RELATIVE_ERROR, `[${first}, ${last}]: relative error ${error}`);
        }
      }
    });

    it('returns 0 for an empty range', () => {
      assert.equal(sumRange(5, 4), 0);
    });

    it('is a sequential variant with O(1) memory: run(n) is sumRange(1, n)', () => {
      assert.equal(variant.run(12345, defaultKernelOptions()).sum, sumRange(1, 12345));
      assert.equal(variant.footprintBytes(1e9, defaultKernelOptions()), 0);
    });
  });
}
