// basel-lab's public surface: what notebooks and scripts import (notebooks import dist/src/index.js).
export { UserError, ArgumentError } from './util/errors.js';
export { PACKAGE_ROOT, PACKAGE_VERSION, NOTEBOOKS_DIR, defaultOutDir } from './util/paths.js';
export type { Variant, KernelOptions, KernelResult, OptionName } from './kernels/types.js';
export { machineId } from './machine/id.js';
export * from './results/schema.js';
export { exactPartialSum, checkTermCount, MAX_N } from './kernels/exact.js';
export {
  VARIANTS,
  VARIANT_NAMES,
  SEQUENTIAL_VARIANTS,
  SEQUENTIAL_VARIANT_NAMES,
  DEFAULT_CHUNK,
  DEFAULT_INNER,
  defaultKernelOptions,
  getVariant,
  getSequentialVariant,
} from './kernels/registry.js';
export { defineSequentialVariant, isSequentialVariant, checkRange } from './kernels/sequential.js';
export type { SequentialVariant, SumRange } from './kernels/sequential.js';
export {
  checkFootprint,
  footprintRefusal,
  memoryBudget,
  MEMORY_SAFETY_FRACTION,
  MAX_TYPED_ARRAY_LENGTH,
} from './kernels/memory.js';
export type { MemoryBudget } from './kernels/memory.js';
export { writeFileAtomic, writeJsonAtomic } from './util/atomic.js';
export * from './machine/record.js';
export { collectMachine } from './machine/specs.js';
export { saveMachine, loadMachines, loadMachineFile, machineFilePath } from './machine/store.js';
export { validateMachineRecord } from './machine/validate.js';
export {
  REFERENCE_M1_PRO,
  REFERENCE_PROVENANCE,
  REFERENCE_MACHINE_ID,
  REFERENCE_PUBLISHED_TABLE,
} from './machine/reference-m1-pro.js';
export { parseSysfsCaches } from './machine/sysfs.js';
export { parseLscpuCaches } from './machine/lscpu.js';
export { parseSysctlCaches } from './machine/sysctl.js';
export { parseGetconfCaches } from './machine/getconf.js';
export { readSiCaches } from './machine/si-caches.js';
export { fsTreeReader, type TreeReader } from './machine/tree.js';
export { probeCaches, measureLoadLatency, probeSizes } from './machine/probe.js';
export { detectCliffs, describeBoundaries } from './machine/cliffs.js';
export * from './machine/napkin.js';
export { formatBytes, formatMachineRecord } from './machine/format.js';
export {
  showTable,
  showChart,
  showBundle,
  progressDisplay,
  inKernel,
  tableBundle,
  chartBundle,
  TABLE_MIME,
  VEGA_LITE_MIME,
} from './chapters/display.js';
export type { Table, TableColumn, TableCell, ProgressDisplay } from './chapters/display.js';
export { shutdownWorkers, splitRange } from './kernels/workers.js';
export { sumRangeWasmSimd } from './kernels/wasm-simd.js';
export {
  summarize,
  median,
  mean,
  sampleStdDev,
  interquartileRange,
  medianAbsoluteDeviation,
  medianCi,
  countOutliers,
  quantileSorted,
} from './measure/stats.js';
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
  type MeasureHooks,
} from './measure/measure.js';
export { PROFILE_SETTINGS, logSpaced, type ProfileSettings } from './measure/profiles.js';
export { SWEEP_KIND_SPECS, getSweepKindSpec, type SweepKindSpec } from './measure/sweep-kinds.js';
export {
  runSweep,
  sweepN,
  sweepSteps,
  sweepChunkSize,
  sweepWorkers,
  predictSampleMs,
  type SweepOptions,
  type SweepProgress,
} from './measure/sweep.js';
export { findCrossovers, CROSSOVER_BASELINE } from './measure/crossover.js';
export { describePointParams, formatProgressLine } from './measure/progress.js';
export {
  resultsPath,
  pointKey,
  readResultsFile,
  saveResults,
  listResults,
  loadResults,
  type ResultsEntry,
} from './results/store.js';
export { CSV_COLUMNS, resultsToRows, formatCsv, parseCsv } from './results/csv.js';
// The report's rendering library and chart definitions (used by notebooks and the report).
export { html, unsafe, escapeHtml, jsonForScript, Html } from './report/render/html.js';
export { createMarkdown, renderMath } from './report/render/markdown.js';
export { katexCss, highlightCss } from './report/render/assets.js';
export { renderSvg, CHART_CONFIG } from './report/render/vega.js';
export {
  timeVsNChart,
  stepTimesChart,
  stepTimesCharts,
  chunkSizeChart,
  workersVsNChart,
  speedupChart,
  cacheProbeChart,
  variantsAtNChart,
  type ProbeSample,
} from './report/charts/charts.js';
export {
  formatN,
  seriesLabel,
  VEGA_LITE_SCHEMA,
  type ChartDefinition,
  type CacheLevel,
  type VegaLiteSpec,
} from './report/charts/chart-data.js';
export { renderChartFigure } from './report/render/chart-html.js';
export { renderNotebook } from './report/render/notebook-html.js';
export { renderTable, parseTable, NOT_MEASURED } from './report/render/table-html.js';
export { renderPage, pageCss, type PageOptions, type PageSection } from './report/render/page.js';
// The chapter notebooks' data and tables (also used by the report's front page).
export {
  loadOrRunSweep,
  loadOrRecordMachine,
  loadOrRunProbe,
  notebookProfile,
  notebookResultsDir,
  isCompleteResults,
  plannedKeys,
  DEFAULT_NOTEBOOK_PROFILE,
  SMOKE_PROBE_OPTIONS,
  type LoadSweepOptions,
} from './chapters/data.js';
export {
  timesByNTable,
  stepsTable,
  chunkStepsTable,
  largestStepsN,
  largestMeasuredN,
  accuracyTable,
  summaryTable,
  crossoverTable,
  speedupTable,
  SUMMARY_NS,
} from './report/tables/results.js';
export { machineSpecsTable, napkinTable, articleNapkinTable, probeTable } from './report/tables/machines.js';
export { articleSummaryTable, articleStepsTable } from './report/tables/article.js';
export {
  chunkSizeFigure,
  probeFigure,
  probeSamples,
  showFigure,
  variantsAtLargestNFigure,
} from './chapters/figures.js';
export * from './reference/article-figures.js';
// The report build: four steps (specs, sweeps, notebooks, render); the render reads only the disk.
export {
  buildReport,
  recordMachineIfMissing,
  runReportSweeps,
  runReportNotebooks,
  type BuildReportOptions,
  type BuildOutcome,
} from './pipeline/build-report.js';
export { publishReport, writeReport, REPORT_FILE, CSV_FILE, VIEW_MODEL_FILE } from './report/publish.js';
export { loadReportInputs, type ReportInputs } from './report/load.js';
export { buildViewModel, summarizeInputs, type ReportViewModel } from './report/view-model.js';
export { renderReport } from './report/render/report-html.js';
