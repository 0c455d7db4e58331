// Rich display for notebooks (tables, charts, progress) that works inside a tslab kernel and outside one.
import { createRequire } from 'node:module';
import { sep } from 'node:path';
import type { MimeBundle } from '../jupyter/ipynb.js';
import { VEGA_LITE_MIME } from '../report/charts/chart-data.js';
import { renderTable } from '../report/table/html.js';
import { TABLE_MIME, type Table } from '../report/table/model.js';
import { tableText } from '../report/table/text.js';

/** Progress updates closer together than this are skipped (the last one is always shown). */
const MIN_PROGRESS_INTERVAL_MS = 200;

/**
 * The content of a display_data message: data is the MIME bundle, transient.display_id (when set)
 * names a display that later updates replace in place.
 */
interface DisplayContent {
  data: MimeBundle;
  metadata: Record<string, unknown>;
  transient: { display_id?: string };
}

type WriteDisplayData = (content: DisplayContent, update: boolean) => void;

/**
 * tslab's function that sends display_data (update=false) or update_display_data (update=true)
 * with a whole bundle: `lastWriteDisplayData` in tslab's dist/jupyter.js, set by the kernel for
 * the running cell. (tslab's public `display.raw` sends one MIME type per message, so it cannot
 * send a table as text + HTML + JSON together.) Returns undefined outside a kernel. tslab is never
 * loaded here: a kernel has loaded it already, so it is looked up in the require cache.
 */
function kernelWriter(): WriteDisplayData | undefined {
  const require = createRequire(import.meta.url);
  const suffix = `${sep}tslab${sep}dist${sep}jupyter.js`;
  for (const [path, module] of Object.entries(require.cache)) {
    if (!path.endsWith(suffix) || module === undefined) continue;
    const writer = (module.exports as { lastWriteDisplayData?: WriteDisplayData | null }).lastWriteDisplayData;
    if (typeof writer === 'function') return writer;
  }
  return undefined;
}

/** True when running inside a tslab kernel that can display rich output. */
export function inKernel(): boolean {
  return kernelWriter() !== undefined;
}

/**
 * Show `bundle` in the kernel (with `displayId`, later calls with `update` replace it in place).
 * Outside a kernel nothing is shown and the bundle is returned instead; inside, nothing is returned
 * (so tslab does not also print the bundle as the cell's value).
 */
export function showBundle(bundle: MimeBundle, displayId?: string, update = false): MimeBundle | undefined {
  const write = kernelWriter();
  if (write === undefined) return bundle;
  write({ data: bundle, metadata: {}, transient: displayId === undefined ? {} : { display_id: displayId } }, update);
  return undefined;
}

/** Show a table as aligned text, an HTML table and basel-lab's table JSON. */
export function showTable(table: Table): MimeBundle | undefined {
  return showBundle(tableBundle(table));
}

/** The MIME bundle for a table: text/plain, text/html and application/vnd.basel-lab.table+json. */
export function tableBundle(table: Table): MimeBundle {
  return { 'text/plain': tableText(table), 'text/html': renderTable(table).markup, [TABLE_MIME]: table };
}

/**
 * Show a Vega-Lite chart as the interactive Vega-Lite bundle plus an SVG rendering (for viewers
 * without Vega-Lite). In a notebook write `await showChart(spec)`.
 */
export async function showChart(vegaLiteSpec: object): Promise<MimeBundle | undefined> {
  return showBundle(await chartBundle(vegaLiteSpec));
}

/** The MIME bundle for a chart: Vega-Lite spec, SVG and a one-line text/plain. */
export async function chartBundle(vegaLiteSpec: object): Promise<MimeBundle> {
  const title = (vegaLiteSpec as { title?: unknown }).title;
  const text = typeof title === 'string' ? `[chart: ${title}]` : '[chart]';
  // vega is loaded only when a chart is drawn, so importing the package stays cheap.
  const { renderSvg } = await import('../report/render/vega.js');
  const svg = await renderSvg(vegaLiteSpec, typeof title === 'string' ? title : undefined);
  return { [VEGA_LITE_MIME]: vegaLiteSpec, 'image/svg+xml': svg, 'text/plain': text };
}

export interface ProgressDisplay {
  /** Show `done` of `total` steps (and an optional label); returns the bundle outside a kernel. */
  update(done: number, total: number, label?: string): MimeBundle | undefined;
  /** Replace the progress line with a final message; returns the bundle outside a kernel. */
  done(message: string): MimeBundle | undefined;
}

/**
 * One progress line that updates in place in Jupyter: the first update sends display_data with a
 * display_id, later ones update_display_data for that id.
 */
export function progressDisplay(title: string): ProgressDisplay {
  const displayId = `basel-lab-progress-${Math.random().toString(36).slice(2)}`;
  let shown = false;
  let lastShownMs = 0;
  const show = (text: string, force: boolean): MimeBundle | undefined => {
    const now = Date.now();
    if (shown && !force && now - lastShownMs < MIN_PROGRESS_INTERVAL_MS) return undefined;
    const outside = showBundle({ 'text/plain': text }, displayId, shown);
    if (outside !== undefined) return outside;
    shown = true;
    lastShownMs = now;
    return undefined;
  };
  return {
    update: (done, total, label) => show(progressText(title, done, total, label), done >= total),
    done: (message) => show(message, true),
  };
}

/** "title [#####-----] 3/6 label" */
export function progressText(title: string, done: number, total: number, label?: string): string {
  const width = 20;
  const filled = total > 0 ? Math.round((Math.min(done, total) / total) * width) : width;
  const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
  return `${title} [${bar}] ${done}/${total}${label === undefined ? '' : ` ${label}`}`;
}
