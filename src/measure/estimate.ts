// How long measuring would take, before it starts: a kernel timed at growing N until one call is long
// enough to time, extrapolated to the N asked for and multiplied by the runs the settings call for.
// Estimates, and labelled as such wherever they are shown (bench's confirmation, report's plan).
import type { KernelOptions, Variant } from '../kernels/types.js';
import { MIN_WARMUP_MS, shareOfSettings, type MeasureSettings } from './measure.js';

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
/** A call this long is timed once: the kernel was warmed by the smaller N before it, and the noise is small. */
const ONE_TRY_MS = 20;

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
  for (let i = 0; i < TRIES && (i === 0 || best < ONE_TRY_MS); i++) {
    const start = process.hrtime.bigint();
    await variant.run(n, options);
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
  }
  return best;
}

/**
 * One call's estimated time from calls timed up to `fromN`: `fixedMs + msPerTerm × N`, a line in N.
 * When the variant's footprint still grew with N where it was timed (`footprintPerTerm` > 0: its arrays
 * were as long as N, the allocation and first touch part of every term) but stops growing before the
 * N asked for (a chunked variant's scratch stops at one chunk), the line is only right up to there:
 * see callMsFor.
 */
export interface CallTimeModel {
  fixedMs: number;
  msPerTerm: number;
  /** The largest N timed. */
  fromN: number;
  /** Bytes of footprint per term between the last two N timed; 0 once the footprint stopped growing. */
  footprintPerTerm: number;
}

/** The model's line at `n`, in ms. */
export function callMsAt(model: CallTimeModel, n: number): number {
  return model.fixedMs + model.msPerTerm * n;
}

/**
 * One call at `n` whose footprint is `footprintBytes`, when the model was timed while the footprint grew
 * with N and the same variant's `steadyMsPerTerm` is known (from a smaller chunk, timed past its
 * footprint's growth): the terms cost steadyMsPerTerm each, and the rest of the timed slope is a cost per
 * byte of footprint (allocation, first touch), paid for the footprint the call really has. Otherwise
 * the model's line. Pure.
 */
export function callMsFor(
  model: CallTimeModel,
  n: number,
  footprintBytes: number,
  steadyMsPerTerm: number | null,
): number {
  const grownFootprint = model.footprintPerTerm * n;
  if (steadyMsPerTerm === null || model.footprintPerTerm <= 0 || footprintBytes >= grownFootprint)
    return callMsAt(model, n);
  const msPerByte = Math.max(0, model.msPerTerm - steadyMsPerTerm) / model.footprintPerTerm;
  return model.fixedMs + steadyMsPerTerm * n + msPerByte * footprintBytes;
}

/**
 * Time `variant` as N grows: from 10⁴ (or `maxN`, if smaller) ×4 until a call takes 2 ms and grew ≥ 2.5×
 * with the last step (past a fixed overhead such as starting workers) and the footprint has stopped
 * growing if it will stop before `maxN` (a chunked variant timed past two chunks, so its slope is the
 * cost of terms, not of allocating longer scratch), or a call takes 50 ms, reaches `maxN`, or would need
 * over 64 MiB; the line through the last two points (slope ≥ 0) is the model — so an O(1) variant is
 * timed at `maxN` itself and a linear one from a call long enough to time.
 */
export async function modelCallTime(variant: Variant, maxN: number, options: KernelOptions): Promise<CallTimeModel> {
  const footprint = (n: number) => variant.footprintBytes(n, options);
  const finalFootprint = footprint(maxN);
  let upper = Math.min(maxN, START_N);
  let upperMs = await fastestCallMs(variant, upper, options);
  let lower = upper;
  let lowerMs = upperMs;
  const steady = () => footprint(upper / 2) >= finalFootprint || footprint(upper) * (maxN / upper) <= finalFootprint;
  const settled = () => upperMs >= LONG_ENOUGH_MS && upperMs >= LINEAR_RATIO * lowerMs && steady();
  while (!settled() && upperMs < LONGEST_MS && upper < maxN) {
    const next = Math.min(maxN, upper * 4);
    if (footprint(next) > MAX_FOOTPRINT_BYTES) break;
    [lower, lowerMs] = [upper, upperMs];
    upper = next;
    upperMs = await fastestCallMs(variant, upper, options);
  }
  const msPerTerm = upper === lower ? 0 : Math.max(0, (upperMs - lowerMs) / (upper - lower));
  const footprintPerTerm = upper === lower ? 0 : Math.max(0, (footprint(upper) - footprint(lower)) / (upper - lower));
  return { fixedMs: Math.max(0, upperMs - msPerTerm * upper), msPerTerm, fromN: upper, footprintPerTerm };
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
 * The time measuring one point takes at `settings`, from its call time, as measure.ts spends it: the
 * warm-up runs (they stop early once they add up to `minTimeMs`; short, batched calls warm up for at
 * least `minWarmupMs`), then samples of at least 1 ms (short calls batched) until there are `minSamples`
 * and `minTimeMs` of them, at most `maxSamples` — in each of `processes` processes, which share the
 * samples and the time floor (shareOfSettings) but each warm up; every run also costs `runOverheadMs`
 * (measureRunOverheadMs: the collection and yield before it). 0 when one call is over `maxSampleMs`
 * (the sweep skips it without running it).
 */
export function pointWorkMs(
  callMs: number,
  total: MeasureSettings,
  maxSampleMs: number,
  processes = 1,
  runOverheadMs = 0,
): number {
  if (callMs > maxSampleMs) return 0;
  const settings = shareOfSettings(total, processes);
  const sampleMs = Math.max(callMs, 1);
  let warmups =
    settings.warmupRuns === 0 || settings.minTimeMs === 0
      ? settings.warmupRuns
      : Math.min(settings.warmupRuns, Math.max(1, Math.ceil(settings.minTimeMs / sampleMs)));
  if (callMs < 1 && settings.warmupRuns > 0)
    warmups = Math.max(warmups, Math.ceil((settings.minWarmupMs ?? MIN_WARMUP_MS) / sampleMs));
  const samples = Math.min(
    settings.maxSamples,
    Math.max(settings.minSamples, Math.ceil(settings.minTimeMs / sampleMs)),
  );
  return processes * (warmups + samples) * (sampleMs + runOverheadMs);
}
