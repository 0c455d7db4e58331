// The per-sample cut-off of a sweep: a point whose one sample would take longer than the profile's
// maxSampleMs is skipped, judged from the same series' smaller N (the guard for what planning before
// measuring, series-plan.ts, cannot foresee).
import type { Point, PointParams, Skip } from '../results/schema.js';
import { sameSeries } from './point-params.js';

/**
 * The predicted milliseconds of one sample of `params`, from the same series (variant, workers,
 * inner) already measured at smaller N: the line through the medians at the two largest such N, with
 * slope ≥ 0 (so a fixed cost such as starting threads is not scaled with N). Undefined with fewer
 * than two smaller N — as for every point of the chunk sweep, whose N is fixed — and then the point's
 * first run is the check. O(points).
 */
export function predictSampleMs(
  params: PointParams,
  points: Iterable<Point>,
): { estimateMs: number; fromN: number } | undefined {
  const medianByN = new Map<number, number>();
  for (const point of points) {
    const p = point.params;
    if (point.status !== 'ok' || !sameSeries(p, params) || p.n >= params.n) continue;
    medianByN.set(p.n, Math.max(medianByN.get(p.n) ?? 0, point.stats.medianMs));
  }
  const [upper, lower] = [...medianByN.keys()].sort((a, b) => b - a);
  if (upper === undefined || lower === undefined) return undefined;
  const upperMs = medianByN.get(upper) as number;
  const slope = Math.max(0, (upperMs - (medianByN.get(lower) as number)) / (upper - lower));
  return { estimateMs: upperMs + slope * (params.n - upper), fromN: upper };
}

/**
 * Why this point would exceed the profile's per-sample time budget `budgetMs`, or null, from the points
 * measured so far (by key). A kernel's time grows with
 * N, so once a series was over the budget at some N, every larger N of it is too (without running it:
 * a first run at 10× the N can take minutes); otherwise the time is extrapolated from measured points.
 * A point in the `reused` memory state is also judged as its `fresh` twin at the same N: its first run
 * grows the heap to N's arrays, touching fresh pages as the fresh point does every time (arrays at
 * N = 1e8 reused spent 15 s on that one run before it was cut), so `firstRunFresh` marks the skip.
 */
export function sampleBudgetSkip(
  params: PointParams,
  budgetMs: number,
  points: ReadonlyMap<string, Point>,
): Skip | null {
  const own = seriesSkip(params, budgetMs, points, false);
  if (own !== null || params.memory !== 'reused') return own;
  const fresh = seriesSkip({ ...params, memory: 'fresh' }, budgetMs, points, true);
  return fresh === null ? null : { ...fresh, firstRunFresh: true };
}

function seriesSkip(
  params: PointParams,
  budgetMs: number,
  points: ReadonlyMap<string, Point>,
  sameNToo: boolean,
): (Skip & { kind: 'budget' }) | null {
  for (const point of points.values()) {
    if (
      point.status === 'skipped' &&
      point.skip.kind === 'budget' &&
      sameSeries(point.params, params) &&
      (point.params.n < params.n || (sameNToo && point.params.n === params.n))
    ) {
      return { kind: 'budget', budgetMs, overAtN: point.params.n };
    }
  }
  const prediction = predictSampleMs(params, points.values());
  if (prediction === undefined || prediction.estimateMs <= budgetMs) return null;
  return { kind: 'budget', budgetMs, estimateMs: prediction.estimateMs, fromN: prediction.fromN };
}
