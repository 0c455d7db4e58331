// Step 4 of the render: the page from its view-model. Charts and notebooks are rendered first (async),
// then the sections are assembled in the order REPORT_SECTIONS lists them.
import { PROFILE_SETTINGS } from '../../measure/profiles.js';
import { renderTable } from '../table/html.js';
import type { ReportViewModel, TableOrMissing } from '../view-model.js';
import { renderChartFigure } from './chart-html.js';
import { html, type Html } from './html.js';
import { renderNotebook } from './notebook-html.js';
import { renderPage, type PageSection } from './page.js';
import { cachedSvgRenderer } from './svg-cache.js';
import { renderSvg } from './vega.js';

/** What the async step produced: chart figures and each notebook's body, in view-model order. */
interface Rendered {
  figures: Html[];
  /** The data section's sample-order charts. */
  sampleFigures: Html[];
  notebooks: Html[];
  /** The "Your variants" section's charts, one per saved exploration. */
  yourFigures: Html[];
  /** Outputs that could not be shown while rendering (e.g. a notebook chart that asks to load a URL). */
  warnings: string[];
}

/** One entry of the page: its sections (a notebook entry makes one per notebook) from the view-model. */
interface ReportSection {
  name: string;
  sections(vm: ReportViewModel, rendered: Rendered): PageSection[];
}

/** The smoke warning, on the page and at the top of every chapter, when the profile's numbers mean nothing. */
function smokeBanner(vm: ReportViewModel): Html | null {
  const warning = PROFILE_SETTINGS[vm.profile].numbersMeanNothing;
  return warning === undefined ? null : html`<p class="smoke-banner" role="note">${warning}</p>`;
}

function tableOrMissing(value: TableOrMissing): Html {
  return 'table' in value ? renderTable(value.table) : html`<p class="missing">${value.missing}</p>`;
}

function renderOverview(vm: ReportViewModel): Html {
  return html`<p>Every number on this page was read from the stored results under <code>results/</code>, with the machine and date it was measured on; figures from the reference article are labelled as published there. Profile: <strong>${vm.profile}</strong>.</p>
${tableOrMissing(vm.machine)}
<h3>Sweeps</h3>
<ul class="sweeps">${vm.sweeps.map((s) => html`<li><strong>${s.kind}</strong>: <span class="${s.measured ? '' : 'missing'}">${s.text}</span></li>`)}</ul>`;
}

/** Every input skipped or not shown, one line each, so a reader sees what the page is missing and why. */
function renderWarnings(warnings: readonly string[]): Html | null {
  if (warnings.length === 0) return null;
  return html`<div class="build-warnings" role="alert"><p><strong>Built with ${warnings.length} warning${warnings.length === 1 ? '' : 's'}</strong> — these inputs were skipped or not shown:</p>
<ul>${warnings.map((warning) => html`<li><code>${warning}</code></li>`)}</ul></div>`;
}

function renderData(vm: ReportViewModel, rendered: Rendered): Html {
  const link = (file: string, text: string) =>
    html`<li><a href="${file}">${file}</a>${text === '' ? null : html` — ${text}`}</li>`;
  return html`${renderWarnings([...vm.warnings, ...rendered.warnings])}<p>The files this report was built from (relative to this page):</p>
<ul>${link(vm.data.csv, 'every stored result as one tidy CSV')}${vm.data.results.map((r) => link(r.file, r.text))}${vm.data.machines.map((m) => link(m.file, `machine record of ${m.id}`))}${vm.data.notebooks.map((f) => link(f, 'executed notebook'))}</ul>
${vm.data.results.length === 0 ? html`<p class="missing">not measured: no results files under results/</p>` : null}
${renderValidity(vm, rendered)}
<p>Built ${vm.build.builtAt} with ${Object.entries(vm.build.versions)
    .map(([name, version]) => `${name} ${version}`)
    .join(', ')}.</p>`;
}

/** How far to trust each results file: its conditions and warnings, then the noisiest points' samples in order. */
function renderValidity(vm: ReportViewModel, rendered: Rendered): Html | null {
  if (vm.data.validity.length === 0) return null;
  return html`<h3>How far to trust the numbers</h3>
${vm.data.validity.map(
  (view) => html`<p><strong>${view.title}</strong>: ${view.conditions.join('; ')}.</p>
${
  view.warnings === null
    ? html`<p class="missing">Validity warnings were not recorded (a file from before they were).</p>`
    : view.warnings.length === 0
      ? html`<p>No validity warnings.</p>`
      : html`<ul class="validity-warnings">${view.warnings.map((warning) => html`<li>${warning}</li>`)}</ul>`
}`,
)}
${rendered.sampleFigures.length === 0 ? null : html`<p>Each sweep's noisiest point, sample by sample in the order taken (warm-up drift, JIT tier-up, interference):</p>${rendered.sampleFigures}`}`;
}

const one = (id: string, title: string, body: Html): PageSection[] => [{ id, title, html: body }];

/** The page, top to bottom. Add a section here. */
export const REPORT_SECTIONS: readonly ReportSection[] = [
  { name: 'overview', sections: (vm) => one('overview', 'What was measured, and where', renderOverview(vm)) },
  { name: 'summary', sections: (vm) => one('summary', 'Summary of results', tableOrMissing(vm.headline)) },
  {
    name: 'charts',
    sections: (vm, rendered) =>
      one(
        'charts',
        'Charts',
        html`${rendered.figures}${vm.missingCharts.map((c) => html`<p class="missing">${c.title}: not measured: ${c.reason}</p>`)}`,
      ),
  },
  {
    name: 'article',
    sections: (vm) =>
      one(
        'article',
        'Compared with the article\u2019s published figures',
        html`${renderTable(vm.articleComparison)}${renderTable(vm.languages)}${renderTable(vm.peers)}`,
      ),
  },
  { name: 'machines', sections: (vm) => one('machines', 'Machines', renderTable(vm.machineSpecs)) },
  {
    name: 'napkin',
    sections: (vm) =>
      one(
        'napkin',
        'Napkin math: chunk size against the caches',
        html`${vm.napkin.tables.map(tableOrMissing)}${renderTable(vm.napkin.article)}`,
      ),
  },
  {
    name: 'your-variants',
    sections: (vm, rendered) =>
      vm.yourVariants === undefined
        ? []
        : one(
            'your-variants',
            'Your variants',
            html`<p>What you measured and saved from a notebook with <code>lab.save</code> (<code>results/<var>machine-id</var>/explore.json</code>), each comparison measured like for like under the settings its note names.</p>${vm.yourVariants.tables.map((table, i) => html`${renderTable(table)}${rendered.yourFigures[i] ?? null}`)}`,
          ),
  },
  {
    name: 'notebooks',
    sections: (vm, rendered) =>
      vm.notebooks.map((view, i) => {
        const failure =
          view.failure === null
            ? null
            : html`<p class="notebook-failure" role="alert">This notebook did not run through: ${view.failure}. What ran is shown.</p>`;
        return {
          id: view.id,
          title: view.title,
          html: html`${smokeBanner(vm)}<p class="table-note">Executed copy: <a href="${view.file}">${view.file}</a></p>${failure}${rendered.notebooks[i] ?? null}`,
        };
      }),
  },
  { name: 'data', sections: (vm, rendered) => one('data', 'Data and build', renderData(vm, rendered)) },
];

/**
 * The whole HTML page. Charts (vega → SVG) and notebooks render first; a chart that fails throws an
 * Error naming it, so the build fails rather than publish a page without it. With `svgCacheDir`,
 * rendered SVGs are cached there by content (see cachedSvgRenderer).
 */
export async function renderReport(
  vm: ReportViewModel,
  options: { svgCacheDir?: string; onWarning?: (message: string) => void } = {},
): Promise<string> {
  const render = options.svgCacheDir === undefined ? renderSvg : cachedSvgRenderer(options.svgCacheDir);
  const rendered: Rendered = { figures: [], sampleFigures: [], notebooks: [], yourFigures: [], warnings: [] };
  const warn = (message: string): void => {
    rendered.warnings.push(message);
    options.onWarning?.(message);
  };
  for (const chart of vm.charts) rendered.figures.push(await renderChartFigure(chart, render));
  for (const chart of vm.data.sampleCharts) rendered.sampleFigures.push(await renderChartFigure(chart, render));
  for (const chart of vm.yourVariants?.charts ?? []) rendered.yourFigures.push(await renderChartFigure(chart, render));
  for (const view of vm.notebooks) {
    // The section heading shows the notebook's title, so its own title line is left out.
    rendered.notebooks.push(
      await renderNotebook(view.notebook, view.file, render, { omitTitle: true, headingOffset: 1, warn }),
    );
  }
  return renderPage({
    title: vm.title,
    intro: html`${smokeBanner(vm)}<p>A TypeScript (Node.js) repeat of the study "Not-so-casual Performance Optimization in Python": summing 1/x² for x = 1..N, made fast step by step and explained with napkin math against this machine's caches.</p>`,
    sections: REPORT_SECTIONS.flatMap((section) => section.sections(vm, rendered)),
    footer: html`<p>Generated by basel-lab ${vm.build.versions['basel-lab'] ?? ''} on ${vm.build.builtAt}, profile ${vm.profile}. Self-contained: no scripts, no remote resources.</p>`,
  });
}
