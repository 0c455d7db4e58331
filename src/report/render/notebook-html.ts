// One executed notebook → an HTML section: markdown cells, highlighted code, and safely rendered outputs.
import { VEGA_LITE_MIME } from '../charts/chart-data.js';
import { renderTable } from '../table/html.js';
import { TABLE_MIME } from '../table/model.js';
import { parseTable } from '../table/schema.js';
import { joinText, type Cell, type MimeBundle, type Notebook, type Output } from '../../jupyter/ipynb.js';
import { highlightCode } from './highlight.js';
import { html, unsafe, type Html } from './html.js';
import { createMarkdown } from './markdown.js';
import { renderSvg } from './vega.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
// eslint-disable-next-line no-control-regex -- matching terminal escape codes is the point
const ANSI_ESCAPE = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b[@-_]/g;

/** Each Vega-Lite output rendered to SVG, or why it is not drawn; keyed by "<cell index>:<output index>". */
type ChartSvgs = ReadonlyMap<string, { svg: string } | { notShown: string }>;

/** Vega-Lite spec → SVG (renderSvg, or the report's cached version of it). */
type SvgRender = (spec: object, name: string) => Promise<string>;

const outputKey = (cellIndex: number, outputIndex: number) => `${cellIndex}:${outputIndex}`;

/** Remove terminal colour and cursor codes (tracebacks from the kernel carry them). */
export function stripAnsi(text: string): string {
  return text.replace(ANSI_ESCAPE, '');
}

/** The decoded PNG if `data` is well-formed base64 of a PNG file, else undefined. */
function decodePng(data: unknown): Buffer | undefined {
  if (typeof data !== 'string' && !Array.isArray(data)) return undefined;
  const base64 = joinText(data as string | string[]).replace(/\s+/g, '');
  if (base64.length === 0 || base64.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return undefined;
  const bytes = Buffer.from(base64, 'base64');
  return bytes.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE) ? bytes : undefined;
}

/**
 * Step 1 (async): render every Vega-Lite output to SVG. A notebook's output is untrusted input, so a chart
 * that cannot be drawn (it is not an object, it asks to load a URL, vega rejects it) does not stop the
 * report: it is shown as a one-line note, and `warn` gets the same line naming the notebook and cell.
 */
async function renderCharts(
  notebook: Notebook,
  name: string,
  render: SvgRender,
  warn: (problem: string) => void,
): Promise<ChartSvgs> {
  const svgs = new Map<string, { svg: string } | { notShown: string }>();
  for (const [cellIndex, cell] of notebook.cells.entries()) {
    if (cell.cell_type !== 'code') continue;
    for (const [outputIndex, output] of cell.outputs.entries()) {
      if (output.output_type !== 'display_data' && output.output_type !== 'execute_result') continue;
      const spec = output.data[VEGA_LITE_MIME];
      if (spec === undefined) continue;
      const chartName = `notebook ${name}, cell ${cellIndex + 1}`;
      const key = outputKey(cellIndex, outputIndex);
      try {
        if (typeof spec !== 'object' || spec === null || Array.isArray(spec))
          throw new Error(`chart "${chartName}": the Vega-Lite output is not a JSON object`);
        svgs.set(key, { svg: await render(spec, chartName) });
      } catch (error) {
        const problem = (error as Error).message.split('\n')[0] ?? 'chart failed';
        svgs.set(key, { notShown: problem });
        warn(`${problem}; the chart is not shown`);
      }
    }
  }
  return svgs;
}

const textOf = (value: unknown): string | undefined =>
  typeof value === 'string' || Array.isArray(value) ? joinText(value as string | string[]) : undefined;

/**
 * A MIME bundle, by the safest representation it has: a Vega-Lite chart (re-rendered here, never the
 * notebook's own SVG), a table, a valid PNG, markdown, plain text. HTML from the notebook is never
 * inserted: with no safer sibling it is shown as escaped text. An SVG alone is shown through <img>,
 * where it can neither run script nor load anything.
 */
function renderBundle(
  data: MimeBundle,
  chart: { svg: string } | { notShown: string } | undefined,
  where: string,
  md: ReturnType<typeof createMarkdown>,
): Html {
  if (chart !== undefined && 'svg' in chart) return html`<figure class="output chart">${unsafe(chart.svg)}</figure>`;
  if (chart !== undefined)
    return html`<p class="output unsupported" role="note">Chart not shown: ${chart.notShown}.</p>`;
  if (data[TABLE_MIME] !== undefined) {
    try {
      return html`<div class="output table">${renderTable(parseTable(data[TABLE_MIME], where))}</div>`;
    } catch (error) {
      return html`<p class="output unsupported" role="note">Table not shown: ${(error as Error).message}.</p>`;
    }
  }
  const png = decodePng(data['image/png']);
  if (png !== undefined)
    return html`<figure class="output image"><img alt="output image" src="data:image/png;base64,${png.toString('base64')}"></figure>`;
  const markdown = textOf(data['text/markdown']);
  if (markdown !== undefined) return html`<div class="output markdown">${unsafe(md.render(markdown))}</div>`;
  const plain = textOf(data['text/plain']) ?? textOf(data['text/html']);
  if (plain !== undefined) return html`<pre class="output text">${plain}</pre>`;
  const svgText = textOf(data['image/svg+xml']);
  if (svgText !== undefined)
    return html`<figure class="output image"><img alt="output image" src="data:image/svg+xml;base64,${Buffer.from(svgText).toString('base64')}"></figure>`;
  return html`<p class="output unsupported">Output not shown: no supported representation (${Object.keys(data).join(', ')}).</p>`;
}

function renderOutput(
  output: Output,
  svg: { svg: string } | { notShown: string } | undefined,
  where: string,
  md: ReturnType<typeof createMarkdown>,
): Html {
  switch (output.output_type) {
    case 'stream':
      return html`<pre class="output stream ${output.name === 'stderr' ? 'stderr' : 'stdout'}">${stripAnsi(joinText(output.text))}</pre>`;
    case 'error': {
      const traceback = stripAnsi(output.traceback.join('\n'));
      return html`<pre class="output error"><strong>${output.ename}: ${stripAnsi(output.evalue)}</strong>${traceback === '' ? null : `\n${traceback}`}</pre>`;
    }
    case 'display_data':
    case 'execute_result':
      return renderBundle(output.data, svg, where, md);
  }
}

/** Step 2 (sync): one cell as HTML, given the charts rendered in step 1. */
function renderCell(
  cell: Cell,
  cellIndex: number,
  name: string,
  svgs: ChartSvgs,
  md: ReturnType<typeof createMarkdown>,
): Html {
  const source = joinText(cell.source);
  if (cell.cell_type !== 'code') {
    if (cell.cell_type === 'markdown')
      return html`<div class="cell markdown-cell">${unsafe(md.render(source))}</div>\n`;
    return html`<div class="cell raw-cell"><pre>${source}</pre></div>\n`;
  }
  const where = `notebook ${name}, cell ${cellIndex + 1}`;
  const count = cell.execution_count === null ? ' ' : String(cell.execution_count);
  return html`<div class="cell code-cell">
<details class="cell-input" open><summary><span class="prompt" aria-label="execution count">[${count}]</span> code</summary>${highlightCode(source, 'typescript')}</details>
${cell.outputs.length === 0 ? null : html`<div class="cell-outputs">${cell.outputs.map((output, i) => renderOutput(output, svgs.get(outputKey(cellIndex, i)), where, md))}</div>`}
</div>\n`;
}

/**
 * Render an executed notebook's cells to HTML. `name` (e.g. the file name) appears in errors. Charts are
 * rendered first (async), then the cells are assembled synchronously.
 */
export async function renderNotebook(
  notebook: Notebook,
  name: string,
  render: SvgRender = renderSvg,
  options: { omitTitle?: boolean; headingOffset?: number; warn?: (problem: string) => void } = {},
): Promise<Html> {
  const svgs = await renderCharts(notebook, name, render, options.warn ?? (() => undefined));
  const md = createMarkdown({ headingOffset: options.headingOffset ?? 0 });
  const shown = options.omitTitle === true ? withoutTitle(notebook) : notebook;
  return html`<div class="notebook">\n${shown.cells.map((cell, i) => renderCell(cell, i, name, svgs, md))}</div>\n`;
}

/** Where a notebook's title is: the first markdown heading line of the first markdown cell that has one. */
export function findTitleHeading(notebook: Notebook): { cellIndex: number; lineIndex: number; text: string } | null {
  for (const [cellIndex, cell] of notebook.cells.entries()) {
    if (cell.cell_type !== 'markdown') continue;
    const lines = joinText(cell.source).split('\n');
    const lineIndex = lines.findIndex((line) => /^#{1,6}\s+\S/.test(line));
    if (lineIndex >= 0)
      return { cellIndex, lineIndex, text: (lines[lineIndex] as string).replace(/^#{1,6}\s+/, '').trim() };
  }
  return null;
}

/** The notebook without its title line, for a page whose section heading already shows that title. */
function withoutTitle(notebook: Notebook): Notebook {
  const title = findTitleHeading(notebook);
  if (title === null) return notebook;
  const cells = notebook.cells.map((cell, index) => {
    if (index !== title.cellIndex) return cell;
    const lines = joinText(cell.source).split('\n');
    lines.splice(title.lineIndex, 1);
    return { ...cell, source: lines.join('\n') };
  });
  return { ...notebook, cells } as Notebook;
}
