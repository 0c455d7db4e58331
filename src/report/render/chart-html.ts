// One chart definition as a figure: title, inline SVG, and the notes on points it does not plot.
import type { ChartDefinition } from '../charts/chart-data.js';
import { html, unsafe, type Html } from './html.js';
import { renderSvg } from './vega.js';

/**
 * Render `chart` to a `<figure>`; a chart that fails to render throws, naming it by id. The title is
 * the figure's caption, so it is not drawn a second time inside the SVG. `render` defaults to renderSvg
 * (the report passes a cached one).
 */
export async function renderChartFigure(
  chart: ChartDefinition,
  render: (spec: object, name: string) => Promise<string> = renderSvg,
): Promise<Html> {
  const { title: _title, ...untitled } = chart.spec;
  const svg = await render(untitled, chart.id);
  return html`<figure class="chart" id="chart-${chart.id}">
<figcaption>${chart.title}</figcaption>
${unsafe(svg)}
${chart.notes.length === 0 ? null : html`<ul class="notes">${chart.notes.map((note) => html`<li>${note}</li>`)}</ul>`}
</figure>
`;
}
