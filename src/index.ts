// basel-lab's public surface: what notebooks and scripts import (notebooks import dist/src/index.js).
export { UserError, ArgumentError } from './errors.js';
export { PACKAGE_ROOT, PACKAGE_VERSION, NOTEBOOKS_DIR, defaultOutDir } from './paths.js';
export type { Variant, KernelOptions, KernelResult, OptionName } from './kernels/types.js';
export { machineId } from './machine/id.js';
export * from './results/schema.js';
export { showTable, showChart, showBundle, progressDisplay, inKernel, tableBundle, chartBundle, TABLE_MIME, VEGA_LITE_MIME } from './notebook/display.js';
export type { Table, TableColumn, TableCell, ProgressDisplay } from './notebook/display.js';
// The report's rendering library and chart definitions (used by notebooks and the report).
export { html, unsafe, escapeHtml, jsonForScript, Html } from './report/html.js';
export { createMarkdown, renderMath } from './report/markdown.js';
export { katexCss, highlightCss } from './report/assets.js';
export { renderSvg, CHART_CONFIG } from './report/vega.js';
export {
  timeVsNChart, stepTimesChart, stepTimesCharts, chunkSizeChart, workersVsNChart, speedupChart, cacheProbeChart, variantsAtNChart,
  type ProbeSample,
} from './report/charts.js';
export { findCrossover, formatN, seriesLabel, VEGA_LITE_SCHEMA, type ChartDefinition, type CacheLevel, type VegaLiteSpec, type Crossover } from './report/chart-data.js';
export { renderChartFigure } from './report/chart-html.js';
export { renderNotebook } from './report/notebook-html.js';
export { renderTable, parseTable, NOT_MEASURED } from './report/table-html.js';
export { renderPage, pageCss, type PageOptions, type PageSection } from './report/page.js';
