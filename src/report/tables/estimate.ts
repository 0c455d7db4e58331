// Cells of the study's summary table at N = 1e8, 1e9, 1e10: measured where measured, else the memory guard's
// refusal where the arrays would not fit, else an estimate from the largest N measured, marked as such.
import { defaultKernelOptions, VARIANTS } from '../../kernels/registry.js';
import {
  describeMemoryRefusal,
  footprintRefusal,
  MAX_TYPED_ARRAY_LENGTH,
  MEMORY_SAFETY_FRACTION,
} from '../../kernels/memory.js';
import { pointAt } from '../../results/query.js';
import type { MeasuredPoint, PointParams, ResultsFile } from '../../results/schema.js';
import { formatN } from '../../util/format.js';
import { missing, type Cell, type Missing, type Table } from '../table/model.js';
import { missingFor } from './cells.js';
import { spreadMarker } from './spread.js';

/** Estimates start from a measured N at least this large: below it, fixed costs (calls, start-up) distort ns per term. */
export const MIN_ESTIMATE_FROM_N = 1e6;

/** The marker of an estimated cell: how it was obtained. */
export function estimateMarker(fromN: number): string {
  return `est. from N=${formatN(fromN)}`;
}

/** The largest N below `n` at which `variant` was measured (at least MIN_ESTIMATE_FROM_N), or undefined. */
function largestMeasuredBelow(results: ResultsFile, variant: string, n: number): MeasuredPoint | undefined {
  return results.points
    .filter(
      (p): p is MeasuredPoint =>
        p.status === 'ok' && p.params.variant === variant && p.params.n < n && p.params.n >= MIN_ESTIMATE_FROM_N,
    )
    .sort((a, b) => b.params.n - a.params.n)[0];
}

/**
 * Whether `variant`'s arrays at `n` would not fit the machine the file was measured on: the memory it had
 * available when the guard refused a smaller N of this variant, else its total memory. A missing cell with
 * the refusal, or null when they fit (or the variant is not known to this version).
 */
function predictedRefusal(results: ResultsFile, variant: string, n: number): { missing: Missing } | null {
  const known = VARIANTS.find((candidate) => candidate.name === variant);
  if (known === undefined) return null;
  const stored = results.points.find(
    (p) => p.params.variant === variant && p.status === 'skipped' && p.skip.kind === 'memory',
  );
  const availableBytes =
    stored?.status === 'skipped' && stored.skip.kind === 'memory'
      ? stored.skip.availableBytes
      : results.machine.totalMemoryBytes;
  const like = pointAt(results, variant, n) ?? results.points.find((p) => p.params.variant === variant);
  const params: PointParams = { ...(like?.params ?? { variant }), n };
  const options = defaultKernelOptions({
    timeSteps: false,
    ...(params.chunk === undefined ? {} : { chunk: params.chunk }),
    ...(params.workers === undefined ? {} : { workers: params.workers }),
    ...(params.inner === undefined ? {} : { inner: params.inner }),
  });
  const refusal = footprintRefusal(known, n, options, {
    availableBytes,
    usableBytes: availableBytes * MEMORY_SAFETY_FRACTION,
    maxArrayLength: MAX_TYPED_ARRAY_LENGTH,
  });
  if (refusal === null) return null;
  return missing({ kind: 'skipped', skip: refusal, reason: describeMemoryRefusal(variant, n, refusal) });
}

/**
 * The summary cell of `variant` at `n`, in the unit `scale` gives (ms → s: 1/1000): the measured median
 * with its spread (±, half the 95% CI of the median);
 * a stored refusal or failure as it is; else, when the point was over the time budget or is not in the
 * grid, the guard's refusal if its arrays would not fit, or the time extrapolated linearly in N (same ns per
 * term) from the largest N measured, marked "est. from N=…"; else why there is nothing (`otherwise`).
 */
export function summaryCell(
  results: ResultsFile,
  variant: string,
  n: number,
  scale: number,
  otherwise?: Missing,
): Cell {
  const point = pointAt(results, variant, n);
  if (point?.status === 'ok') return { value: point.stats.medianMs * scale, marker: spreadMarker(point.stats) };
  if (point?.status === 'failed' || (point?.status === 'skipped' && point.skip.kind !== 'budget'))
    return missingFor(point);
  const refusal = predictedRefusal(results, variant, n);
  if (refusal !== null) return refusal;
  const from = largestMeasuredBelow(results, variant, n);
  if (from === undefined) return missingFor(point, otherwise);
  return { value: (from.stats.medianMs * n * scale) / from.params.n, marker: estimateMarker(from.params.n) };
}

/** `table` with a sentence added to its note saying how its "est. from N=…" cells were obtained, if it has any. */
export function withEstimateNote(table: Table): Table {
  const estimated = table.rows.some((row) =>
    Object.values(row).some(
      (cell) =>
        typeof cell === 'object' && cell !== null && 'value' in cell && cell.marker?.startsWith('est.') === true,
    ),
  );
  if (!estimated) return table;
  const sentence =
    '"est. from N=…": not measured at this N (over the time budget, or beyond the grid); the median at the largest N measured, scaled to this N at the same time per term, as the study estimates its own slow cells.';
  return { ...table, note: [table.note, sentence].filter((s) => s !== undefined).join(' ') };
}
