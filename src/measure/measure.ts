// The harness: time one variant at one N — warm-up, then samples until enough runs and enough time.
import type { KernelOptions, KernelResult, Variant } from '../kernels/types.js';
import type { Stats } from '../results/schema.js';
import {
  calibrateBatch,
  nextBatchSize,
  targetSampleMs,
  timeBatch,
  type BatchTiming,
  type KernelCall,
} from './batch.js';
import { elapsedMs, measureClockResolutionNs, nowNs } from './clock.js';
import type { CanaryReading } from './canary.js';
import { median, summarize } from './stats.js';

/**
 * Batched calls (each shorter than a sample) warm up for at least this long, whatever warmupRuns says,
 * so the JIT has optimised the kernel before sampling: without it, closed-form's calls run ~2× faster
 * from the ninth sample on.
 */
export const MIN_WARMUP_MS = 100;

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
  /** When calls are batched (short), warm-up batches go on until they have taken this long; default MIN_WARMUP_MS. */
  minWarmupMs?: number;
  /** A sample (a batch of calls) lasts at least this long; default MIN_SAMPLE_MS. 0 times every call alone. */
  minSampleMs?: number;
  /** The clock's resolution in ns, if already measured (default: measured at the start of the point). */
  clockResolutionNs?: number;
}

/**
 * One process's share of a point's sampling when `k` processes split it: at least ⌈minSamples / k⌉
 * samples (at least 1) over at least minTimeMs / k, at most ⌈maxSamples / k⌉; each process still does
 * the whole warm-up, since each starts cold. k = 1 returns the settings as they are.
 */
export function shareOfSettings(settings: MeasureSettings, k: number): MeasureSettings {
  if (k === 1) return settings;
  return {
    ...settings,
    minSamples: Math.max(1, Math.ceil(settings.minSamples / k)),
    minTimeMs: settings.minTimeMs / k,
    maxSamples: Math.max(1, Math.ceil(settings.maxSamples / k)),
  };
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
  /** Every timed sample, in the order taken, in milliseconds per call (the batch's time / `batch`). */
  samplesMs: number[];
  /** Calls per sample, chosen by the calibration run (1 when one call already lasts the target). */
  batch: number;
  /** The shortest a sample was allowed to be, in milliseconds (MIN_SAMPLE_MS or 1000 × the clock resolution). */
  targetSampleMs: number;
  stats: Stats;
  /** The sum the kernel returned (the last call's; every batch's sum of sums is checked finite). */
  sum: number;
  /** Median milliseconds of each step per call over the samples, for variants that time steps. */
  steps?: Record<string, number>;
  /** Every sample's milliseconds per step per call, for variants that time steps. */
  stepSamplesMs?: Record<string, number[]>;
  /**
   * Minor page faults of the whole process per call over the timed samples: ~1 per 4 KiB of fresh
   * memory an array variant touches (the memory state made visible), ~0 for reused memory.
   */
  pageFaultsPerCall: number;
  /** When pooled from several processes (poolMeasurements): each one's share, in the order of samplesMs. */
  processes?: ProcessShare[];
  /**
   * The machine's speed just before, read in the measuring child while it was idle (canary.ts): the
   * compute and cache canaries' ms. Pooled: the slowest process's. Absent when measured in this process.
   */
  canary?: CanaryReading;
}

/** What one process contributed to a point pooled from several. */
export interface ProcessShare {
  /** Samples it took (they sit in the pooled samplesMs one process after another, in process order). */
  samples: number;
  /** Their median, in ms per call. */
  medianMs: number;
  /** Calls per sample its calibration chose. */
  batch: number;
}

/**
 * Where every kernel result goes, so the JIT cannot prove a result unused and drop the call.
 * Exported (and so observable from outside) on purpose; its value means nothing.
 */
export let resultSink = 0;

/**
 * Time one call on the monotonic clock. A synchronous kernel is timed with nothing but the call
 * between the two clock readings; a promise (parallel variants) is awaited inside the timed span.
 */
export async function timeCall(call: KernelCall): Promise<{ ms: number; result: KernelResult; asynchronous: boolean }> {
  const start = nowNs();
  const returned = call();
  const asynchronous = returned instanceof Promise;
  const result = asynchronous ? await returned : returned;
  const end = nowNs();
  if (Number.isFinite(result.sum)) resultSink += result.sum; // a bad sum is refused by the caller, not sunk
  return { ms: elapsedMs(start, end), result, asynchronous };
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

/**
 * What the harness adds to every warm-up and sample run in this process, in ms: the yield to the event
 * loop and the full collection before it (with --expose-gc; 3–5 ms in a measuring child on a 2-core
 * Zen 5 VM, 12 ms in a process holding the whole package). The median of `runs` tries.
 */
export async function measureRunOverheadMs(runs = 7): Promise<number> {
  const gc = exposedGc();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = nowNs();
    gc?.();
    await yieldToEventLoop();
    times.push(elapsedMs(start, nowNs()));
  }
  return median(times);
}

function checkResult(variant: Variant, n: number, sum: number): void {
  if (!Number.isFinite(sum)) throw new Error(`${variant.name} returned a non-finite sum (${sum}) at N = ${n}`);
}

/**
 * Measure `variant` at `n`. The first call is timed alone (it is the budget check: over `maxRunMs`
 * rejects with RunOverBudgetError). If it lasted less than the target sample time (`minSampleMs`, or
 * 1000 × the clock resolution if longer), a calibration run grows the batch — the calls per sample —
 * until one batch lasts the target. Then up to `warmupRuns` untimed batches (stopping early once they
 * have taken `minTimeMs`, when that is above 0; the batch still grows if the JIT made calls faster),
 * then timed batches until there are at least `minSamples` and they add up to at least `minTimeMs`,
 * capped at `maxSamples`. Samples are stored per call (a batch's time / its size), with the batch
 * size. Every call's sum goes into the result sink. Garbage is collected before every batch when Node
 * exposes gc. `onSample` hears each timed sample as it is taken (its index and ms per call). The event
 * loop gets a turn and `signal` is checked before every batch (so Ctrl-C is noticed between samples);
 * an abort rejects with the signal's reason, dropping the point.
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
  const targetMs = targetSampleMs(settings.clockResolutionNs ?? measureClockResolutionNs(), settings.minSampleMs);
  let asynchronous = false;
  const runBatch = async (batch: number): Promise<BatchTiming> => {
    await yieldToEventLoop();
    signal?.throwIfAborted();
    gc?.();
    const timed = await timeBatch(call, batch, asynchronous);
    checkResult(variant, n, timed.sumOfSums);
    resultSink += timed.sumOfSums;
    return timed;
  };

  // The first call alone: whether the kernel is asynchronous, the budget check, the calibration's start.
  await yieldToEventLoop();
  signal?.throwIfAborted();
  gc?.();
  const first = await timeCall(call);
  checkResult(variant, n, first.result.sum);
  asynchronous = first.asynchronous;
  if (settings.maxRunMs !== undefined && first.ms > settings.maxRunMs)
    throw new RunOverBudgetError(first.ms, settings.maxRunMs);
  let batch = 1;
  let warmupMs = 0;
  let warmupsDone = 0;
  const samples: BatchTiming[] = [];
  if (first.ms >= targetMs) {
    // Long enough alone: no calibration; the call is the first warm-up, or with none asked, the first sample.
    if (settings.warmupRuns > 0) {
      warmupsDone = 1;
      warmupMs = first.ms;
    } else {
      samples.push({ ms: first.ms, sumOfSums: first.result.sum, last: first.result, ...stepsOf(first.result) });
    }
  } else {
    batch = (
      await calibrateBatch(async (size) => (await runBatch(size)).ms, targetMs, {
        startBatch: nextBatchSize(1, first.ms, targetMs),
      })
    ).batch;
  }

  // With a time floor, warm-ups stop once they have taken that long; without one (bench), all of them run.
  // Batched (short) calls warm up for at least minWarmupMs too: the JIT tiers up after thousands of calls.
  const minWarmupMs = batch > 1 && settings.warmupRuns > 0 ? (settings.minWarmupMs ?? MIN_WARMUP_MS) : 0;
  while (
    (warmupsDone < settings.warmupRuns && (settings.minTimeMs === 0 || warmupMs < settings.minTimeMs)) ||
    warmupMs < minWarmupMs
  ) {
    const { ms } = await runBatch(batch);
    warmupMs += ms;
    warmupsDone++;
    batch = nextBatchSize(batch, ms, targetMs);
  }

  let totalMs = samples.reduce((sum, sample) => sum + sample.ms, 0);
  if (samples.length > 0) onSample?.(0, samples[0]!.ms);
  const faultsBefore = process.resourceUsage().minorPageFault;
  while (
    (samples.length < settings.minSamples || totalMs < settings.minTimeMs) &&
    samples.length < settings.maxSamples
  ) {
    const timed = await runBatch(batch);
    onSample?.(samples.length, timed.ms / batch);
    samples.push(timed);
    totalMs += timed.ms;
  }
  // Over the samples timed in the loop (a first call kept as a sample came before faultsBefore).
  const loopCalls = (samples.length - (first.ms >= targetMs && settings.warmupRuns === 0 ? 1 : 0)) * batch;
  const faults = process.resourceUsage().minorPageFault - faultsBefore;
  return { ...summarizeBatches(samples, batch, targetMs), pageFaultsPerCall: loopCalls > 0 ? faults / loopCalls : 0 };
}

function stepsOf(result: KernelResult): { stepTotals?: Record<string, number> } {
  return result.steps === undefined ? {} : { stepTotals: { ...result.steps } };
}

/** Per-call samples, statistics and median steps from timed batches of `batch` calls each. */
function summarizeBatches(
  samples: readonly BatchTiming[],
  batch: number,
  targetMs: number,
): Omit<Measurement, 'pageFaultsPerCall'> {
  const samplesMs = samples.map((sample) => sample.ms / batch);
  const measurement: Omit<Measurement, 'pageFaultsPerCall'> = {
    samplesMs,
    stats: summarize(samplesMs),
    sum: (samples.at(-1) as BatchTiming).last.sum,
    batch,
    targetSampleMs: targetMs,
  };
  const stepSamplesMs: Record<string, number[]> = {};
  for (const sample of samples)
    for (const [step, totalMs] of Object.entries(sample.stepTotals ?? {}))
      (stepSamplesMs[step] ??= []).push(totalMs / batch);
  if (Object.keys(stepSamplesMs).length > 0) {
    measurement.stepSamplesMs = stepSamplesMs;
    measurement.steps = Object.fromEntries(
      Object.entries(stepSamplesMs).map(([step, values]) => [step, median(values)]),
    );
  }
  return measurement;
}
