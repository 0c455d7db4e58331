// basel-lab's public surface: what notebooks and scripts import (`import * as lab from "basel-lab"`).
// Grouped by layer, lowest first; docs/ARCHITECTURE.md says what each layer owns.

// util: errors, paths, formatting, interrupts
export { UserError, ArgumentError } from './util/errors.js';
export {
  PACKAGE_ROOT,
  PACKAGE_VERSION,
  NOTEBOOKS_DIR,
  OUT_ENV,
  resolveOutDir,
  checkOutDir,
  machineFilePath,
} from './util/paths.js';
export * from './util/format.js';
export { writeFileAtomic, writeJsonAtomic } from './util/atomic.js';
export { onInterrupt, exitCodeFor, EXIT_INTERRUPTED } from './util/interrupt.js';
export * from './reference/article-figures.js';

// kernels: the variants, the exact sum, the memory guard
export type { Variant, KernelOptions, KernelResult, OptionName } from './kernels/types.js';
export { SWEEP_KINDS, type SweepKind, type VariantRoles } from './kernels/roles.js';
export { exactPartialSum, checkTermCount, MAX_N } from './kernels/exact.js';
export {
  VARIANTS,
  VARIANT_NAMES,
  SEQUENTIAL_VARIANTS,
  SEQUENTIAL_VARIANT_NAMES,
  BASELINE,
  DEFAULT_CHUNK,
  DEFAULT_INNER,
  defaultKernelOptions,
  getVariant,
  getSequentialVariant,
  variantsInSweep,
} from './kernels/registry.js';
export { defineSequentialVariant, isSequentialVariant, checkRange } from './kernels/sequential.js';
export type { SequentialVariant, SumRange } from './kernels/sequential.js';
export {
  checkFootprint,
  footprintRefusal,
  describeMemoryRefusal,
  memoryBudget,
  MEMORY_SAFETY_FRACTION,
  MAX_TYPED_ARRAY_LENGTH,
  type MemoryBudget,
  type MemoryRefusal,
} from './kernels/memory.js';
export { shutdownWorkers, splitRange } from './kernels/workers.js';
export { sumRangeWasmSimd } from './kernels/wasm-simd.js';

// results: the versioned store
export * from './results/schema.js';
export { describeSkip, shortSkipText } from './results/skip.js';
export { pointAt } from './results/query.js';
export {
  resultsPath,
  pointKey,
  readResultsFile,
  parseResultsFile,
  saveResults,
  listResults,
  loadResults,
  type ResultsEntry,
} from './results/store.js';
export { CSV_COLUMNS, resultsToRows, formatCsv, parseCsv } from './results/csv.js';

// machine: records, sources, the probe, napkin math
export { machineId } from './machine/id.js';
export * from './machine/record.js';
export { collectMachine } from './machine/specs.js';
export { saveMachine, loadMachines, loadMachineFile } from './machine/store.js';
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
export { probeMachine, measureLoadLatency, probeSizes, type ProbeProgress } from './machine/probe.js';
export { probeSatisfies, probeShortfalls, planProbe } from './machine/probe-settings.js';
export { detectStaircase, latencyCurve, cacheSizeFindings } from './machine/cliffs.js';
export {
  bandwidthTable,
  levelSizes,
  compareChunkCliffs,
  translationCosts,
  pageWalkEstimate,
} from './machine/levels.js';
export { predictTerm, trafficByLevel, rooflineData, ceilingsOf } from './machine/roofline.js';
export { predictVariants } from './machine/predictions.js';
export { detectCliffs, describeBoundaries } from './machine/cliffs.js';
export * from './machine/napkin.js';
export { formatMachineRecord } from './machine/format.js';

// measure: the harness, statistics, profiles, sweeps
export {
  summarize,
  median,
  mean,
  sampleStdDev,
  interquartileRange,
  medianAbsoluteDeviation,
  medianCi,
  countOutliers,
  classifyOutliers,
  classifyOutlier,
  outlierFences,
  quantileSorted,
} from './measure/stats.js';
export {
  measureVariant,
  measureHarnessOverhead,
  canCollectGarbage,
  RunOverBudgetError,
  type Measurement,
  type MeasureSettings,
  type MeasureHooks,
} from './measure/measure.js';
export {
  createMeasurer,
  measureIsolated,
  type PointMeasurer,
  type PointSetup,
  type IsolatedHooks,
} from './measure/isolated.js';
export { MeasureChild, ChildDiedError, MeasurementInterrupted, CHILD_ENTRY } from './measure/child.js';
export { DEFAULT_ISOLATION, ISOLATIONS, type Isolation } from './measure/child-protocol.js';
export {
  DEFAULT_MEMORY_STATE,
  MEMORY_STATES,
  hasMemoryState,
  mallocEnv,
  type MemoryState,
} from './measure/memory-state.js';
export {
  pointWarnings,
  sampleWarnings,
  runWarnings,
  coefficientOfVariation,
  firstSampleRatio,
  ownLoadEstimate,
  CV_THRESHOLD,
  FIRST_SAMPLE_RATIO,
  type RunConditions,
} from './measure/validity.js';
export { describeWarning, type Warning } from './results/warnings.js';
export { takeSystemSnapshot, readCpuFrequencyState } from './machine/system-state.js';
export { PROFILE_SETTINGS, DEFAULT_PROFILE, logSpaced, type ProfileSettings } from './measure/profiles.js';
export { SWEEP_KIND_SPECS, getSweepKindSpec, type SweepKindSpec } from './measure/sweep-kinds.js';
export {
  runSweep,
  sweepN,
  sweepSteps,
  sweepChunkSize,
  sweepWorkers,
  predictSampleMs,
  seriesKey,
  type SweepOptions,
  type SweepProgress,
} from './measure/sweep.js';
export { findCrossovers, CROSSOVER_BASELINE } from './measure/crossover.js';
export {
  compareResults,
  comparePoints,
  verdictFor,
  DEFAULT_THRESHOLD,
  type Comparison,
  type ComparedPoint,
  type PointComparison,
} from './measure/compare.js';
export { bootstrapRatioOfMedians, mannWhitneyU } from './measure/compare-stats.js';
export { describePointParams, formatProgressLine } from './measure/progress.js';

// report: tables, charts and rendering (the chapters show the same tables and charts)
export * from './report/table/model.js';
export { renderTable } from './report/table/html.js';
export { tableText } from './report/table/text.js';
export { parseTable } from './report/table/schema.js';
export * from './report/tables/results.js';
export * from './report/tables/article.js';
export * from './report/tables/machines.js';
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
export { chunkSizeFigure, probeFigure, probeSamples, variantsAtLargestNFigure } from './report/charts/figures.js';
export { sampleOrderChart, noisiestPoints } from './report/charts/sample-order.js';
export { validityView, type ValidityView } from './report/validity-view.js';
export {
  seriesLabel,
  VEGA_LITE_SCHEMA,
  VEGA_LITE_MIME,
  type ChartDefinition,
  type CacheLevel,
  type VegaLiteSpec,
} from './report/charts/chart-data.js';
export { html, unsafe, escapeHtml, jsonForScript, Html } from './report/render/html.js';
export { createMarkdown, renderMath } from './report/render/markdown.js';
export { katexCss, highlightCss } from './report/render/assets.js';
export { renderSvg, CHART_CONFIG } from './report/render/vega.js';
export { renderChartFigure } from './report/render/chart-html.js';
export { renderNotebook } from './report/render/notebook-html.js';
export { renderPage, pageCss, type PageOptions, type PageSection } from './report/render/page.js';
export { renderReport, REPORT_SECTIONS } from './report/render/report-html.js';
export { publishReport, writeReport, REPORT_FILE, CSV_FILE, VIEW_MODEL_FILE } from './report/publish.js';
export { loadReportInputs, type ReportInputs } from './report/load.js';
export { buildViewModel, summarizeInputs, type ReportViewModel } from './report/view-model.js';

// chapters: what the notebooks call
export {
  loadOrRunSweep,
  loadOrRecordMachine,
  loadOrRunProbe,
  notebookProfile,
  isCompleteResults,
  plannedKeys,
  type LoadSweepOptions,
} from './chapters/data.js';
export {
  showTable,
  showChart,
  showBundle,
  progressDisplay,
  inKernel,
  tableBundle,
  chartBundle,
} from './chapters/display.js';
export type { ProgressDisplay } from './chapters/display.js';
export { showFigure } from './chapters/figures.js';
export { CHAPTERS, chapterFiles, type Chapter } from './chapters/manifest.js';

// explore: your own variants, measured like the built-ins (README: "Exploring in Jupyter")
export * from './chapters/explore/index.js';
export { isUserVariant, USER_VARIANT_NAME } from './kernels/user-variant.js';
export { benchVariant, benchSettings, type BenchRequest } from './measure/bench.js';
export {
  explorePath,
  readExploreFile,
  saveExploration,
  EXPLORE_VERSION,
  type Exploration,
  type ExploreFile,
  type CompareSettings,
} from './results/explore.js';
export { explorationTable, benchTable, describeCompareSettings } from './report/tables/explore.js';

// pipeline: a whole run
export { buildReport, type BuildReportOptions, type BuildOutcome } from './pipeline/build-report.js';
