// A table as escaped HTML, the same markup in a notebook output and on the report's page.
import { html, type Html } from '../render/html.js';
import {
  cellText,
  columnHeading,
  isFastest,
  isMissing,
  isNumeric,
  type Cell,
  type Column,
  type Table,
} from './model.js';

function renderCell(cell: Cell | undefined, column: Column): Html {
  const text = cellText(cell, column);
  if (isMissing(cell)) return html`<td class="missing">${text}</td>`;
  if (isFastest(cell)) {
    return html`<td class="num fastest"><strong>${text}</strong> <span class="fastest-mark" title="fastest in this column">★<span class="visually-hidden"> fastest</span></span></td>`;
  }
  return isNumeric(cell) ? html`<td class="num">${text}</td>` : html`<td>${text}</td>`;
}

/** The table in a horizontally scrolling wrapper (for narrow screens), every value escaped; its note below it. */
export function renderTable(table: Table): Html {
  return html`<div class="table-scroll"><table>${table.title === undefined ? null : html`<caption>${table.title}</caption>`}
<thead><tr>${table.columns.map((c) => html`<th scope="col">${columnHeading(c)}</th>`)}</tr></thead>
<tbody>${table.rows.map((row) => html`<tr>${table.columns.map((c) => renderCell(row[c.key], c))}</tr>\n`)}</tbody>
</table></div>${table.note === undefined ? null : html`<p class="table-note">${table.note}</p>`}`;
}
