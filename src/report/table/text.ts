// A table as aligned plain text: what a notebook shows where HTML is not rendered, and what tests read.
import { cellText, columnHeading, isFastest, isNumeric, type Table } from './model.js';

/** Header, rule, rows; numbers right-aligned, units in the header, the best value of a column marked ★. */
export function tableText(table: Table): string {
  const headers = table.columns.map(columnHeading);
  const rows = table.rows.map((row) =>
    table.columns.map((column) => cellText(row[column.key], column) + (isFastest(row[column.key]) ? ' ★' : '')),
  );
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => row[i]!.length)));
  const numeric = table.columns.map((column) => table.rows.some((row) => isNumeric(row[column.key])));
  const pad = (text: string, i: number): string => (numeric[i] ? text.padStart(widths[i]!) : text.padEnd(widths[i]!));
  const lines = [
    ...(table.title === undefined ? [] : [table.title]),
    headers.map(pad).join('  ').trimEnd(),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...rows.map((row) => row.map(pad).join('  ').trimEnd()),
    ...(table.note === undefined ? [] : [table.note]),
  ];
  return lines.join('\n');
}
