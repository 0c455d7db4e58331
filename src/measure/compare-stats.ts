// Statistics for comparing two sets of timing samples: a bootstrap CI of the ratio of medians and the
// Mann–Whitney U test. Pure and deterministic (the bootstrap uses a seeded generator).
import { random32 } from '../machine/chase-order.js';
import { CI_LEVEL, median } from './stats.js';

/** Resamples of the bootstrap (criterion uses 100,000 for its estimates; 2,000 keeps compare instant). */
export const BOOTSTRAP_RESAMPLES = 2_000;
/** The bootstrap's seed: the same samples always give the same interval. */
export const BOOTSTRAP_SEED = 0x2545f491;
/** Up to this many samples on each side, and without ties, the Mann–Whitney p-value is exact. */
export const EXACT_U_MAX_SAMPLES = 20;

function resampledMedian(values: readonly number[], random: () => number, scratch: number[]): number {
  for (let i = 0; i < values.length; i++) scratch[i] = values[Math.floor(random() * values.length)] as number;
  scratch.sort((x, y) => x - y);
  const middle = (values.length - 1) / 2;
  return ((scratch[Math.floor(middle)] as number) + (scratch[Math.ceil(middle)] as number)) / 2;
}

export interface RatioEstimate {
  /** median(b) / median(a). */
  ratio: number;
  /** The percentile bootstrap interval of that ratio at `level`. */
  low: number;
  high: number;
  level: number;
}

/**
 * The ratio of medians median(b) / median(a) with a percentile bootstrap confidence interval: each of
 * `resamples` rounds draws both sets again with replacement and takes the ratio of their medians; the
 * interval is the (1 − level)/2 and (1 + level)/2 quantiles of those ratios. Needs ≥ 1 positive-median
 * sample on each side. Deterministic for a seed. O(resamples · n log n).
 */
export function bootstrapRatioOfMedians(
  a: readonly number[],
  b: readonly number[],
  { resamples = BOOTSTRAP_RESAMPLES, level = CI_LEVEL, seed = BOOTSTRAP_SEED } = {},
): RatioEstimate {
  if (a.length === 0 || b.length === 0) throw new RangeError('bootstrapRatioOfMedians needs samples on both sides');
  const medianA = median(a);
  if (!(medianA > 0)) throw new RangeError(`bootstrapRatioOfMedians needs a positive median of a (got ${medianA})`);
  const random = random32(seed);
  const scratchA: number[] = new Array<number>(a.length);
  const scratchB: number[] = new Array<number>(b.length);
  const ratios = new Float64Array(resamples);
  for (let i = 0; i < resamples; i++) {
    const denominator = resampledMedian(a, random, scratchA);
    ratios[i] = denominator > 0 ? resampledMedian(b, random, scratchB) / denominator : Number.POSITIVE_INFINITY;
  }
  ratios.sort();
  const at = (p: number): number =>
    ratios[Math.min(resamples - 1, Math.max(0, Math.round(p * (resamples - 1))))] as number;
  return { ratio: median(b) / medianA, low: at((1 - level) / 2), high: at((1 + level) / 2), level };
}

export interface MannWhitney {
  /** U of the first set: the number of pairs (x from a, y from b) with x > y, ties counting ½. */
  u: number;
  /** The two-sided p-value of "both sets come from the same distribution". */
  pValue: number;
  /** 'exact' (the permutation distribution, small sets without ties) or 'normal' (with tie and continuity corrections). */
  method: 'exact' | 'normal';
}

/** The standard normal CDF, by the Abramowitz–Stegun 7.1.26 erf (error < 1.5e-7). */
export function normalCdf(z: number): number {
  if (z === 0) return 0.5;
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** Counts of the rank-sum permutation distribution: ways[u] = arrangements of m and n values with U = u. O(m·n·mn). */
function exactUCounts(m: number, n: number): number[] {
  // f(i, j) over u, built up from f(0, j) = f(i, 0) = [1]: f(i, j)[u] = f(i − 1, j)[u − j] + f(i, j − 1)[u].
  let previousRow: number[][] = Array.from({ length: n + 1 }, () => [1]);
  for (let i = 1; i <= m; i++) {
    const row: number[][] = [[1]];
    for (let j = 1; j <= n; j++) {
      const counts = new Array<number>(i * j + 1).fill(0);
      const left = previousRow[j] as number[];
      const down = row[j - 1] as number[];
      left.forEach((ways, u) => (counts[u + j] = (counts[u + j] as number) + ways));
      down.forEach((ways, u) => (counts[u] = (counts[u] as number) + ways));
      row.push(counts);
    }
    previousRow = row;
  }
  return previousRow[n] as number[];
}

/**
 * The Mann–Whitney U test (Wilcoxon rank-sum), two-sided: distribution-free, so it suits skewed timing
 * samples. Exact when both sets have ≤ EXACT_U_MAX_SAMPLES values and there are no ties; otherwise the
 * normal approximation with the tie correction of the variance and a continuity correction. Needs ≥ 1
 * value on each side. O((m + n) log(m + n)) plus O(m²n²) for the exact case.
 */
export function mannWhitneyU(a: readonly number[], b: readonly number[]): MannWhitney {
  const m = a.length;
  const n = b.length;
  if (m === 0 || n === 0) throw new RangeError('mannWhitneyU needs samples on both sides');
  const pooled = [...a.map((value) => ({ value, first: true })), ...b.map((value) => ({ value, first: false }))];
  pooled.sort((x, y) => x.value - y.value);
  let rankSumA = 0;
  let tieTerm = 0;
  for (let i = 0; i < pooled.length;) {
    let j = i;
    while (
      j + 1 < pooled.length &&
      (pooled[j + 1] as { value: number }).value === (pooled[i] as { value: number }).value
    )
      j++;
    const rank = (i + j) / 2 + 1; // average 1-based rank of the tied run i..j
    const size = j - i + 1;
    tieTerm += size ** 3 - size;
    for (let k = i; k <= j; k++) if ((pooled[k] as { first: boolean }).first) rankSumA += rank;
    i = j + 1;
  }
  const u = rankSumA - (m * (m + 1)) / 2;
  const meanU = (m * n) / 2;
  if (tieTerm === 0 && m <= EXACT_U_MAX_SAMPLES && n <= EXACT_U_MAX_SAMPLES) {
    const counts = exactUCounts(m, n);
    const total = counts.reduce((sum, ways) => sum + ways, 0);
    const extreme = Math.min(u, m * n - u);
    let tail = 0;
    for (let k = 0; k <= extreme; k++) tail += counts[k] as number;
    return { u, pValue: Math.min(1, (2 * tail) / total), method: 'exact' };
  }
  const total = m + n;
  const variance = ((m * n) / 12) * (total + 1 - tieTerm / (total * (total - 1)));
  if (variance <= 0) return { u, pValue: 1, method: 'normal' };
  const z = Math.max(0, Math.abs(u - meanU) - 0.5) / Math.sqrt(variance);
  return { u, pValue: Math.min(1, 2 * (1 - normalCdf(z))), method: 'normal' };
}
