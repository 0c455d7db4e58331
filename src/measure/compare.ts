// Comparing two results files point by point: the ratio of medians B/A with a bootstrap interval, the
// Mann–Whitney U test, and a noise threshold below which a change is "no change". Returns data only.
import type { MeasuredPoint, PointParams, ResultsFile } from '../results/schema.js';
import { bootstrapRatioOfMedians, mannWhitneyU } from './compare-stats.js';
import { CI_LEVEL } from './stats.js';
import { CACHE_SLOW_THRESHOLD, MACHINE_SLOW_THRESHOLD } from './validity.js';

/** Changes smaller than this fraction of A's median are "no change" by default (hyperfine-like noise). */
export const DEFAULT_THRESHOLD = 0.02;
/** A change is significant when the Mann–Whitney p-value is below this (1 − the CI level). */
export const SIGNIFICANCE = 1 - CI_LEVEL;

export type Verdict = 'faster' | 'slower' | 'no-change';

/** One point present in both files and measured in both. */
export interface ComparedPoint {
  status: 'compared';
  key: string;
  params: PointParams;
  medianA: number;
  medianB: number;
  countA: number;
  countB: number;
  /** medianB / medianA with its bootstrap interval: below 1, B is faster. */
  ratio: number;
  ratioLow: number;
  ratioHigh: number;
  /** Two-sided Mann–Whitney p-value, and whether it was exact or the normal approximation. */
  pValue: number;
  test: 'exact' | 'normal';
  verdict: Verdict;
  /**
   * The machine's speed at this point in B over A, from the canaries each file stored with it (absent
   * when either file lacks them): over its canary's machine-slow threshold, or under its inverse, the
   * two runs saw different machines and a change may be the machine's, not the code's.
   */
  machine?: MachineDifference;
  /** The validity warnings each file holds for this point, by kind (e.g. machine-slow, cv). */
  warningsA: string[];
  warningsB: string[];
}

/** How much slower the machine read in B than in A at one point, canary by canary (ratio B/A). */
export interface MachineDifference {
  computeRatio: number | null;
  cacheRatio: number | null;
  /** The side whose machine was slower past a threshold (the larger departure when both are), or null. */
  slowerIn: 'a' | 'b' | null;
  /** The canary that says so. */
  canary: 'compute' | 'cache' | null;
}

/** A point that could not be compared: in one file only, or not measured (skipped or failed) in one. */
export interface UnpairedPoint {
  status: 'only-a' | 'only-b' | 'not-measured';
  key: string;
  params: PointParams;
  /** For not-measured: which side(s) lack a measurement. */
  missingIn?: ('a' | 'b')[];
}

export type PointComparison = ComparedPoint | UnpairedPoint;

export interface Comparison {
  kinds: [string, string];
  profiles: [string, string];
  threshold: number;
  level: number;
  /** How the interval and the significance were computed, for whoever reads the output. */
  method: string;
  points: PointComparison[];
}

/**
 * The verdict for a ratio B/A: 'no-change' unless the samples differ significantly (p < SIGNIFICANCE)
 * and the ratio is beyond the threshold on either side (|ratio − 1| > threshold); otherwise 'faster'
 * (ratio < 1) or 'slower'. Pure.
 */
export function verdictFor(ratio: number, pValue: number, threshold: number): Verdict {
  if (!(pValue < SIGNIFICANCE) || Math.abs(ratio - 1) <= threshold) return 'no-change';
  return ratio < 1 ? 'faster' : 'slower';
}

/**
 * The machine's speed at B's point over A's, from their canaries (null without a pair of readings). A
 * ratio beyond 1 + threshold (the canary's machine-slow threshold) means B's machine was slower, below
 * its inverse A's; the canary that departs more decides. Pure.
 */
export function machineDifference(a: MeasuredPoint, b: MeasuredPoint): MachineDifference | null {
  const ratio = (x: number | undefined, y: number | undefined): number | null =>
    x === undefined || y === undefined || x <= 0 || y <= 0 ? null : y / x;
  const computeRatio = ratio(a.canaryMs, b.canaryMs);
  const cacheRatio = ratio(a.cacheCanaryMs, b.cacheCanaryMs);
  if (computeRatio === null && cacheRatio === null) return null;
  // How far past its threshold each canary is, as a log-ratio (0 when within it).
  const past = (r: number | null, threshold: number): number =>
    r === null ? 0 : Math.max(0, Math.abs(Math.log(r)) - Math.log(1 + threshold));
  const compute = past(computeRatio, MACHINE_SLOW_THRESHOLD);
  const cache = past(cacheRatio, CACHE_SLOW_THRESHOLD);
  if (compute === 0 && cache === 0) return { computeRatio, cacheRatio, slowerIn: null, canary: null };
  const canary = cache > compute ? 'cache' : 'compute';
  const r = (canary === 'cache' ? cacheRatio : computeRatio) as number;
  return { computeRatio, cacheRatio, slowerIn: r > 1 ? 'b' : 'a', canary };
}

/** The kinds of `file`'s warnings about the point `key`, in stored order, each once. */
function warningKinds(file: ResultsFile | undefined, key: string): string[] {
  const kinds = (file?.warnings ?? []).filter((w) => 'key' in w && w.key === key).map((w) => w.kind);
  return [...new Set(kinds)];
}

/** Compare two measured points' samples (and, given their files, the warnings each holds for it). */
export function comparePoints(
  a: MeasuredPoint,
  b: MeasuredPoint,
  threshold = DEFAULT_THRESHOLD,
  files: { a?: ResultsFile; b?: ResultsFile } = {},
): ComparedPoint {
  const estimate = bootstrapRatioOfMedians(a.samplesMs, b.samplesMs);
  const test = mannWhitneyU(a.samplesMs, b.samplesMs);
  const machine = machineDifference(a, b);
  return {
    status: 'compared',
    key: a.key,
    params: a.params,
    medianA: a.stats.medianMs,
    medianB: b.stats.medianMs,
    countA: a.samplesMs.length,
    countB: b.samplesMs.length,
    ratio: estimate.ratio,
    ratioLow: estimate.low,
    ratioHigh: estimate.high,
    pValue: test.pValue,
    test: test.method,
    verdict: verdictFor(estimate.ratio, test.pValue, threshold),
    ...(machine === null ? {} : { machine }),
    warningsA: warningKinds(files.a, a.key),
    warningsB: warningKinds(files.b, b.key),
  };
}

/**
 * Every point of A and B by key, in A's order then B's extra points: compared when measured in both,
 * else listed as only in A, only in B, or not measured. The caller decides whether files of different
 * kinds or profiles may be compared at all. O(points · bootstrap).
 */
export function compareResults(a: ResultsFile, b: ResultsFile, threshold = DEFAULT_THRESHOLD): Comparison {
  const inB = new Map(b.points.map((point) => [point.key, point]));
  const inA = new Set(a.points.map((point) => point.key));
  const points: PointComparison[] = [];
  for (const pointA of a.points) {
    const pointB = inB.get(pointA.key);
    if (pointB === undefined) {
      points.push({ status: 'only-a', key: pointA.key, params: pointA.params });
    } else if (pointA.status === 'ok' && pointB.status === 'ok') {
      points.push(comparePoints(pointA, pointB, threshold, { a, b }));
    } else {
      const missingIn = [
        ...(pointA.status === 'ok' ? [] : ['a' as const]),
        ...(pointB.status === 'ok' ? [] : ['b' as const]),
      ];
      points.push({ status: 'not-measured', key: pointA.key, params: pointA.params, missingIn });
    }
  }
  for (const pointB of b.points)
    if (!inA.has(pointB.key)) points.push({ status: 'only-b', key: pointB.key, params: pointB.params });
  return {
    kinds: [a.kind, b.kind],
    profiles: [a.profile, b.profile],
    threshold,
    level: CI_LEVEL,
    method:
      'ratio of medians B/A with a percentile bootstrap interval (2,000 resamples, seeded); ' +
      'significance by the two-sided Mann–Whitney U test',
    points,
  };
}
