// Validity warnings: which conditions of a run, and which points, make a number less trustworthy.
// Pure functions of what was recorded (system snapshots, samples); tests feed them fabricated inputs.
import type { Isolation, Point } from '../results/schema.js';
import type { CpuFrequencyState, SystemSnapshot, Warning } from '../results/warnings.js';
import { mean, median, medianCi, relativeCiHalfWidth, sampleStdDev } from './stats.js';

/** A point whose samples' coefficient of variation (stdDev / mean) is above this is noisy. */
export const CV_THRESHOLD = 0.1;
/**
 * A median whose 95% confidence interval is wider than ± this share of it is uncertain: two runs that agree
 * to 5% need each median known to about that (with 3–5 samples the interval is the whole range of them).
 */
export const MEDIAN_CI_THRESHOLD = 0.05;
/**
 * A point spread over several processes whose process medians differ by more than this share of the
 * pooled median depends on the process: two runs that should agree to 5% cannot, whatever the samples say.
 */
export const PROCESS_SPREAD_THRESHOLD = 0.05;
/** A canary reading more than this share above the file's fastest means the machine was slower for that point. */
export const MACHINE_SLOW_THRESHOLD = 0.05;
/**
 * The same for the cache canary, which is noisier at rest: its readings spread over ±6% of the fastest
 * in a sweep on an idle 2-core Zen 5 VM, while spells of another guest in the caches read +40–60%.
 */
export const CACHE_SLOW_THRESHOLD = 0.15;
/** A first sample more than this many times the median of the others means the warm-up was too short. */
export const FIRST_SAMPLE_RATIO = 1.5;
/** First-sample checks need at least this many samples (the first and a median of two others). */
export const FIRST_SAMPLE_MIN_SAMPLES = 3;
/** A clock coarser than this many ns is worth a warning (Node's is ~20–100 ns on Linux). */
export const CLOCK_RESOLUTION_WARN_NS = 1_000;
/** Load average beyond this run's own share by more than this (runnable processes) means other work. */
export const LOAD_EXCESS = 0.5;
/** The time constant of the 1-minute load average, in seconds (Linux: an exponential average over 60 s). */
export const LOAD_TIME_CONSTANT_S = 60;

/** Coefficient of variation of `samples`: sample standard deviation / mean; 0 with fewer than 2 samples. */
export function coefficientOfVariation(samples: readonly number[]): number {
  if (samples.length < 2) return 0;
  const average = mean(samples);
  return average > 0 ? sampleStdDev(samples) / average : 0;
}

/** The first sample over the median of the rest; null with fewer than FIRST_SAMPLE_MIN_SAMPLES samples. */
export function firstSampleRatio(samples: readonly number[]): number | null {
  if (samples.length < FIRST_SAMPLE_MIN_SAMPLES) return null;
  const rest = median(samples.slice(1));
  return rest > 0 ? (samples[0] as number) / rest : null;
}

/** Half the width of the median's 95% confidence interval over the median; 0 with fewer than 2 samples. */
export function medianCiHalfWidth(samples: readonly number[]): number {
  if (samples.length < 2) return 0;
  const ci = medianCi(samples);
  return relativeCiHalfWidth({ medianMs: median(samples), ciLowMs: ci.lowMs, ciHighMs: ci.highMs });
}

/** The warnings about the samples of the point `key`: noisy samples, an uncertain median, a slow first sample. */
export function sampleWarnings(key: string, samplesMs: readonly number[]): Warning[] {
  const warnings: Warning[] = [];
  const cv = coefficientOfVariation(samplesMs);
  if (cv > CV_THRESHOLD) warnings.push({ kind: 'cv', key, cv, threshold: CV_THRESHOLD });
  const halfWidth = medianCiHalfWidth(samplesMs);
  if (halfWidth > MEDIAN_CI_THRESHOLD)
    warnings.push({ kind: 'uncertain-median', key, halfWidth, threshold: MEDIAN_CI_THRESHOLD });
  const ratio = firstSampleRatio(samplesMs);
  if (ratio !== null && ratio > FIRST_SAMPLE_RATIO)
    warnings.push({ kind: 'first-sample', key, ratio, threshold: FIRST_SAMPLE_RATIO });
  return warnings;
}

/** (Largest − smallest process median) / the pooled median; 0 with fewer than two processes. */
export function processSpread(processMediansMs: readonly number[], pooledMedianMs: number): number {
  if (processMediansMs.length < 2 || pooledMedianMs <= 0) return 0;
  return (Math.max(...processMediansMs) - Math.min(...processMediansMs)) / pooledMedianMs;
}

/** The fastest canary reading among `points` (the run's reference speed), or null when none has one. */
export function fastestCanaryMs(points: readonly Point[], canary: 'compute' | 'cache' = 'compute'): number | null {
  const readings = points.flatMap((point) => {
    const reading = point.status !== 'ok' ? undefined : canary === 'cache' ? point.cacheCanaryMs : point.canaryMs;
    return reading === undefined ? [] : [reading];
  });
  return readings.length === 0 ? null : Math.min(...readings);
}

/** The fastest readings of both canaries among `points`. */
export interface FastestCanaries {
  compute: number | null;
  cache: number | null;
}

/**
 * The warnings about one point: its samples' if measured, its processes' spread, and — given the run's
 * fastest canary reading — whether the machine was slower when it was measured; skipped and failed points get none.
 */
export function pointWarnings(point: Point, fastest: FastestCanaries = { compute: null, cache: null }): Warning[] {
  if (point.status !== 'ok') return [];
  const warnings = sampleWarnings(point.key, point.samplesMs);
  const slower = (reading: number | undefined, best: number | null): number | null =>
    reading === undefined || best === null || best <= 0 ? null : reading / best;
  const compute = slower(point.canaryMs, fastest.compute);
  const cache = slower(point.cacheCanaryMs, fastest.cache);
  // One warning per point: the canary that slowed more says what slowed.
  const cacheSlow = cache !== null && cache > 1 + CACHE_SLOW_THRESHOLD;
  const computeSlow = compute !== null && compute > 1 + MACHINE_SLOW_THRESHOLD;
  if (cacheSlow && (!computeSlow || cache > compute))
    warnings.push({
      kind: 'machine-slow',
      key: point.key,
      ratio: cache,
      threshold: CACHE_SLOW_THRESHOLD,
      canary: 'cache',
    });
  else if (computeSlow)
    warnings.push({ kind: 'machine-slow', key: point.key, ratio: compute, threshold: MACHINE_SLOW_THRESHOLD });
  const processes = point.processes ?? [];
  const spread = processSpread(
    processes.map((share) => share.medianMs),
    point.stats.medianMs,
  );
  if (spread > PROCESS_SPREAD_THRESHOLD)
    warnings.push({
      kind: 'process-spread',
      key: point.key,
      processes: processes.length,
      spread,
      threshold: PROCESS_SPREAD_THRESHOLD,
    });
  return warnings;
}

/** A span of time this program kept `threads` cores busy (ms since the epoch). */
export interface BusySpan {
  startMs: number;
  endMs: number;
  threads: number;
}

/**
 * This program's own share of the 1-minute load average at `nowMs`: each busy span contributes
 * threads × (e^{−(now − end)/τ} − e^{−(now − start)/τ}), the exponential average of a constant load over
 * the span, with τ = LOAD_TIME_CONSTANT_S. Pure.
 */
export function ownLoadEstimate(spans: readonly BusySpan[], nowMs: number): number {
  const decay = (ms: number): number => Math.exp(-Math.max(0, nowMs - ms) / 1000 / LOAD_TIME_CONSTANT_S);
  return spans.reduce((sum, span) => sum + span.threads * (decay(span.endMs) - decay(span.startMs)), 0);
}

/** What a run's conditions were; runWarnings turns them into warnings. */
export interface RunConditions {
  before: SystemSnapshot;
  after: SystemSnapshot | null;
  /** This program's estimated share of the 1-minute load at `before` and `after` (ownLoadEstimate). */
  ownLoadBefore: number;
  ownLoadAfter: number;
  clockResolutionNs: number;
  gcBetweenSamples: boolean;
  frequency: CpuFrequencyState;
  /** For runs with array variants: whether their memory state was enforced; null without them. */
  memoryControl: 'enforced' | 'in-process' | 'not-glibc' | null;
}

/** Whether array variants' memory state was enforced: null without them; not in-process, nor off glibc. */
export function memoryControlFor(
  hasArrayVariants: boolean,
  isolation: Isolation,
  glibc: string | null,
): RunConditions['memoryControl'] {
  if (!hasArrayVariants) return null;
  if (isolation === 'none') return 'in-process';
  return glibc === null ? 'not-glibc' : 'enforced';
}

/** The warnings about a whole run, in a fixed order: load, busy processes, clock, CPU frequency, gc, memory. */
export function runWarnings(conditions: RunConditions): Warning[] {
  const warnings: Warning[] = [];
  const snapshots = [
    ['before', conditions.before, conditions.ownLoadBefore],
    ['after', conditions.after, conditions.ownLoadAfter],
  ] as const;
  for (const [when, snapshot, ownLoad] of snapshots) {
    if (snapshot === null) continue;
    const load1 = snapshot.loadAverage[0];
    if (load1 - ownLoad > LOAD_EXCESS) warnings.push({ kind: 'load', when, load1, ownLoad, threshold: LOAD_EXCESS });
  }
  for (const [when, snapshot] of snapshots)
    for (const busy of snapshot?.busy ?? []) warnings.push({ kind: 'busy-process', when, ...busy });
  if (conditions.clockResolutionNs > CLOCK_RESOLUTION_WARN_NS)
    warnings.push({
      kind: 'clock',
      resolutionNs: conditions.clockResolutionNs,
      thresholdNs: CLOCK_RESOLUTION_WARN_NS,
    });
  const governors = conditions.frequency.governors.filter((governor) => governor !== 'performance');
  if (governors.length > 0) warnings.push({ kind: 'governor', governors: conditions.frequency.governors });
  if (conditions.frequency.boost === true) warnings.push({ kind: 'turbo' });
  if (!conditions.gcBetweenSamples) warnings.push({ kind: 'no-gc' });
  if (conditions.memoryControl === 'in-process' || conditions.memoryControl === 'not-glibc')
    warnings.push({ kind: 'memory-uncontrolled', reason: conditions.memoryControl });
  return warnings;
}

/** Every warning of a file: the run's, then each point's in point order (the canary judged against the file's fastest). */
export function allWarnings(run: readonly Warning[], points: readonly Point[]): Warning[] {
  const fastest = { compute: fastestCanaryMs(points), cache: fastestCanaryMs(points, 'cache') };
  return [...run, ...points.flatMap((point) => pointWarnings(point, fastest))];
}

const ownSpans: BusySpan[] = [];

/** Note that this program kept `threads` cores busy from `startMs` to `endMs` (sweeps do, for the load warnings). */
export function recordBusySpan(span: BusySpan): void {
  ownSpans.push(span);
  const horizon = span.endMs - 10 * LOAD_TIME_CONSTANT_S * 1000;
  while (ownSpans.length > 0 && (ownSpans[0] as BusySpan).endMs < horizon) ownSpans.shift();
}

/** The spans recorded so far (with `current`, a span still going on). */
export function busySpans(current?: BusySpan): BusySpan[] {
  return current === undefined ? [...ownSpans] : [...ownSpans, current];
}
