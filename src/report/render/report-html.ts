// The report page from its view-model: charts and notebooks rendered first (async), then the sections assembled.
import { renderChartFigure } from './chart-html.js';
import { html, type Html } from './html.js';
import { renderNotebook } from './notebook-html.js';
import { renderPage, type PageSection } from './page.js';
import { cachedSvgRenderer } from './svg-cache.js';
import type { HeadlineTable, TextTable } from '../summary-tables.js';
import { renderSvg } from './vega.js';
import type { NapkinView, ReportViewModel } from '../view-model.js';

/** A text table (every cell a finished string, escaped); cells starting "not measured" are styled as missing. */
export function renderTextTable(table: TextTable): Html {
  const cell = (text: string | undefined) =>
    text === undefined || text.startsWith('not measured')
      ? html`<td class="missing">${text ?? 'not measured'}</td>`
      : html`<td>${text}</td>`;
  return html`<div class="table-scroll"><table><caption>${table.title}</caption>
<thead><tr>${table.columns.map((c) => html`<th scope="col">${c.label}</th>`)}</tr></thead>
<tbody>${table.rows.map((row) => html`<tr>${table.columns.map((c) => cell(row[c.key]))}</tr>\n`)}</tbody>
</table></div><p class="table-note">${table.note}</p>`;
}

/** The headline table: the fastest cell of each column is bold and carries a ★ and the word "fastest" (not colour alone). */
export function renderHeadlineTable(table: HeadlineTable): Html {
  if (table.columns.length === 0) return html`<p class="missing">${table.note}</p>`;
  return html`<div class="table-scroll"><table class="headline"><caption>${table.caption}</caption>
<thead><tr><th scope="col">variant</th><th scope="col">mirrors (article)</th>${table.columns.map((c) => html`<th scope="col">${c.label}</th>`)}</tr></thead>
<tbody>${table.rows.map(
    (row) =>
      html`<tr><th scope="row" title="${row.description}">${row.variant}</th><td>${row.mirrors ?? '—'}</td>${row.cells.map(
        (cell) =>
          !cell.measured
            ? html`<td class="missing">${cell.text}</td>`
            : cell.fastest
              ? html`<td class="num fastest"><strong>${cell.text}</strong> <span class="fastest-mark">★ fastest</span></td>`
              : html`<td class="num">${cell.text}</td>`,
      )}</tr>\n`,
  )}</tbody>
</table></div><p class="table-note">${table.note}</p>`;
}

function renderOverview(vm: ReportViewModel): Html {
  const m = vm.machine;
  const machine =
    m === null
      ? html`<p class="missing">${vm.machineMissing}</p>`
      : html`<dl class="facts">
<dt>machine</dt><dd>${m.id} (${m.provenance}, recorded ${m.recordedAt})</dd>
<dt>CPU</dt><dd>${m.cpu}</dd>
<dt>cores</dt><dd>${m.cores}</dd>
<dt>memory</dt><dd>${m.memory}</dd>
<dt>caches</dt><dd><ul>${m.caches.map((c) => html`<li>${c.name}: ${c.text}</li>`)}</ul></dd>
<dt>cache probe</dt><dd>${m.probe}</dd>
<dt>OS</dt><dd>${m.os}</dd>
<dt>runtime</dt><dd>${m.runtime}</dd>
</dl>`;
  return html`<p>Every number on this page was read from the stored results under <code>results/</code>, with the machine and date it was measured on; figures from the reference article are labelled as published there. Profile: <strong>${vm.profile}</strong>.</p>
${machine}
<h3>Sweeps</h3>
<ul class="sweeps">${vm.sweeps.map((s) => html`<li><strong>${s.kind}</strong>: <span class="${s.text.startsWith('not measured') ? 'missing' : ''}">${s.text}</span></li>`)}</ul>`;
}

function renderNapkin(napkin: NapkinView): Html {
  const rows = napkin.comparisons.map(
    (c) =>
      html`<tr><td>${c.variant}</td><td class="num">${String(c.n)}</td><td class="num">${String(c.arrays)}</td><td class="num">${String(c.measured.bestChunk)}</td><td>${String(c.measured.nearBestMin)}–${String(c.measured.nearBestMax)}</td><td>${c.predicted.map((p) => `${p.cache}${p.coreType === null ? '' : ` ${p.coreType}`}: ${p.largestChunk ?? 'unknown'}`).join('; ')}</td><td>${c.verdict}</td></tr>\n`,
  );
  return html`${
    napkin.missing === null
      ? html`<div class="table-scroll"><table><caption>Chunk sweep on ${napkin.machineId ?? ''}: measured best chunk vs the largest chunk fitting each cache</caption>
<thead><tr><th scope="col">variant</th><th scope="col">N</th><th scope="col">arrays live</th><th scope="col">best chunk</th><th scope="col">within 10% of best</th><th scope="col">largest chunk fitting (per core)</th><th scope="col">verdict</th></tr></thead>
<tbody>${rows}</tbody></table></div>`
      : html`<p class="missing">${napkin.missing}</p>`
  }
<blockquote class="published"><p>${napkin.article.text}</p><p class="table-note">${napkin.article.source}</p></blockquote>`;
}

function renderData(vm: ReportViewModel): Html {
  const link = (file: string, text: string) =>
    html`<li><a href="${file}">${file}</a>${text === '' ? null : html` — ${text}`}</li>`;
  return html`<p>The files this report was built from (relative to this page):</p>
<ul>${link(vm.data.csv, 'every stored result as one tidy CSV')}${vm.data.results.map((r) => link(r.file, r.text))}${vm.data.machines.map((m) => link(m.file, `machine record of ${m.id}`))}${vm.data.notebooks.map((f) => link(f, 'executed notebook'))}</ul>
${vm.data.results.length === 0 ? html`<p class="missing">not measured — no results files under results/</p>` : null}
<p>Built ${vm.build.builtAt} with ${Object.entries(vm.build.versions)
    .map(([name, version]) => `${name} ${version}`)
    .join(', ')}.</p>`;
}

/**
 * Step 4 of the render: the whole HTML page. Charts (vega → SVG) and notebooks render first; a chart
 * that fails throws an Error naming it, so the build fails rather than publish a page without it.
 * With `svgCacheDir`, rendered SVGs are cached there by content (see cachedSvgRenderer).
 */
export async function renderReport(vm: ReportViewModel, options: { svgCacheDir?: string } = {}): Promise<string> {
  const render = options.svgCacheDir === undefined ? renderSvg : cachedSvgRenderer(options.svgCacheDir);
  const figures: Html[] = [];
  for (const chart of vm.charts) figures.push(await renderChartFigure(chart, render));
  const notebooks: PageSection[] = [];
  for (const view of vm.notebooks) {
    const body = await renderNotebook(view.notebook, view.file, render, { omitTitle: true }); // the section heading shows it
    const failure =
      view.failure === null
        ? null
        : html`<p class="notebook-failure" role="alert">This notebook did not run through: ${view.failure}. What ran is shown.</p>`;
    notebooks.push({
      id: view.id,
      title: view.title,
      html: html`<p class="table-note">Executed copy: <a href="${view.file}">${view.file}</a></p>${failure}${body}`,
    });
  }
  const sections: PageSection[] = [
    { id: 'overview', title: 'What was measured, and where', html: renderOverview(vm) },
    { id: 'summary', title: 'Summary of results', html: renderHeadlineTable(vm.headline) },
    {
      id: 'charts',
      title: 'Charts',
      html: html`${figures}${vm.missingCharts.map((c) => html`<p class="missing">${c.title}: not measured — ${c.reason}</p>`)}`,
    },
    {
      id: 'article',
      title: 'Compared with the article\u2019s published figures',
      html: html`${renderTextTable(vm.articleComparison)}${renderTextTable(vm.languages)}`,
    },
    { id: 'machines', title: 'Machines', html: renderTextTable(vm.machineSpecs) },
    { id: 'napkin', title: 'Napkin math: chunk size against the caches', html: renderNapkin(vm.napkin) },
    ...notebooks,
    { id: 'data', title: 'Data and build', html: renderData(vm) },
  ];
  return renderPage({
    title: vm.title,
    intro: html`<p>A TypeScript (Node.js) repeat of the study "Not-so-casual Performance Optimization in Python": summing 1/x² for x = 1..N, made fast step by step and explained with napkin math against this machine's caches.</p>`,
    sections,
    footer: html`<p>Generated by basel-lab ${vm.build.versions['basel-lab'] ?? ''} on ${vm.build.builtAt}, profile ${vm.profile}. Self-contained: no scripts, no remote resources.</p>`,
  });
}
