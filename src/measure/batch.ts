// Batching: how many kernel calls one timed sample makes, so that a sample is long enough to time.
import type { KernelResult } from '../kernels/types.js';
import { elapsedMs, nowNs } from './clock.js';

/** A sample lasts at least this long (criterion and mitata likewise batch iterations up to a floor)… */
export const MIN_SAMPLE_MS = 1;
/** …and at least this many times the measured clock resolution, so reading the clock is ≤ 0.1% of it. */
export const RESOLUTION_MULTIPLE = 1_000;
/** Never more calls per sample than this, however fast the call (an empty call would otherwise never get there). */
export const MAX_BATCH = 10_000_000;
/** Calibration aims this much above the target, so that a slightly faster sample still reaches it. */
export const CALIBRATION_MARGIN = 1.2;
/** Calibration gives up growing the batch after this many rounds (each at most ~the target long). */
export const MAX_CALIBRATION_ROUNDS = 30;

/**
 * The shortest a sample may last: `minSampleMs` (default MIN_SAMPLE_MS), or RESOLUTION_MULTIPLE × the
 * clock resolution if longer. A floor of 0 turns batching off (every call is its own sample).
 */
export function targetSampleMs(clockResolutionNs: number, minSampleMs = MIN_SAMPLE_MS): number {
  return minSampleMs === 0 ? 0 : Math.max(minSampleMs, (RESOLUTION_MULTIPLE * clockResolutionNs) / 1e6);
}

/**
 * The batch size to try after `batch` calls took `elapsedMs` in all: unchanged once it reached
 * `targetMs`, otherwise scaled so the next batch lasts CALIBRATION_MARGIN × the target at the same
 * time per call (×10 when the batch was too short to see at all), and always at least one more call,
 * capped at `maxBatch`. Pure; never shrinks.
 */
export function nextBatchSize(batch: number, elapsedMs: number, targetMs: number, maxBatch = MAX_BATCH): number {
  if (elapsedMs >= targetMs || batch >= maxBatch) return Math.min(batch, maxBatch);
  const scaled = elapsedMs > 0 ? Math.ceil((batch * targetMs * CALIBRATION_MARGIN) / elapsedMs) : batch * 10;
  return Math.min(maxBatch, Math.max(batch + 1, scaled));
}

/**
 * Grow a batch from `startBatch` until `timeBatch(batch)` lasts at least `targetMs` (or the batch
 * reaches `maxBatch`, or MAX_CALIBRATION_ROUNDS pass): the calibration run. Returns the batch and
 * every round tried. `timeBatch` may be fabricated (tests), so this is pure arithmetic over its answers.
 */
export async function calibrateBatch(
  timeBatch: (batch: number) => Promise<number> | number,
  targetMs: number,
  { startBatch = 1, maxBatch = MAX_BATCH }: { startBatch?: number; maxBatch?: number } = {},
): Promise<{ batch: number; rounds: { batch: number; ms: number }[] }> {
  const rounds: { batch: number; ms: number }[] = [];
  let batch = Math.min(startBatch, maxBatch);
  for (let round = 0; round < MAX_CALIBRATION_ROUNDS; round++) {
    const ms = await timeBatch(batch);
    rounds.push({ batch, ms });
    const next = nextBatchSize(batch, ms, targetMs, maxBatch);
    if (next === batch) break;
    batch = next;
  }
  return { batch, rounds };
}

/** A kernel call: a synchronous result, or a promise of one (parallel variants). */
export type KernelCall = () => KernelResult | Promise<KernelResult>;

/** What one timed batch gives: the milliseconds of the whole batch, and the calls' results folded together. */
export interface BatchTiming {
  /** Milliseconds for all `batch` calls together. */
  ms: number;
  /** The sum of every call's sum (the sink consumes it, so no call can be dropped as unused). */
  sumOfSums: number;
  /** The last call's result. */
  last: KernelResult;
  /** Each step's milliseconds added over the calls, for variants that time steps. */
  stepTotals?: Record<string, number>;
}

function addSteps(totals: Record<string, number>, steps: Record<string, number>): void {
  for (const step in steps) totals[step] = (totals[step] ?? 0) + (steps[step] as number);
}

/**
 * Time `batch` calls of `call` back to back between two clock readings. Every result's sum is added
 * into `sumOfSums`, which the caller must consume (the harness's result sink), so the JIT cannot
 * prove a call's result unused. A synchronous kernel is called in a plain loop; a kernel returning a
 * promise is awaited call by call inside the timed span. Needs batch ≥ 1.
 */
export async function timeBatch(call: KernelCall, batch: number, asynchronous: boolean): Promise<BatchTiming> {
  let sumOfSums = 0;
  let last: KernelResult = { sum: 0 };
  let stepTotals: Record<string, number> | undefined;
  const start = nowNs();
  if (asynchronous) {
    for (let i = 0; i < batch; i++) {
      last = await call();
      sumOfSums += last.sum;
      if (last.steps !== undefined) addSteps((stepTotals ??= {}), last.steps);
    }
  } else {
    for (let i = 0; i < batch; i++) {
      last = call() as KernelResult;
      sumOfSums += last.sum;
      if (last.steps !== undefined) addSteps((stepTotals ??= {}), last.steps);
    }
  }
  const end = nowNs();
  const timing: BatchTiming = { ms: elapsedMs(start, end), sumOfSums, last };
  if (stepTotals !== undefined) timing.stepTotals = stepTotals;
  return timing;
}
