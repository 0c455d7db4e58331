// The one table model of basel-lab: the chapters show it in notebooks and the report renders it on the page.
// A cell holds a value with its unit, finished text, or "not measured" with its reason as data; every
// renderer formats cells through cellText, so the same fact reads the same everywhere.
import type { Profile, Skip } from '../../results/schema.js';
import { shortSkipText } from '../../results/skip.js';
import { formatBytes, formatExact, formatN, formatNumber } from '../../util/format.js';

/** The MIME type of basel-lab's table JSON, which notebooks output and the report renders tables from. */
export const TABLE_MIME = 'application/vnd.basel-lab.table+json';

/** What a cell without a value says. */
export const NOT_MEASURED = 'not measured';

/** Units of numbers in cells; the unit decides how a number is written (see formatValue). */
export const UNITS = ['ms', 's', 'µs', 'ns', 'ns/term', '×', 'bytes', 'N', 'count', 'GB/s', 'relative'] as const;
/** A unit basel-lab formats specially, or any other label (tables from older notebooks), shown as written. */
export type Unit = (typeof UNITS)[number] | (string & {});

export interface Column {
  key: string;
  label: string;
  /** The unit of the column's numbers, shown in its heading. */
  unit?: Unit;
}

/**
 * A number and what to say beside it: its unit (the column's when absent), a marker such as "est.",
 * whether it is the best of its column, and whether it is shown with every digit it has (a figure quoted
 * as published) rather than to three significant digits (a measurement).
 */
export interface ValueCell {
  value: number;
  unit?: Unit;
  marker?: string;
  fastest?: boolean;
  exact?: boolean;
}

/** Why a cell has no value, as data: the text is rendered from it. */
export type Missing =
  /** The stored point was skipped: its structured skip and full sentence. */
  | { kind: 'skipped'; skip: Skip; reason: string }
  /** The stored point failed: its error. */
  | { kind: 'failed'; error: string }
  /** N is not in the profile's grid. */
  | { kind: 'grid'; n: number; profile: Profile }
  /** Nothing stored (`what` says what is absent, e.g. "no n sweep stored for vm-1 at profile quick"). */
  | { kind: 'absent'; what?: string };

export type Cell = string | number | ValueCell | { missing: Missing } | null;

export interface Table {
  title?: string;
  columns: Column[];
  rows: Record<string, Cell>[];
  note?: string;
}

/** A missing cell with `reason`. */
export function missing(reason: Missing): { missing: Missing } {
  return { missing: reason };
}

/** True when the cell has no value (null or a missing reason). */
export function isMissing(cell: Cell | undefined): cell is { missing: Missing } | null | undefined {
  return cell === null || cell === undefined || (typeof cell === 'object' && 'missing' in cell);
}

/** A number in `unit`: bytes in KiB/MiB, N as 1e8, counts as integers, everything else to three significant digits. */
export function formatValue(value: number, unit: Unit | undefined): string {
  switch (unit) {
    case 'bytes':
      return formatBytes(value);
    case 'N':
      return formatN(value);
    case 'count':
      return value.toLocaleString('en-US');
    case 'relative':
      return value === 0 ? '0' : value.toExponential(1);
    default:
      return formatNumber(value);
  }
}

/** The few words after "not measured: ". */
export function missingText(reason: Missing): string {
  switch (reason.kind) {
    case 'skipped':
      return shortSkipText(reason.skip, reason.reason);
    case 'failed':
      return `run failed: ${reason.error}`;
    case 'grid':
      return `N=${formatN(reason.n)} is not in the ${reason.profile} profile's grid`;
    case 'absent':
      return reason.what ?? 'no point stored';
  }
}

/** A cell as text, the way every renderer shows it (the ★ of a fastest value is the renderer's). */
export function cellText(cell: Cell | undefined, column: Column): string {
  if (cell === null || cell === undefined) return NOT_MEASURED;
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'number') return formatValue(cell, column.unit);
  if ('missing' in cell) return `${NOT_MEASURED}: ${missingText(cell.missing)}`;
  const text = cell.exact === true ? formatExact(cell.value) : formatValue(cell.value, cell.unit ?? column.unit);
  return cell.marker === undefined ? text : `${text} (${cell.marker})`;
}

/** Units whose cells carry their own unit ("48 KiB", "1e8"), so the heading need not name them. */
const SELF_DESCRIBING: readonly string[] = ['bytes', 'N', 'count', 'relative'];

/** A column's heading: its label, with the unit in parentheses unless every cell shows it. */
export function columnHeading(column: Column): string {
  return column.unit === undefined || SELF_DESCRIBING.includes(column.unit)
    ? column.label
    : `${column.label} (${column.unit})`;
}

/** True when the cell is a value marked as the best of its column. */
export function isFastest(cell: Cell | undefined): boolean {
  return typeof cell === 'object' && cell !== null && 'value' in cell && cell.fastest === true;
}

/** True when the cell holds a number (a right-aligned column in text and HTML). */
export function isNumeric(cell: Cell | undefined): boolean {
  return typeof cell === 'number' || (typeof cell === 'object' && cell !== null && 'value' in cell);
}
