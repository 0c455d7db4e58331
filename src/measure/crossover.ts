// Where a parallel series starts to beat the sequential baseline: a pure function of a workers sweep.
import { BASELINE } from '../kernels/registry.js';
import type { Crossover, MeasuredPoint, ResultsFile } from '../results/schema.js';

/** The sequential variant parallel series are compared with, as in the article's multicore_v_chunks: the registry's baseline. */
export const CROSSOVER_BASELINE = BASELINE.name;

/**
 * For each parallel series (a variant with a `workers` param, per worker count) in `file`, the median
 * time ratio to `baseline` at every N both measured, and the crossover N: the smallest such N from
 * which the ratio stays below 1 at every larger N. Pure; O(points · log points).
 */
export function findCrossovers(file: Pick<ResultsFile, 'points'>, baseline = CROSSOVER_BASELINE): Crossover[] {
  const measured = file.points.filter((point): point is MeasuredPoint => point.status === 'ok');
  const baselineMs = new Map<number, number>();
  for (const point of measured)
    if (point.params.variant === baseline) baselineMs.set(point.params.n, point.stats.medianMs);

  const series = new Map<string, { variant: string; workers: number; points: MeasuredPoint[] }>();
  for (const point of measured) {
    const { variant, workers } = point.params;
    if (variant === baseline || workers === undefined) continue;
    const id = `${variant}\u0000${workers}`;
    const entry = series.get(id) ?? { variant, workers, points: [] };
    entry.points.push(point);
    series.set(id, entry);
  }

  const crossovers: Crossover[] = [];
  for (const { variant, workers, points } of series.values()) {
    const ratios = points
      .filter((point) => baselineMs.has(point.params.n))
      .map((point) => ({ n: point.params.n, ratio: point.stats.medianMs / (baselineMs.get(point.params.n) as number) }))
      .sort((a, b) => a.n - b.n);
    crossovers.push({ variant, workers, baseline, ratios, ...locateCrossover(ratios) });
  }
  return crossovers.sort((a, b) => (a.variant === b.variant ? a.workers - b.workers : a.variant < b.variant ? -1 : 1));
}

/** The first index of the final run of ratios below 1, and the log-log interpolated crossing before it. */
function locateCrossover(
  ratios: readonly { n: number; ratio: number }[],
): Pick<Crossover, 'crossoverN' | 'interpolatedN'> {
  let first = ratios.length;
  while (first > 0 && (ratios[first - 1] as { ratio: number }).ratio < 1) first--;
  const at = ratios[first];
  if (at === undefined) return { crossoverN: null, interpolatedN: null };
  const before = ratios[first - 1];
  if (before === undefined) return { crossoverN: at.n, interpolatedN: null };
  // ratio ≥ 1 at `before`, < 1 at `at`: solve log ratio = 0 on the line through the two points.
  const t = Math.log(before.ratio) / (Math.log(before.ratio) - Math.log(at.ratio));
  const interpolatedN = Math.exp(Math.log(before.n) + t * (Math.log(at.n) - Math.log(before.n)));
  return { crossoverN: at.n, interpolatedN };
}
