// basel-lab's table JSON (application/vnd.basel-lab.table+json) → an escaped HTML table; missing values say so.
import type { Table, TableCell } from '../../chapters/display.js';
import { html, type Html } from './html.js';

/** What a table cell with no value (null) shows: missing results are never blank or zero. */
export const NOT_MEASURED = 'not measured';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isCell = (value: unknown): value is TableCell =>
  value === null || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
const isOptionalString = (value: unknown) => value === undefined || typeof value === 'string';

/** Check that `value` is table JSON; throws an Error saying what is wrong, prefixed with `where`. */
export function parseTable(value: unknown, where: string): Table {
  const fail = (what: string): never => {
    throw new Error(`${where}: table JSON ${what}`);
  };
  if (!isRecord(value)) return fail('is not an object');
  if (!isOptionalString(value.title) || !isOptionalString(value.note)) fail('has a title or note that is not text');
  if (!Array.isArray(value.columns) || value.columns.length === 0) return fail('needs a non-empty list of columns');
  value.columns.forEach((column: unknown, i) => {
    if (
      !isRecord(column) ||
      typeof column.key !== 'string' ||
      typeof column.label !== 'string' ||
      !isOptionalString(column.unit)
    ) {
      fail(`column ${i + 1} needs a text key and label (and optional text unit)`);
    }
  });
  if (!Array.isArray(value.rows)) return fail('rows is not a list');
  value.rows.forEach((row: unknown, i) => {
    if (!isRecord(row) || !Object.values(row).every(isCell))
      fail(`row ${i + 1} must map keys to text, finite numbers or null`);
  });
  return value as unknown as Table;
}

function renderCell(value: TableCell | undefined): Html {
  if (value === null || value === undefined) return html`<td class="missing">${NOT_MEASURED}</td>`;
  if (typeof value === 'number') return html`<td class="num">${String(value)}</td>`;
  return html`<td>${value}</td>`;
}

/** The table in a horizontally scrolling wrapper (for narrow screens), every value escaped. */
export function renderTable(table: Table): Html {
  const heading = (label: string, unit: string | undefined) => (unit === undefined ? label : `${label} (${unit})`);
  return html`<div class="table-scroll"><table>${table.title === undefined ? null : html`<caption>${table.title}</caption>`}
<thead><tr>${table.columns.map((c) => html`<th scope="col">${heading(c.label, c.unit)}</th>`)}</tr></thead>
<tbody>${table.rows.map((row) => html`<tr>${table.columns.map((c) => renderCell(row[c.key]))}</tr>\n`)}</tbody>
</table></div>${table.note === undefined ? null : html`<p class="table-note">${table.note}</p>`}`;
}
