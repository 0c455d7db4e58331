// basel-lab's public surface: what notebooks and scripts import (notebooks import dist/src/index.js).
export { UserError, ArgumentError } from './errors.js';
export { PACKAGE_ROOT, PACKAGE_VERSION, NOTEBOOKS_DIR, defaultOutDir } from './paths.js';
export type { Variant, KernelOptions, KernelResult, OptionName } from './kernels/types.js';
export { machineId } from './machine/id.js';
export * from './results/schema.js';
export { shutdownWorkers, splitRange } from './kernels/workers.js';
export { sumRangeWasmSimd } from './kernels/wasm-simd.js';
export { summarize, median, mean, sampleStdDev, interquartileRange, medianAbsoluteDeviation, medianCi, countOutliers, quantileSorted } from './measure/stats.js';
export {
  measureVariant,
  measureHarnessOverhead,
  canCollectGarbage,
  RunOverBudgetError,
  WARMUP_RUNS,
  MIN_SAMPLES,
  MIN_TIME_MS,
  MAX_SAMPLES,
  type Measurement,
  type MeasureSettings,
} from './measure/measure.js';
export { PROFILE_SETTINGS, logSpaced, type ProfileSettings } from './measure/profiles.js';
export { SWEEP_KIND_SPECS, getSweepKindSpec, type SweepKindSpec } from './measure/sweep-kinds.js';
export { runSweep, sweepN, sweepSteps, sweepChunkSize, sweepWorkers, predictSampleMs, type SweepOptions, type SweepProgress } from './measure/sweep.js';
export { findCrossovers, CROSSOVER_BASELINE } from './measure/crossover.js';
export { describePointParams, formatProgressLine } from './measure/progress.js';
export { resultsPath, pointKey, readResultsFile, saveResults, listResults, loadResults, type ResultsEntry } from './results/store.js';
export { CSV_COLUMNS, resultsToRows, formatCsv, parseCsv } from './results/csv.js';
// The report's rendering library and chart definitions (used by notebooks and the report).
export { html, unsafe, escapeHtml, jsonForScript, Html } from './report/html.js';
export { createMarkdown, renderMath } from './report/markdown.js';
export { katexCss, highlightCss } from './report/assets.js';
export { renderSvg, CHART_CONFIG } from './report/vega.js';
export {
  timeVsNChart, stepTimesChart, stepTimesCharts, chunkSizeChart, workersVsNChart, speedupChart, cacheProbeChart, variantsAtNChart,
  type ProbeSample,
} from './report/charts.js';
export { formatN, seriesLabel, VEGA_LITE_SCHEMA, type ChartDefinition, type CacheLevel, type VegaLiteSpec } from './report/chart-data.js';
export { renderChartFigure } from './report/chart-html.js';
export { renderNotebook } from './report/notebook-html.js';
export { renderTable, parseTable, NOT_MEASURED } from './report/table-html.js';
export { renderPage, pageCss, type PageOptions, type PageSection } from './report/page.js';
