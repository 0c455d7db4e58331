// Cells from stored points, and the small questions tables ask of a results file.
import type { MeasuredPoint, Point, Profile, ResultsFile } from '../../results/schema.js';
import { formatTime } from '../../util/format.js';
import { missing, type Cell, type Missing, type Table, type ValueCell } from '../table/model.js';

/** Why a stored point has no value (skipped or failed), or `otherwise` when there is no point. */
export function missingFor(point: Point | undefined, otherwise: Missing = { kind: 'absent' }): { missing: Missing } {
  if (point?.status === 'skipped') return missing({ kind: 'skipped', skip: point.skip, reason: point.reason });
  if (point?.status === 'failed') return missing({ kind: 'failed', error: point.error });
  return missing(otherwise);
}

/** A measured point's value via `value`, else why it has none. */
export function cellFor(
  point: Point | undefined,
  value: (point: MeasuredPoint) => number | ValueCell,
  otherwise?: Missing,
): Cell {
  return point?.status === 'ok' ? value(point) : missingFor(point, otherwise);
}

/** Every N of the points, ascending, without duplicates. */
export function nsOf(results: Pick<ResultsFile, 'points'>, variants?: readonly string[]): number[] {
  const ns = results.points
    .filter((p) => variants === undefined || variants.includes(p.params.variant))
    .map((p) => p.params.n);
  return [...new Set(ns)].sort((a, b) => a - b);
}

/** Variants of the points in order of first appearance. */
export function variantsOf(results: Pick<ResultsFile, 'points'>): string[] {
  return [...new Set(results.points.map((point) => point.params.variant))];
}

/** The skips shown in a table's cells. */
function skipsIn(table: Table): Extract<Missing, { kind: 'skipped' }>[] {
  return table.rows
    .flatMap((row) => Object.values(row))
    .flatMap((cell) =>
      typeof cell === 'object' && cell !== null && 'missing' in cell && cell.missing.kind === 'skipped'
        ? [cell.missing]
        : [],
    );
}

/**
 * `table` with a sentence added to its note for each kind of skip its cells show, saying what the short
 * cell text means (the budget with its size, read from the skips themselves).
 */
export function withReasonsNote(table: Table, profile: Profile): Table {
  const skips = skipsIn(table);
  const budgets = skips.flatMap((s) => (s.skip.kind === 'budget' && s.skip.budgetMs !== null ? [s.skip.budgetMs] : []));
  const sentences: string[] = [];
  if (skips.some((s) => s.skip.kind === 'budget')) {
    const size = budgets.length === 0 ? '' : `${formatTime(Math.max(...budgets))} `;
    sentences.push(
      `"over the time budget": one run would take longer than the ${profile} profile's ${size}per-sample budget (estimated from smaller N, or its first run).`,
    );
  }
  if (skips.some((s) => s.skip.kind === 'memory')) {
    sentences.push('"needs … of memory": its arrays would not fit in the memory available when the sweep ran.');
  }
  if (skips.some((s) => s.skip.kind === 'array-length')) {
    sentences.push('"arrays too long for the engine": one array would exceed the longest typed array V8 allows.');
  }
  if (sentences.length === 0) return table;
  return { ...table, note: [table.note, ...sentences].filter((s) => s !== undefined).join(' ') };
}
