// Questions asked of a loaded results file by the chapters and the report.
import type { Point, ResultsFile } from './schema.js';

/** The point of `variant` at `n` with the variant's default options (the first one stored), if any. O(points). */
export function pointAt(results: Pick<ResultsFile, 'points'>, variant: string, n: number): Point | undefined {
  return results.points.find((point) => point.params.variant === variant && point.params.n === n);
}

/** The keys of the points a sweep will not measure again: measured or skipped (a failed point is retried). */
export function finishedKeys(results: Pick<ResultsFile, 'points'>): Set<string> {
  return new Set(results.points.filter((point) => point.status !== 'failed').map((point) => point.key));
}
