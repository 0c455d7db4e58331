// Showing a chart in a notebook: the chart, then its notes (points not plotted and why).
import type { MimeBundle } from '../jupyter/ipynb.js';
import type { ChartDefinition } from '../report/charts/chart-data.js';
import { showBundle, showChart } from './display.js';

/** Show a chart and, below it, its notes. Outside a kernel the bundles are returned instead. */
export async function showFigure(figure: ChartDefinition): Promise<MimeBundle[] | undefined> {
  const chart = await showChart(figure.spec);
  const notes =
    figure.notes.length === 0
      ? undefined
      : showBundle({ 'text/plain': figure.notes.map((note) => `note: ${note}`).join('\n') });
  const shown = [chart, notes].filter((bundle): bundle is MimeBundle => bundle !== undefined);
  return shown.length === 0 ? undefined : shown;
}
