// bench's own minimal timing: K warm-up runs, then R timed runs with process.hrtime.bigint.
import type { KernelOptions, KernelResult, Variant } from '../kernels/types.js';

/** What collectBenchSamples returns: one wall time and one result per timed run. */
export interface BenchSamples {
  /** Wall time of each timed run, in milliseconds, in run order. */
  samplesMs: number[];
  /** The result of each timed run, in run order (sums and, for timed variants, steps). */
  results: KernelResult[];
}

const NS_PER_MS = 1e6;

/**
 * Run `variant` `warmup` times untimed, then `repeats` times timed with process.hrtime.bigint(),
 * awaiting parallel variants and keeping every result (so no run can be optimised away). This is the
 * one place bench measures; src/measure's measureVariant can replace it wholesale.
 */
export async function collectBenchSamples(
  variant: Variant,
  n: number,
  options: KernelOptions,
  repeats: number,
  warmup: number,
  onSample: (index: number, ms: number) => void = () => {},
): Promise<BenchSamples> {
  for (let i = 0; i < warmup; i++) await variant.run(n, options);
  const samplesMs: number[] = [];
  const results: KernelResult[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = process.hrtime.bigint();
    const result = await variant.run(n, options);
    const ms = Number(process.hrtime.bigint() - start) / NS_PER_MS;
    samplesMs.push(ms);
    results.push(result);
    onSample(i, ms);
  }
  return { samplesMs, results };
}

/** The median of `values` (mean of the middle two for an even count). Needs ≥ 1 value. O(n log n). */
export function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
