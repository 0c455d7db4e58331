// Every registered variant against exactPartialSum, its steps, its range kernel and numpy's own results.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ArgumentError } from '../src/util/errors.js';
import { exactPartialSum } from '../src/kernels/exact.js';
import {
  SEQUENTIAL_VARIANTS,
  SEQUENTIAL_VARIANT_NAMES,
  VARIANTS,
  VARIANT_NAMES,
  defaultKernelOptions,
  getSequentialVariant,
  getVariant,
} from '../src/kernels/registry.js';
import { checkRange } from '../src/kernels/sequential.js';
import type { KernelOptions, Variant } from '../src/kernels/types.js';
import { fixedPointSum, relativeError, toFixedPoint, ulpsFrom } from './fixed-point.js';

const SIZES = [1, 2, 7, 1000, 1_000_003];
/** Relative error every variant must reach at these sizes (the plain loop loses ≈ 3e-14 at 1e6). */
const TOLERANCE = 1e-13;
/** The variants built for accuracy, and the ulps of S(N) they must stay within. */
const ACCURATE_ULPS = new Map([
  ['compensated', 4],
  ['closed-form', 2],
]);
/**
 * The variants that must stay accurate past N ≈ 1e8, where terms fall below half an ulp of a running
 * sum near S(N) (a single forward accumulator loses them), and the relative error they must reach there.
 */
const ACCURATE_PAST_1E8 = new Map([['wasm-fewer-divides', 1e-14]]);
/** N for that check: past 1e8, and not a multiple of any block size (a few tenths of a second). */
const LARGE_N = 200_000_003;

/** Chunk sizes to try at n: 1, 3, N−1, N, N+5 for variants that read `chunk`, else just the default. */
function chunkSizes(variant: Variant, n: number): number[] {
  if (!variant.options.includes('chunk')) return [defaultKernelOptions().chunk];
  return [...new Set([1, 3, n - 1, n, n + 5].filter((chunk) => chunk >= 1))];
}

/**
 * Worker counts to try at n, for variants that read `workers`: 1, 3, and more workers than terms
 * where that stays a handful of threads (N ≤ 11). Asking for 256 threads at every larger N would spawn
 * over a thousand isolates across the chunk sizes (workers-cold spawns per call) and prove nothing new.
 */
function workerCounts(variant: Variant, n: number): number[] {
  if (!variant.options.includes('workers')) return [defaultKernelOptions().workers];
  return [...new Set([1, 3, ...(n + 5 <= MORE_WORKERS_THAN_TERMS_MAX ? [n + 5] : [])])];
}

const MORE_WORKERS_THAN_TERMS_MAX = 16;

function optionCases(variant: Variant, n: number): KernelOptions[] {
  return chunkSizes(variant, n).flatMap((chunk) =>
    workerCounts(variant, n).map((workers) => defaultKernelOptions({ chunk, workers })),
  );
}

describe('the registry', () => {
  it('lists unique names in VARIANT_NAMES order, each with a description', () => {
    assert.deepEqual(
      VARIANT_NAMES,
      VARIANTS.map((variant) => variant.name),
    );
    assert.equal(new Set(VARIANT_NAMES).size, VARIANT_NAMES.length);
    for (const variant of VARIANTS) assert.ok(variant.description.length > 0, variant.name);
  });

  it('knows the accurate variants it holds to tighter bounds', () => {
    for (const name of [...ACCURATE_ULPS.keys(), ...ACCURATE_PAST_1E8.keys()])
      assert.ok(VARIANT_NAMES.includes(name), name);
  });

  it('finds every variant by name and refuses unknown names, listing the allowed ones', () => {
    for (const variant of VARIANTS) assert.equal(getVariant(variant.name), variant);
    assert.throws(
      () => getVariant('fast'),
      (error: unknown) => error instanceof ArgumentError && error.message.includes(VARIANT_NAMES.join(', ')),
    );
    for (const variant of SEQUENTIAL_VARIANTS) assert.equal(getSequentialVariant(variant.name), variant);
    assert.throws(
      () => getSequentialVariant('fast'),
      (error: unknown) => error instanceof ArgumentError && error.message.includes(SEQUENTIAL_VARIANT_NAMES.join(', ')),
    );
  });
});

describe('every variant sums 1..N', () => {
  for (const variant of VARIANTS) {
    for (const n of SIZES) {
      it(`${variant.name} at N=${n}`, async () => {
        const exact = exactPartialSum(n);
        for (const options of optionCases(variant, n)) {
          const result = await variant.run(n, options);
          const label = `${variant.name} N=${n} chunk=${options.chunk} workers=${options.workers}`;
          assert.ok(Math.abs(result.sum - exact) / exact <= TOLERANCE, `${label}: ${result.sum} vs ${exact}`);
          const ulps = ACCURATE_ULPS.get(variant.name);
          if (ulps !== undefined)
            assert.ok(ulpsFrom(result.sum, toFixedPoint(exact)) <= ulps, `${label}: ${result.sum} vs ${exact}`);
          if (variant.steps === undefined) {
            assert.equal(result.steps, undefined, label);
          } else {
            assert.deepEqual(Object.keys(result.steps ?? {}), [...variant.steps], label);
            for (const ms of Object.values(result.steps ?? {})) assert.ok(Number.isFinite(ms) && ms >= 0, label);
          }
        }
      });
    }
  }

  for (const variant of VARIANTS.filter((candidate) => candidate.steps !== undefined)) {
    it(`${variant.name} gives the same sum without steps when timeSteps is false`, async () => {
      const options = defaultKernelOptions({ chunk: 3 });
      const timed = await variant.run(1000, options);
      const untimed = await variant.run(1000, { ...options, timeSteps: false });
      assert.equal(untimed.sum, timed.sum);
      assert.equal(untimed.steps, undefined);
    });
  }

  for (const [name, tolerance] of ACCURATE_PAST_1E8) {
    it(`${name} stays within ${tolerance} of S(N) at N=${LARGE_N}, past the point where a forward sum drops terms`, async () => {
      const exact = exactPartialSum(LARGE_N);
      const { sum } = await getVariant(name).run(LARGE_N, defaultKernelOptions());
      assert.ok(Math.abs(sum - exact) / exact <= tolerance, `${sum} vs ${exact}`);
    });
  }

  for (const variant of VARIANTS) {
    it(`${variant.name} refuses N outside [1, 2^53−1]`, () => {
      for (const n of [0, -1, 2.5]) assert.throws(() => variant.run(n, defaultKernelOptions()), ArgumentError);
    });
  }
});

describe('every sequential variant sums any range [first, last]', () => {
  const ranges: [number, number][] = [
    [1, 1],
    [5, 5],
    [2, 17],
    [15, 16],
    [16, 16],
    [3, 40],
    [16, 1000],
    [1000, 2345],
    [999_999, 1_000_003],
  ];
  for (const variant of SEQUENTIAL_VARIANTS) {
    it(variant.name, () => {
      for (const [first, last] of ranges) {
        for (const chunk of [1, 7, 20_000]) {
          const { sum } = variant.sumRange(first, last, defaultKernelOptions({ chunk }));
          const error = relativeError(sum, fixedPointSum(first, last));
          assert.ok(error <= TOLERANCE, `${variant.name} [${first}, ${last}] chunk=${chunk}: relative error ${error}`);
        }
      }
    });
  }

  // Short ranges at the top of the domain: x² ≈ 2^106, and x itself is only just exact as a double.
  const topRanges = [1, 2, 7, 8, 9, 16, 17, 33, 1000].map((length): [number, number] => [
    Number.MAX_SAFE_INTEGER - length + 1,
    Number.MAX_SAFE_INTEGER,
  ]);
  for (const variant of SEQUENTIAL_VARIANTS) {
    it(`${variant.name} near 2^53`, () => {
      for (const [first, last] of topRanges) {
        for (const chunk of [1, 7, 20_000]) {
          const { sum } = variant.sumRange(first, last, defaultKernelOptions({ chunk }));
          const error = relativeError(sum, fixedPointSum(first, last));
          assert.ok(error <= TOLERANCE, `${variant.name} [${first}, ${last}] chunk=${chunk}: relative error ${error}`);
        }
      }
    });
  }

  it('checkRange accepts 1 ≤ first ≤ last ≤ 2^53−1 and refuses anything else', () => {
    checkRange(1, 1);
    checkRange(5, Number.MAX_SAFE_INTEGER);
    for (const [first, last] of [
      [0, 5],
      [6, 5],
      [1.5, 3],
      [1, Number.MAX_SAFE_INTEGER + 1],
    ] as const) {
      assert.throws(() => checkRange(first, last), ArgumentError, `[${first}, ${last}]`);
    }
  });

  it('closed-form stays accurate for ranges far out, where the two tails nearly cancel', () => {
    const closedForm = getSequentialVariant('closed-form');
    for (const first of [1e6, 1e9, 1e12]) {
      const last = first + 999;
      const { sum } = closedForm.sumRange(first, last, defaultKernelOptions());
      const error = relativeError(sum, fixedPointSum(first, last));
      assert.ok(error <= 1e-15, `[${first}, ${last}]: relative error ${error}`);
    }
  });
});

describe('closed-form', () => {
  it('stays within 2 ulps of exactPartialSum for N = 1..3000 and across the whole range of N', () => {
    const closedForm = getVariant('closed-form');
    const options = defaultKernelOptions();
    const large = Array.from({ length: 200 }, (_, index) => Math.floor(2 ** (12 + (40.9 * index) / 199)));
    for (const n of [...Array.from({ length: 3000 }, (_, index) => index + 1), ...large, Number.MAX_SAFE_INTEGER]) {
      const sum = (closedForm.run(n, options) as { sum: number }).sum;
      const exact = exactPartialSum(n);
      assert.ok(Math.abs(sum - exact) <= 2 * 2 ** -52, `N=${n}: ${sum} vs ${exact}`);
    }
  });
});

describe('variants that mirror the same numpy function give the same sums, bit for bit', () => {
  // e.g. broadcast and broadcast-simd (basel_np_broadcast), chunked and chunked-simd (basel_chunks):
  // the same correctly rounded passes in the same order, scalar or vectorised.
  const twins = [...new Set(VARIANTS.map((variant) => variant.mirrors))]
    .filter((mirrors) => mirrors?.startsWith('basel_') === true)
    .map((mirrors) => VARIANTS.filter((variant) => variant.mirrors === mirrors && variant.steps !== undefined))
    .filter((group) => group.length > 1);
  it('finds at least one such group', () => assert.ok(twins.length > 0));
  for (const group of twins) {
    it(group.map((variant) => variant.name).join(' = '), async () => {
      for (const n of [1, 9, 129, 1000, 12_345, 300_007]) {
        for (const chunk of [1, 7, 128, 4099, n]) {
          for (const timeSteps of [true, false]) {
            const options = defaultKernelOptions({ chunk, timeSteps });
            const [first, ...rest] = await Promise.all(
              group.map(async (variant) => (await variant.run(n, options)).sum),
            );
            for (const [index, sum] of rest.entries())
              assert.equal(sum, first, `${group[index + 1]?.name} N=${n} chunk=${chunk} timeSteps=${timeSteps}`);
          }
        }
      }
    });
  }
});

describe('the numpy-style variants reproduce numpy 2.4 bit for bit', () => {
  // float(np.sum(np.square(1 / np.arange(1, N + 1)))), and the chunked loop of basel_np_range over 1..12345.
  const wholeArray = new Map([
    [1000, 1.6439345666815601],
    [12_345, 1.6448530656737537],
    [1_000_003, 1.6449330668517264],
  ]);
  const chunks = new Map([
    [1000, 1.6448530656737543],
    [7, 1.6448530656737532],
  ]);
  for (const variant of VARIANTS.filter((candidate) => candidate.mirrors?.startsWith('basel_np') === true)) {
    it(`${variant.name} (mirrors ${variant.mirrors})`, async () => {
      for (const [n, expected] of wholeArray) {
        assert.equal((await variant.run(n, defaultKernelOptions({ chunk: n }))).sum, expected, `N=${n}`);
      }
    });
  }
  for (const variant of VARIANTS.filter((candidate) => candidate.mirrors === 'basel_chunks')) {
    it(`${variant.name} (mirrors basel_chunks) over 1..12345`, async () => {
      for (const [chunk, expected] of chunks) {
        assert.equal((await variant.run(12_345, defaultKernelOptions({ chunk }))).sum, expected, `chunk=${chunk}`);
      }
    });
  }
});
