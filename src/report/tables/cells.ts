// Rounding and cell text shared by the chapter tables: tables show String(value), so values are rounded here.
import type { MeasuredPoint, Point, ResultsFile } from '../../results/schema.js';
import type { Table, TableCell } from '../../chapters/display.js';
import { NOT_MEASURED } from '../render/table-html.js';

/** `value` to `digits` significant digits as a number (so the table shows 12.3, not 12.345678). */
export function round(value: number, digits = 3): number {
  return value === 0 || !Number.isFinite(value) ? value : Number(value.toPrecision(digits));
}

/** Nanoseconds per term: ms · 10⁶ / N. */
export function nsPerTermOf(ms: number, n: number): number {
  return (ms * 1e6) / n;
}

const OVER_BUDGET = 'over the time budget';
const OVER_MEMORY = /needs ([\d.]+ [KMGT]?B)/;

/** A skip reason short enough for a table cell; the full reasons are in the chart notes. */
export function shortReason(reason: string): string {
  if (reason.includes('time budget')) return OVER_BUDGET;
  const memory = OVER_MEMORY.exec(reason);
  return memory === null ? reason : `needs ${memory[1]} of memory`;
}

/** "not measured: <short reason>" for a skipped or failed point; plain "not measured" for none. */
export function notMeasured(point: Point | undefined, why?: string): string {
  if (point?.status === 'skipped') return `${NOT_MEASURED}: ${shortReason(point.reason)}`;
  if (point?.status === 'failed') return `${NOT_MEASURED}: failed — ${point.error}`;
  return why === undefined ? NOT_MEASURED : `${NOT_MEASURED}: ${why}`;
}

/**
 * `table` with a sentence added to its note for each kind of short skip reason its cells show:
 * what "over the time budget" (with the profile's budget) and "needs … of memory" mean.
 */
export function withReasonsNote(table: Table, results: Pick<ResultsFile, 'profile' | 'parameters'>): Table {
  const texts = table.rows
    .flatMap((row) => Object.values(row))
    .filter((cell): cell is string => typeof cell === 'string');
  const budgetMs = results.parameters.maxSampleMs;
  const sentences = [
    texts.some((t) => t.endsWith(OVER_BUDGET))
      ? `"${OVER_BUDGET}": one run would take longer than the ${results.profile} profile's ${typeof budgetMs === 'number' ? `${budgetMs / 1000} s ` : ''}per-sample budget (estimated from smaller N, or its first run).`
      : undefined,
    texts.some((t) => t.endsWith('of memory'))
      ? '"needs … of memory": its arrays would not fit in the memory available when the sweep ran.'
      : undefined,
  ].filter((s): s is string => s !== undefined);
  if (sentences.length === 0) return table;
  return { ...table, note: [table.note, ...sentences].filter((s) => s !== undefined).join(' ') };
}

/** A measured point's value via `value`, else the not-measured text with its reason. */
export function cellFor(point: Point | undefined, value: (point: MeasuredPoint) => number, why?: string): TableCell {
  return point?.status === 'ok' ? value(point) : notMeasured(point, why);
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

/** An approximate count to `digits` significant digits: 7234 → "7200", 1.3e9 → "1.3e9", 66012 → "6.6e4". */
export function formatApproxN(n: number, digits = 2): string {
  const rounded = round(n, digits);
  return rounded < 1e4 ? String(rounded) : rounded.toExponential().replace('e+', 'e');
}
