// An executed notebook as the report shows it: its title, where it stopped (if it did), its file.
import { joinText, type Notebook } from '../jupyter/ipynb.js';
import type { ExecutedNotebook } from './load.js';
import { findTitleHeading } from './render/notebook-html.js';

export interface NotebookView {
  id: string;
  title: string;
  name: string;
  file: string;
  /** "stopped at cell 3: RangeError: …" when the executed copy holds an error; null when it ran through. */
  failure: string | null;
  notebook: Notebook;
}

/** The view of one executed notebook, with a section id derived from its file name. */
export function notebookView({ name, file, notebook }: ExecutedNotebook): NotebookView {
  return {
    id: `notebook-${name.replace(/[^\w-]/g, '-')}`,
    title: notebookTitle(notebook, name),
    name,
    file,
    failure: notebookFailure(notebook),
    notebook,
  };
}

/** The notebook's title: its first markdown heading without inline-markup characters, else its file name. */
function notebookTitle(notebook: Notebook, name: string): string {
  const heading = findTitleHeading(notebook);
  return heading === null ? name : heading.text.replace(/[`*_]/g, '').trim(); // plain text: the section title is not markdown
}

/** The first "SomeError: message" line of a cell's stderr (tslab reports a thrown error there, not as an error output). */
function stderrError(cell: Notebook['cells'][number] | undefined): string | undefined {
  if (cell === undefined || cell.cell_type !== 'code') return undefined;
  for (const output of cell.outputs) {
    if (output.output_type !== 'stream' || output.name !== 'stderr') continue;
    const line = /^[A-Za-z]*(Error|Exception)\b.*$/m.exec(joinText(output.text));
    if (line) return line[0];
  }
  return undefined;
}

/**
 * Where the executed copy stopped, if it did: a cell with an error output (timeouts, kernel deaths),
 * or a code cell the runner never reached (execution_count null), named with the error the cell
 * before it printed. Null when every code cell ran.
 */
function notebookFailure(notebook: Notebook): string | null {
  let previous: number | undefined;
  for (const [index, cell] of notebook.cells.entries()) {
    if (cell.cell_type !== 'code') continue;
    const error = cell.outputs.find((o) => o.output_type === 'error');
    if (error !== undefined && error.output_type === 'error')
      return `stopped at cell ${index + 1}: ${error.ename}: ${error.evalue}`;
    if (cell.execution_count === null && joinText(cell.source).trim() !== '') {
      const reason = previous === undefined ? undefined : stderrError(notebook.cells[previous]);
      return previous === undefined
        ? `no cell ran (cell ${index + 1} was never executed)`
        : `stopped at cell ${previous + 1}${reason === undefined ? '' : `: ${reason}`}`;
    }
    previous = index;
  }
  return null;
}
