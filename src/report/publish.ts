// Rendering the report from disk only: load → summarise → view-model → render → write (index.html, results.csv).
import { join } from 'node:path';
import { formatCsv, resultsToRows } from '../results/csv.js';
import type { Profile } from '../results/schema.js';
import { writeFileAtomic, writeJsonAtomic } from '../util/atomic.js';
import { loadReportInputs, type BuildInfo } from './load.js';
import { renderReport } from './render/report-html.js';
import { buildViewModel, summarizeInputs, type ReportViewModel } from './view-model.js';

export const REPORT_FILE = 'index.html';
export const CSV_FILE = 'results.csv';
export const VIEW_MODEL_FILE = 'index.viewmodel.json';
/** Rendered chart SVGs by content hash (not part of the report; safe to delete). */
export const SVG_CACHE_DIR = join('.cache', 'svg');

export interface PublishOptions {
  profile: Profile;
  /** The machine the front page prefers (default: this machine). */
  machineId?: string;
  /** Write the view-model as JSON beside the page (default: REPORT_DEBUG=1). */
  debug?: boolean;
  /** Fixed build time and versions (tests). */
  build?: BuildInfo;
}

export interface PublishedReport {
  htmlPath: string;
  csvPath: string;
  viewModelPath: string | null;
  viewModel: ReportViewModel;
  /** Inputs skipped or outputs not shown, one line each; the page lists them too. Empty on a clean build. */
  warnings: string[];
}

/** Step 5 of the render: write the page, the CSV and (when debugging) the view-model, each atomically. */
export function writeReport(
  outDir: string,
  page: string,
  csv: string,
  viewModel: ReportViewModel,
  debug: boolean,
): PublishedReport {
  const htmlPath = join(outDir, REPORT_FILE);
  const csvPath = join(outDir, CSV_FILE);
  const viewModelPath = debug ? join(outDir, VIEW_MODEL_FILE) : null;
  writeFileAtomic(csvPath, csv);
  if (viewModelPath !== null) writeJsonAtomic(viewModelPath, viewModel);
  writeFileAtomic(htmlPath, page); // last: a page on disk always has its CSV beside it
  return { htmlPath, csvPath, viewModelPath, viewModel, warnings: [...viewModel.warnings] };
}

/** Render `<outDir>/index.html` from what is stored under `<outDir>`; runs nothing, measures nothing. */
export async function publishReport(outDir: string, options: PublishOptions): Promise<PublishedReport> {
  // 1. Load: results, machine records and executed notebooks, from disk only.
  const inputs = loadReportInputs(outDir, options);
  // 2. Summarise: the subject machine and its results at the profile.
  const summary = summarizeInputs(inputs);
  // 3. View-model: every value the page shows, formatted and labelled.
  const viewModel = buildViewModel(inputs, summary);
  // 4. Render: charts and notebooks to HTML, then the page (a chart that fails throws, naming it).
  const renderWarnings: string[] = [];
  const page = await renderReport(viewModel, {
    svgCacheDir: join(outDir, SVG_CACHE_DIR),
    onWarning: (message) => renderWarnings.push(message),
  });
  const csv = formatCsv(resultsToRows(inputs.results.map((entry) => entry.results)));
  // 5. Write: index.html, results.csv, and index.viewmodel.json when REPORT_DEBUG=1.
  const published = writeReport(outDir, page, csv, viewModel, options.debug ?? process.env.REPORT_DEBUG === '1');
  return { ...published, warnings: [...published.warnings, ...renderWarnings] };
}
