// The harness: time one variant at one N — warm-up, then samples until enough runs and enough time.
import type { KernelOptions, KernelResult, Variant } from '../kernels/types.js';
import type { Stats } from '../results/schema.js';
import { elapsedMs, nowNs } from './clock.js';
import { median, summarize } from './stats.js';

/** Empty calls averaged to measure the harness overhead… */
export const OVERHEAD_CALLS = 20_000;
/** …in this many batches, of which the lowest mean counts. */
export const OVERHEAD_BATCHES = 10;

/** How a point is sampled; every profile sets them (PROFILE_SETTINGS in profiles.ts). */
export interface MeasureSettings {
  /** Untimed runs before sampling, so the JIT has compiled the kernel (fewer if they take longer than minTimeMs). */
  warmupRuns: number;
  /** At least this many timed samples… */
  minSamples: number;
  /** …and at least this much total sampled time, whichever takes longer. */
  minTimeMs: number;
  /** Never more samples than this, however fast the kernel. */
  maxSamples: number;
  /** If the first run takes longer than this, stop with RunOverBudgetError instead of sampling on. */
  maxRunMs?: number;
}

/** The first run of a point took longer than the budget allows; the sweep records the point as skipped. */
export class RunOverBudgetError extends Error {
  constructor(
    readonly runMs: number,
    readonly budgetMs: number,
  ) {
    super(`one run took ${runMs} ms, over the budget of ${budgetMs} ms`);
    this.name = 'RunOverBudgetError';
  }
}

/** What may watch or stop a measurement. */
export interface MeasureHooks {
  /** Checked before every run; an abort rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Hears each timed sample as it is taken: its index and milliseconds (for progress lines). */
  onSample?: (index: number, ms: number) => void;
}

export interface Measurement {
  /** Every timed sample, in the order taken. */
  samplesMs: number[];
  stats: Stats;
  /** The sum the kernel returned (the last sample's; every sample's is checked finite). */
  sum: number;
  /** Median milliseconds of each step over the samples, for variants that time steps. */
  steps?: Record<string, number>;
  /** Every sample's milliseconds per step, for variants that time steps. */
  stepSamplesMs?: Record<string, number[]>;
}

/**
 * Where every kernel result goes, so the JIT cannot prove a result unused and drop the call.
 * Exported (and so observable from outside) on purpose; its value means nothing.
 */
export let resultSink = 0;

type KernelCall = () => KernelResult | Promise<KernelResult>;

/**
 * Time one call on the monotonic clock. A synchronous kernel is timed with nothing but the call
 * between the two clock readings; a promise (parallel variants) is awaited inside the timed span.
 */
export async function timeCall(call: KernelCall): Promise<{ ms: number; result: KernelResult }> {
  const start = nowNs();
  const returned = call();
  const result = returned instanceof Promise ? await returned : returned;
  const end = nowNs();
  resultSink += result.sum;
  return { ms: elapsedMs(start, end), result };
}

/** The collector Node exposes with `--expose-gc` (the basel-lab bin passes it), or undefined. */
function exposedGc(): (() => void) | undefined {
  const gc = (globalThis as { gc?: unknown }).gc;
  return typeof gc === 'function' ? (gc as () => void) : undefined;
}

/**
 * True when the harness can collect garbage before each sample: only if Node runs with
 * `--expose-gc` (the `basel-lab` bin does; a notebook kernel usually does not).
 */
export function canCollectGarbage(): boolean {
  return exposedGc() !== undefined;
}

const EMPTY_RESULT: KernelResult = { sum: 0 };
const emptyCall: KernelCall = () => EMPTY_RESULT;

/**
 * The harness's own cost per sample, in milliseconds: the mean time of an empty call through
 * timeCall — the same path every kernel sample takes (two clock readings and a call) — over
 * `batches` batches of `calls / batches` calls, taking the lowest batch mean so that a batch in which
 * another process took the core does not count.
 */
export async function measureHarnessOverhead(calls = OVERHEAD_CALLS, batches = OVERHEAD_BATCHES): Promise<number> {
  for (let i = 0; i < 1000; i++) await timeCall(emptyCall);
  const perBatch = Math.max(1, Math.floor(calls / batches));
  let lowest = Number.POSITIVE_INFINITY;
  for (let batch = 0; batch < batches; batch++) {
    let total = 0;
    for (let i = 0; i < perBatch; i++) total += (await timeCall(emptyCall)).ms;
    lowest = Math.min(lowest, total / perBatch);
  }
  return lowest;
}

/**
 * Let the event loop run its I/O phase once (setImmediate fires after it). Awaiting only microtasks
 * would starve it, so a SIGINT handler, a timer or a progress redraw would wait until the sweep ends.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function checkResult(variant: Variant, n: number, result: KernelResult): void {
  if (!Number.isFinite(result.sum))
    throw new Error(`${variant.name} returned a non-finite sum (${result.sum}) at N = ${n}`);
}

/**
 * Measure `variant` at `n`: up to `warmupRuns` untimed runs (stopping early once they have taken
 * `minTimeMs`, when that is above 0), then timed samples until there are at least `minSamples` and they add up to at least
 * `minTimeMs`, capped at `maxSamples`. Garbage is collected before every run when Node exposes gc.
 * If the first run takes longer than `maxRunMs`, rejects with RunOverBudgetError. `onSample` hears
 * each timed sample as it is taken (its index and milliseconds), for progress lines.
 * The event loop gets a turn and
 * `signal` is checked before every run (so Ctrl-C is noticed between samples); an abort rejects with the signal's reason, dropping the point.
 */
export async function measureVariant(
  variant: Variant,
  n: number,
  options: KernelOptions,
  settings: MeasureSettings,
  { signal, onSample }: MeasureHooks = {},
): Promise<Measurement> {
  const gc = exposedGc();
  const call: KernelCall = () => variant.run(n, options);
  let runs = 0;
  const run = async (): Promise<{ ms: number; result: KernelResult }> => {
    await yieldToEventLoop();
    signal?.throwIfAborted();
    gc?.();
    const timed = await timeCall(call);
    checkResult(variant, n, timed.result);
    if (runs++ === 0 && settings.maxRunMs !== undefined && timed.ms > settings.maxRunMs)
      throw new RunOverBudgetError(timed.ms, settings.maxRunMs);
    return timed;
  };
  // With a time floor, warm-ups stop once they have taken that long; without one (bench), all of them run.
  let warmupMs = 0;
  for (
    let i = 0;
    i < settings.warmupRuns && (i === 0 || settings.minTimeMs === 0 || warmupMs < settings.minTimeMs);
    i++
  ) {
    warmupMs += (await run()).ms;
  }

  const samplesMs: number[] = [];
  const stepSamplesMs: Record<string, number[]> = {};
  let totalMs = 0;
  let last: KernelResult = EMPTY_RESULT;
  while (
    (samplesMs.length < settings.minSamples || totalMs < settings.minTimeMs) &&
    samplesMs.length < settings.maxSamples
  ) {
    const { ms, result } = await run();
    onSample?.(samplesMs.length, ms);
    samplesMs.push(ms);
    totalMs += ms;
    for (const [step, stepMs] of Object.entries(result.steps ?? {})) (stepSamplesMs[step] ??= []).push(stepMs);
    last = result;
  }

  const measurement: Measurement = { samplesMs, stats: summarize(samplesMs), sum: last.sum };
  if (Object.keys(stepSamplesMs).length > 0) {
    measurement.stepSamplesMs = stepSamplesMs;
    measurement.steps = Object.fromEntries(
      Object.entries(stepSamplesMs).map(([step, values]) => [step, median(values)]),
    );
  }
  return measurement;
}
