// The sequential-kernel contract: sum 1/x² over any inclusive range [first, last] on the calling thread.
import { ArgumentError } from '../errors.js';
import { checkTermCount } from './exact.js';
import { checkFootprint } from './memory.js';
import type { KernelOptions, KernelResult, Variant } from './types.js';

/**
 * Sum 1/x² for x = first..last inclusive on the calling thread, with 1 ≤ first ≤ last ≤ 2^53−1.
 * `options` carries `chunk` for chunked kernels; the others ignore it. Returns the sum and, for
 * kernels that time their steps, the milliseconds per step. Callers check the range (checkRange).
 */
export type SumRange = (first: number, last: number, options: KernelOptions) => KernelResult;

/**
 * A variant that runs on one thread and can sum any sub-range — what a worker runs (`--inner`).
 * `run(n)` is exactly `sumRange(1, n)`.
 */
export interface SequentialVariant extends Variant {
  readonly sequential: true;
  readonly sumRange: SumRange;
  /** Length of the longest array it allocates for this range (0 if none); the memory guard checks it. */
  arrayLength(n: number, options: KernelOptions): number;
  /**
   * True when its arrays live in one WebAssembly memory per thread instead of typed arrays: a wasm32
   * memory holds at most 4 GiB whatever the machine has, and the memory guard refuses what would not fit.
   */
  readonly wasmMemory?: boolean;
  run(n: number, options: KernelOptions): KernelResult;
}

/**
 * What a kernel file declares; defineSequentialVariant derives `run`, `footprintBytes` and the
 * discriminator. Variants that materialise Float64Arrays give how many they hold at once and their
 * length; footprintBytes is then arrayCount × 8 B × arrayLength. Omitted: O(1) memory.
 */
export type SequentialSpec = Omit<SequentialVariant, 'sequential' | 'run' | 'footprintBytes' | 'arrayLength'> & {
  /** Float64Arrays held at once (4 for arrays, 3 for broadcast and chunked). */
  arrayCount?: number;
  /** Elements in each of them for n terms (n, or min(C, n) for chunked). */
  arrayLength?: (n: number, options: KernelOptions) => number;
};

const BYTES_PER_FLOAT64 = 8;

/**
 * Build a registry entry from a range kernel: `run(n)` checks n and the memory guard (UserError when
 * the arrays would not fit), then sums 1..n.
 */
export function defineSequentialVariant(spec: SequentialSpec): SequentialVariant {
  const { arrayCount = 0, arrayLength = () => 0, ...rest } = spec;
  const variant: SequentialVariant = {
    ...rest,
    sequential: true,
    arrayLength,
    footprintBytes: (n, options) => arrayCount * BYTES_PER_FLOAT64 * arrayLength(n, options),
    run(n, options) {
      checkTermCount(n);
      checkFootprint(variant, n, options);
      return spec.sumRange(1, n, options);
    },
  };
  return variant;
}

/** True for variants that implement the sequential contract (and so may be a worker's `--inner`). */
export function isSequentialVariant(variant: Variant): variant is SequentialVariant {
  return (variant as Partial<SequentialVariant>).sequential === true;
}

/** Check 1 ≤ first ≤ last ≤ 2^53−1, both integers. Throws ArgumentError. */
export function checkRange(first: number, last: number): void {
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(last) || first < 1 || first > last) {
    throw new ArgumentError(`a range must satisfy 1 ≤ first ≤ last ≤ 2^53−1, both integers (got [${first}, ${last}])`);
  }
}
