// How long measuring would take, before it starts: a kernel timed at growing N until one call is long
// enough to time, extrapolated to the N asked for and multiplied by the runs the settings call for.
// Estimates, and labelled as such wherever they are shown (bench's confirmation, report's plan).
import type { KernelOptions, Variant } from '../kernels/types.js';
import { shareOfSettings, type MeasureSettings } from './measure.js';

/** The first N timed. */
const START_N = 10_000;
/** N grows ×4 until one call takes this long and time grows with N (×4 N gave ≥ ×2.5 time)… */
const LONG_ENOUGH_MS = 2;
const LINEAR_RATIO = 2.5;
/** …or a call takes this long, or N reaches the N asked for, or the memory cap. */
const LONGEST_MS = 50;
/** N stops growing before the variant would materialise more than this. */
const MAX_FOOTPRINT_BYTES = 64 * 1024 * 1024;
const TRIES = 3;

export interface WorkEstimate {
  /** Estimated milliseconds of one call at the N asked for. */
  callMs: number;
  /** Calls the settings make at least: the warm-up runs and the minimum samples. */
  calls: number;
  /** callMs × calls. */
  totalMs: number;
  /** The largest N timed; equal to the N asked for when no extrapolation was needed. */
  fromN: number;
}

async function fastestCallMs(variant: Variant, n: number, options: KernelOptions): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < TRIES; i++) {
    const start = process.hrtime.bigint();
    await variant.run(n, options);
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
  }
  return best;
}

/** One call's estimated time as a line in N: `fixedMs + msPerTerm × N`, from calls timed up to `fromN`. */
export interface CallTimeModel {
  fixedMs: number;
  msPerTerm: number;
  /** The largest N timed. */
  fromN: number;
}

/** The model's estimate of one call at `n`, in ms. */
export function callMsAt(model: CallTimeModel, n: number): number {
  return model.fixedMs + model.msPerTerm * n;
}

/**
 * Time `variant` as N grows: from 10⁴ (or `maxN`, if smaller) ×4 until a call takes 2 ms and grew ≥ 2.5×
 * with the last step (past a fixed overhead such as starting workers), or takes 50 ms, reaches `maxN`, or
 * would need over 64 MiB; the line through the last two points (slope ≥ 0) is the model — so an O(1)
 * variant is timed at `maxN` itself and a linear one from a call long enough to time.
 */
export async function modelCallTime(variant: Variant, maxN: number, options: KernelOptions): Promise<CallTimeModel> {
  let upper = Math.min(maxN, START_N);
  let upperMs = await fastestCallMs(variant, upper, options);
  let lower = upper;
  let lowerMs = upperMs;
  const settled = () => upperMs >= LONG_ENOUGH_MS && upperMs >= LINEAR_RATIO * lowerMs;
  while (!settled() && upperMs < LONGEST_MS && upper < maxN) {
    const next = Math.min(maxN, upper * 4);
    if (variant.footprintBytes(next, options) > MAX_FOOTPRINT_BYTES) break;
    [lower, lowerMs] = [upper, upperMs];
    upper = next;
    upperMs = await fastestCallMs(variant, upper, options);
  }
  const msPerTerm = upper === lower ? 0 : Math.max(0, (upperMs - lowerMs) / (upper - lower));
  return { fixedMs: Math.max(0, upperMs - msPerTerm * upper), msPerTerm, fromN: upper };
}

/**
 * Estimate the work of measuring `variant` at `n`: one call from modelCallTime, multiplied by the calls
 * `settings` make at the least (warm-up runs + minimum samples; batching and the minimum time add only
 * short calls).
 */
export async function estimateWork(
  variant: Variant,
  n: number,
  options: KernelOptions,
  settings: MeasureSettings,
): Promise<WorkEstimate> {
  const model = await modelCallTime(variant, n, options);
  const callMs = callMsAt(model, n);
  const calls = settings.warmupRuns + settings.minSamples;
  return { callMs, calls, totalMs: callMs * calls, fromN: model.fromN };
}

/**
 * The time measuring one point takes at `settings`, from its call time: the warm-up runs, then samples
 * of at least 1 ms (short calls batched) until there are `minSamples` and `minTimeMs` of them, at most
 * `maxSamples` — in each of `processes` processes, which share the samples (shareOfSettings) but each
 * warm up. 0 when one call is over `maxSampleMs` (the sweep skips it without running it).
 */
export function pointWorkMs(callMs: number, total: MeasureSettings, maxSampleMs: number, processes = 1): number {
  if (callMs > maxSampleMs) return 0;
  const settings = shareOfSettings(total, processes);
  const sampleMs = Math.max(callMs, 1);
  const samples = Math.min(
    settings.maxSamples,
    Math.max(settings.minSamples, Math.ceil(settings.minTimeMs / sampleMs)),
  );
  return processes * (settings.warmupRuns * callMs + samples * sampleMs);
}
