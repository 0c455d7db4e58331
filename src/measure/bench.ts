// One bench point: measure a variant at one N with the harness, watch the machine around it, and
// return every fact as data (`basel-lab bench --json` prints it; the explore API returns it).
import { exactPartialSum } from '../kernels/exact.js';
import type { KernelOptions, Variant } from '../kernels/types.js';
import { readCpuFrequencyState, takeSystemSnapshot } from '../machine/system-state.js';
import type { Isolation, MemoryState, Profile, Stats } from '../results/schema.js';
import { pointKey } from '../results/store.js';
import type { RunSystem, Warning } from '../results/warnings.js';
import { measureClockResolutionNs } from './clock.js';
import { measureIsolated, type IsolatedHooks } from './isolated.js';
import { canCollectGarbage, measureHarnessOverhead, type MeasureSettings } from './measure.js';
import { glibcVersion, hasMemoryState } from './memory-state.js';
import { PROFILE_SETTINGS } from './profiles.js';
import { pointParams } from './sweep-kinds.js';
import { memoryControlFor, ownLoadEstimate, runWarnings, sampleWarnings } from './validity.js';

/** What one bench run measured: finished values, ready to print as a table or JSON. */
export interface BenchReport {
  variant: string;
  n: number;
  chunk: number;
  workers: number;
  inner: string;
  profile: Profile;
  /** The sampling used: the profile's, with --warmup and --repeats applied. */
  settings: MeasureSettings;
  samplesMs: number[];
  medianMs: number;
  minMs: number;
  maxMs: number;
  sum: number;
  exact: number;
  absError: number;
  relError: number;
  /** Every statistic of the samples (median, spread, confidence interval of the median, outliers). */
  stats: Stats;
  /**
   * Whether the kernel timed its steps during the samples (bench --steps): then every sample includes
   * the step clock (a clock read per pass, per chunk for the chunked variants), as in a `steps` sweep.
   */
  stepsTimed: boolean;
  /** Median milliseconds per step over the timed runs, when stepsTimed and the variant has steps. */
  steps?: Record<string, number>;
  /** The harness's own cost per sample (two clock reads and a call), measured before the run. */
  harnessOverheadMs: number;
  /** Calls per sample, from the calibration run; samplesMs and every statistic are per call. */
  batch: number;
  /** The shortest a sample was allowed to last (milliseconds), from the clock's resolution. */
  targetSampleMs: number;
  /** Where it was measured: `series` and `point` both mean a fresh child process for this one point. */
  isolation: Isolation;
  /** The memory state declared, for variants that have one and measured in a child; else absent. */
  memory?: MemoryState;
  /** Minor page faults per call over the timed samples (≈ 1 per 4 KiB of fresh memory touched). */
  pageFaultsPerCall: number;
  /** The machine before and after the run: load, busy processes, CPU clocking. */
  system: RunSystem;
  /** Validity warnings: the run's conditions, then the samples' (noise, a slow first sample). */
  warnings: Warning[];
}

/** What to bench: the variant at N with its options, sampled as `settings` say, measured where `isolation` says. */
export interface BenchRequest {
  variant: Variant;
  n: number;
  options: KernelOptions;
  profile: Profile;
  settings: MeasureSettings;
  isolation: Isolation;
  /** The memory state to declare (variants with one, in a child only). */
  memory?: MemoryState;
  /**
   * Time each step of the variants that have steps (default false): the samples then include the
   * step clock's own cost, so they are comparable with a `steps` sweep, not with the other sweeps.
   */
  timeSteps?: boolean;
}

/** The profile's sampling, with exact counts when asked: `warmup` untimed runs (no time floor), `repeats` timed runs. */
export function benchSettings(profile: Profile, exact: { warmup?: number; repeats?: number } = {}): MeasureSettings {
  const settings: MeasureSettings = { ...PROFILE_SETTINGS[profile].measure };
  if (exact.warmup !== undefined) Object.assign(settings, { warmupRuns: exact.warmup, minWarmupMs: 0 });
  if (exact.repeats !== undefined)
    Object.assign(settings, { minSamples: exact.repeats, maxSamples: exact.repeats, minTimeMs: 0 });
  return settings;
}

/**
 * Measure one point: the system before, the harness overhead, the samples (in a child unless
 * isolation is `none`), the system after, then the run's and the samples' validity warnings.
 * Rejects like measureIsolated (MeasurementInterrupted when `hooks.signal` aborts).
 */
export async function benchVariant(request: BenchRequest, hooks: IsolatedHooks = {}): Promise<BenchReport> {
  const { variant, n, profile, settings, isolation, memory } = request;
  const timeSteps = request.timeSteps === true;
  const options: KernelOptions = { ...request.options, timeSteps };
  const busySampleMs = PROFILE_SETTINGS[profile].busySampleMs;
  const startMs = Date.now();
  const system: RunSystem = {
    before: await takeSystemSnapshot({ sampleMs: busySampleMs }),
    after: null,
    frequency: readCpuFrequencyState(),
    glibc: glibcVersion(),
  };
  const harnessOverheadMs = await measureHarnessOverhead();
  const measured = await measureIsolated(variant, n, options, settings, {
    onSample: hooks.onSample,
    onChild: hooks.onChild,
    signal: hooks.signal,
    isolate: isolation,
    memory,
  });
  const exact = exactPartialSum(n);
  const { stats, samplesMs, sum } = measured;
  system.after = await takeSystemSnapshot({ sampleMs: busySampleMs });
  const threads = variant.options.includes('workers') ? options.workers : 1;
  const warnings = [
    ...runWarnings({
      before: system.before,
      after: system.after,
      ownLoadBefore: 0,
      ownLoadAfter: ownLoadEstimate([{ startMs, endMs: Date.now(), threads }], Date.now()),
      clockResolutionNs: measureClockResolutionNs(),
      gcBetweenSamples: isolation !== 'none' || canCollectGarbage(),
      frequency: system.frequency,
      memoryControl: memoryControlFor(hasMemoryState(variant), isolation, system.glibc),
    }),
    ...sampleWarnings(pointKey(pointParams(variant, n, options, memory)), samplesMs),
  ];
  const report: BenchReport = {
    variant: variant.name,
    n,
    chunk: options.chunk,
    workers: options.workers,
    inner: options.inner,
    profile,
    settings,
    samplesMs,
    medianMs: stats.medianMs,
    minMs: stats.minMs,
    maxMs: stats.maxMs,
    sum,
    exact,
    absError: Math.abs(sum - exact),
    relError: Math.abs(sum - exact) / exact,
    stats,
    harnessOverheadMs,
    batch: measured.batch,
    targetSampleMs: measured.targetSampleMs,
    isolation,
    stepsTimed: timeSteps,
    pageFaultsPerCall: measured.pageFaultsPerCall,
    system,
    warnings,
  };
  if (memory !== undefined) report.memory = memory;
  if (measured.steps !== undefined) report.steps = measured.steps;
  return report;
}
