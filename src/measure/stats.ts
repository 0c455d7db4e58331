// Pure statistics of timing samples: order statistics, spread, a CI of the median, Tukey outliers.
import type { Stats } from '../results/schema.js';

/** Coverage of `medianCi`: a 95% confidence interval. */
export const CI_LEVEL = 0.95;
/** Tukey's fence factor: outliers lie beyond 1.5·IQR outside the quartiles… */
export const TUKEY_FENCE = 1.5;
/** …and severe ones beyond 3·IQR (Tukey's outer fences); those between are mild. */
export const TUKEY_OUTER_FENCE = 3;

/** A sorted copy, ascending. Does not modify `values`. O(n log n). */
export function sortAscending(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

function requireSamples(values: readonly number[], min: number, what: string): void {
  if (values.length < min) throw new RangeError(`${what} needs at least ${min} sample(s) (got ${values.length})`);
  for (const value of values)
    if (!Number.isFinite(value)) throw new RangeError(`${what} needs finite samples (got ${value})`);
}

/**
 * The p-quantile of already sorted values by linear interpolation between order statistics
 * (Hyndman–Fan type 7, numpy's and R's default): position p·(n−1), 0-based. p in [0, 1]; needs ≥ 1
 * value. O(1).
 */
export function quantileSorted(sorted: readonly number[], p: number): number {
  requireSamples(sorted, 1, 'quantile');
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile p must be in [0, 1] (got ${p})`);
  const position = p * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  const low = sorted[below] as number;
  const high = sorted[above] as number;
  return low + (high - low) * (position - below);
}

/** The median (the 0.5 quantile; the mean of the two middle values for an even count). Needs ≥ 1 value. O(n log n). */
export function median(values: readonly number[]): number {
  return quantileSorted(sortAscending(values), 0.5);
}

/** The arithmetic mean. Needs ≥ 1 value. O(n). */
export function mean(values: readonly number[]): number {
  requireSamples(values, 1, 'mean');
  let total = 0;
  for (const value of values) total += value;
  return total / values.length;
}

/** The sample standard deviation (n − 1 in the denominator); 0 for a single value. Needs ≥ 1 value. O(n). */
export function sampleStdDev(values: readonly number[]): number {
  const centre = mean(values);
  if (values.length < 2) return 0;
  let squares = 0;
  for (const value of values) squares += (value - centre) ** 2;
  return Math.sqrt(squares / (values.length - 1));
}

/** Interquartile range Q3 − Q1 (type-7 quartiles); ≥ 0. Needs ≥ 1 value. O(n log n). */
export function interquartileRange(values: readonly number[]): number {
  const sorted = sortAscending(values);
  return quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25);
}

/** Median absolute deviation from the median, unscaled (no 1.4826 factor); ≥ 0. Needs ≥ 1 value. O(n log n). */
export function medianAbsoluteDeviation(values: readonly number[]): number {
  const centre = median(values);
  return median(values.map((value) => Math.abs(value - centre)));
}

/**
 * P(B ≤ k) for B ~ Binomial(n, ½), summed in log space so that it does not underflow for large n.
 * 0 ≤ k; O(k).
 */
export function binomialHalfCdf(n: number, k: number): number {
  let logPmf = -n * Math.LN2; // log P(B = 0)
  let total = 0;
  for (let i = 0; i <= Math.min(k, n); i++) {
    total += Math.exp(logPmf);
    logPmf += Math.log(n - i) - Math.log(i + 1);
  }
  return Math.min(total, 1);
}

/**
 * A distribution-free confidence interval of the median from order statistics: [x₍ₗ₎, x₍ₙ₋ₗ₊₁₎]
 * (1-based ranks) with the largest l such that the coverage 1 − 2·P(B ≤ l − 1), B ~ Bin(n, ½), is
 * at least `level`. Deterministic (no resampling). Invariant: low ≤ median ≤ high. With fewer than
 * 6 samples no pair of order statistics reaches 95%, so it returns [min, max], whose coverage
 * 1 − 2^(1−n) is lower (93.75% for n = 5). Needs ≥ 1 value. O(n log n).
 */
export function medianCi(values: readonly number[], level = CI_LEVEL): { lowMs: number; highMs: number } {
  requireSamples(values, 1, 'medianCi');
  const sorted = sortAscending(values);
  const n = sorted.length;
  const tail = (1 - level) / 2;
  let l = 1;
  while (l + 1 <= Math.floor((n + 1) / 2) && binomialHalfCdf(n, l) <= tail) l++;
  return { lowMs: sorted[l - 1] as number, highMs: sorted[n - l] as number };
}

/** Half the width of the median's confidence interval, as a share of the median (0 when the median is 0). */
export function relativeCiHalfWidth(stats: Pick<Stats, 'medianMs' | 'ciLowMs' | 'ciHighMs'>): number {
  return stats.medianMs > 0 ? (stats.ciHighMs - stats.ciLowMs) / 2 / stats.medianMs : 0;
}

/** How many values lie outside Tukey's fences [Q1 − 1.5·IQR, Q3 + 1.5·IQR]. Needs ≥ 1 value. O(n log n). */
export function countOutliers(values: readonly number[]): number {
  const sorted = sortAscending(values);
  const q1 = quantileSorted(sorted, 0.25);
  const q3 = quantileSorted(sorted, 0.75);
  const spread = TUKEY_FENCE * (q3 - q1);
  return sorted.filter((value) => value < q1 - spread || value > q3 + spread).length;
}

/** Tukey's inner (1.5·IQR) and outer (3·IQR) fences around the quartiles of `values`. Needs ≥ 1 value. O(n log n). */
export function outlierFences(values: readonly number[]): {
  lowSevere: number;
  lowMild: number;
  highMild: number;
  highSevere: number;
} {
  const sorted = sortAscending(values);
  const q1 = quantileSorted(sorted, 0.25);
  const q3 = quantileSorted(sorted, 0.75);
  const iqr = q3 - q1;
  return {
    lowSevere: q1 - TUKEY_OUTER_FENCE * iqr,
    lowMild: q1 - TUKEY_FENCE * iqr,
    highMild: q3 + TUKEY_FENCE * iqr,
    highSevere: q3 + TUKEY_OUTER_FENCE * iqr,
  };
}

export type OutlierClass = 'none' | 'mild' | 'severe';

/** Where `value` lies against `fences`: beyond the outer fence severe, beyond the inner one mild. */
export function classifyOutlier(value: number, fences: ReturnType<typeof outlierFences>): OutlierClass {
  if (value < fences.lowSevere || value > fences.highSevere) return 'severe';
  if (value < fences.lowMild || value > fences.highMild) return 'mild';
  return 'none';
}

/** How many of `values` are mild and severe outliers (Tukey's fences). Needs ≥ 1 value. O(n log n). */
export function classifyOutliers(values: readonly number[]): { mild: number; severe: number } {
  const fences = outlierFences(values);
  const counts = { mild: 0, severe: 0 };
  for (const value of values) {
    const kind = classifyOutlier(value, fences);
    if (kind !== 'none') counts[kind]++;
  }
  return counts;
}

/**
 * Every summary statistic of a point's samples (milliseconds in, milliseconds out). Needs ≥ 1 finite
 * sample; invariants: minMs ≤ ciLowMs ≤ medianMs ≤ ciHighMs ≤ maxMs, iqrMs ≥ 0, madMs ≥ 0,
 * 0 ≤ outliers ≤ count. O(n log n).
 */
export function summarize(samplesMs: readonly number[]): Stats {
  requireSamples(samplesMs, 1, 'summarize');
  const sorted = sortAscending(samplesMs);
  const ci = medianCi(sorted);
  const { mild, severe } = classifyOutliers(sorted);
  return {
    count: sorted.length,
    medianMs: quantileSorted(sorted, 0.5),
    minMs: sorted[0] as number,
    maxMs: sorted[sorted.length - 1] as number,
    meanMs: mean(sorted),
    stdDevMs: sampleStdDev(sorted),
    iqrMs: interquartileRange(sorted),
    madMs: medianAbsoluteDeviation(sorted),
    ciLowMs: ci.lowMs,
    ciHighMs: ci.highMs,
    outliers: countOutliers(sorted),
    mildOutliers: mild,
    severeOutliers: severe,
  };
}
