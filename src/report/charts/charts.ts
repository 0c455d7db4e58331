// The chart definitions: one function per chart, each building a Vega-Lite v5 spec from stored results.
import { ArgumentError } from '../../util/errors.js';
import { CROSSOVER_BASELINE, findCrossovers } from '../../measure/crossover.js';
import { PROFILE_SETTINGS } from '../../measure/profiles.js';
import type { Point, ResultsFile } from '../../results/schema.js';
import { formatN, nsPerTerm } from '../../util/format.js';
import {
  BINARY_COUNT_LABEL,
  BYTES_LABEL,
  POWER_OF_TEN_LABEL,
  pointName,
  selectPoints,
  seriesLabeller,
  VEGA_LITE_SCHEMA,
  type CacheLevel,
  type ChartDefinition,
  type VegaLiteSpec,
} from './chart-data.js';

/** Chart size in CSS pixels at full width; the SVG scales down to fit narrower screens. */
const CHART_WIDTH_PX = 780;
const CHART_HEIGHT_PX = 360;
const BYTES_PER_FLOAT64 = 8;

function baseSpec(title: string, values: object[], layer: object[], extra: Record<string, unknown> = {}): VegaLiteSpec {
  return {
    $schema: VEGA_LITE_SCHEMA,
    title,
    width: CHART_WIDTH_PX,
    height: CHART_HEIGHT_PX,
    data: { values },
    ...extra,
    layer,
  };
}

const logN = (title = 'N (terms)') => ({
  field: 'n',
  type: 'quantitative',
  title,
  scale: { type: 'log' },
  axis: { labelExpr: POWER_OF_TEN_LABEL },
});
const seriesColor = { field: 'series', type: 'nominal', title: null };

/**
 * Line + points for `y`, with a rule from `yLow` to `yHigh` (the 95% CI of the median) at each point.
 * Points also vary in shape by series, so series stay distinguishable past the palette's ten colours.
 */
function linesWithCi(x: object, y: object, yLow: string, yHigh: string): object[] {
  return [
    { mark: { type: 'line', point: true }, encoding: { x, y, color: seriesColor, shape: seriesColor } },
    {
      mark: { type: 'rule' },
      encoding: { x, y: { field: yLow, type: 'quantitative' }, y2: { field: yHigh }, color: seriesColor },
    },
  ];
}

/** Height in pixels of one rule label; successive labels go one line lower so they never overlap. */
const RULE_LABEL_LINE_PX = 13;

/** Vertical rules with a label at each x position in `rules` ({x, label}[]), labels stacked from the top. */
function verticalRules(rules: { x: number; label: string }[]): object {
  const values = rules.map((rule, i) => ({ ...rule, labelY: 2 + i * RULE_LABEL_LINE_PX }));
  return {
    data: { values },
    layer: [
      { mark: { type: 'rule', strokeDash: [4, 4] }, encoding: { x: { field: 'x', type: 'quantitative' } } },
      {
        mark: { type: 'text', align: 'left', baseline: 'top', dx: 3 },
        encoding: {
          x: { field: 'x', type: 'quantitative' },
          y: { field: 'labelY', type: 'quantitative', scale: null },
          text: { field: 'label' },
        },
      },
    ],
  };
}

const noteIfEmpty = (notes: string[], plotted: number, what: string) =>
  plotted === 0 ? [`no measured points for ${what}`, ...notes] : notes;

/** (a) Median time vs N per variant, log-log, with the 95% CI of each median (the article's perf and perf_chunks). */
export function timeVsNChart(
  results: Pick<ResultsFile, 'points'>,
  options: { variants?: readonly string[]; id?: string; title?: string } = {},
): ChartDefinition {
  const { ok, notes } = selectPoints(
    results.points,
    (p) => options.variants === undefined || options.variants.includes(p.params.variant),
  );
  const label = seriesLabeller(ok);
  const values = ok.map((p) => ({
    series: label(p.params),
    n: p.params.n,
    medianMs: p.stats.medianMs,
    ciLowMs: p.stats.ciLowMs,
    ciHighMs: p.stats.ciHighMs,
  }));
  const title = options.title ?? 'Time vs N';
  const y = { field: 'medianMs', type: 'quantitative', title: 'median time (ms)', scale: { type: 'log' } };
  return {
    id: options.id ?? 'time-vs-n',
    title,
    spec: baseSpec(title, values, linesWithCi(logN(), y, 'ciLowMs', 'ciHighMs')),
    notes: noteIfEmpty(notes, ok.length, title),
  };
}

/**
 * (b) Per-step time of one variant as N grows, stacked: the top edge is the total, each band one step
 * (the article's stacked per-step plot). Plotted per term (ns/term) so every N shares one linear scale
 * and a step whose per-term cost jumps (out of cache) stands out.
 */
export function stepTimesChart(results: ResultsFile, variant: string): ChartDefinition {
  const { ok, notes } = selectPoints(results.points, (p) => p.params.variant === variant);
  const stepNames: string[] = [];
  const values = ok.flatMap((p) =>
    Object.entries(p.steps ?? {}).map(([step, ms]) => {
      if (!stepNames.includes(step)) stepNames.push(step);
      return { n: p.params.n, step, order: stepNames.indexOf(step), nsPerTerm: nsPerTerm(ms, p.params.n) };
    }),
  );
  for (const p of ok) if (p.steps === undefined) notes.push(`${pointName(p.params)}: no per-step times recorded`);
  const title = `Time per step: ${variant}`;
  const layer = [
    {
      mark: { type: 'area', line: true },
      encoding: {
        x: logN(),
        y: { field: 'nsPerTerm', type: 'quantitative', title: 'time per term (ns), stacked by step', stack: 'zero' },
        color: { field: 'step', type: 'nominal', title: 'step', scale: { domain: stepNames }, sort: stepNames },
        order: { field: 'order', type: 'quantitative' },
      },
    },
  ];
  return {
    id: `steps-${variant}`,
    title,
    spec: baseSpec(title, values, layer),
    notes: noteIfEmpty(notes, values.length, title),
  };
}

/** (b) One stacked per-step chart for every variant in `results` that recorded steps, in order of first appearance. */
export function stepTimesCharts(results: ResultsFile): ChartDefinition[] {
  const variants = [
    ...new Set(results.points.filter((p) => p.status === 'ok' && p.steps !== undefined).map((p) => p.params.variant)),
  ];
  return variants.map((variant) => stepTimesChart(results, variant));
}

/**
 * (c) Time per term vs chunk size, one line per N, with a rule at each cache level: the chunk size C whose
 * working set `8 · arraysPerChunk · C` bytes equals the cache size (arraysPerChunk = k float64 arrays live per chunk).
 */
export function chunkSizeChart(
  results: ResultsFile,
  options: { arraysPerChunk?: number; caches?: readonly CacheLevel[] } = {},
): ChartDefinition {
  const { arraysPerChunk = 1, caches = [] } = options;
  if (!(arraysPerChunk > 0)) throw new ArgumentError(`arraysPerChunk must be > 0 (got ${arraysPerChunk})`);
  const { ok, notes } = selectPoints(results.points, (p) => p.params.chunk !== undefined);
  const variants = new Set(ok.map((p) => p.params.variant));
  const values = ok.map((p) => ({
    series: `${variants.size > 1 ? `${p.params.variant} ` : ''}N=${formatN(p.params.n)}`,
    chunk: p.params.chunk!,
    nsPerTerm: nsPerTerm(p.stats.medianMs, p.params.n),
    ciLow: nsPerTerm(p.stats.ciLowMs, p.params.n),
    ciHigh: nsPerTerm(p.stats.ciHighMs, p.params.n),
  }));
  const x = {
    field: 'chunk',
    type: 'quantitative',
    title: 'chunk size (terms)',
    scale: { type: 'log', base: 2 },
    axis: { labelExpr: BINARY_COUNT_LABEL },
  };
  const y = { field: 'nsPerTerm', type: 'quantitative', title: 'time per term (ns)', scale: { zero: false } };
  const rules = caches.map((c) => ({ x: c.bytes / (BYTES_PER_FLOAT64 * arraysPerChunk), label: c.name }));
  const layer = [...linesWithCi(x, y, 'ciLow', 'ciHigh'), ...(rules.length > 0 ? [verticalRules(rules)] : [])];
  const title = 'Time per term vs chunk size';
  return { id: 'chunk-size', title, spec: baseSpec(title, values, layer), notes: noteIfEmpty(notes, ok.length, title) };
}

/**
 * (d) `chunked` vs the worker variants over N, log-log, with each parallel series' crossover N (where it
 * becomes and stays faster, interpolated in log-log by findCrossovers) marked by a rule.
 */
export function workersVsNChart(results: ResultsFile, options: { baseline?: string } = {}): ChartDefinition {
  const baseline = options.baseline ?? CROSSOVER_BASELINE;
  const { ok, notes } = selectPoints(results.points, () => true);
  const seriesOf = seriesLabeller(ok);
  const rules: { x: number; label: string }[] = [];
  const withheld = PROFILE_SETTINGS[results.profile].numbersMeanNothing !== undefined;
  if (withheld) notes.push(`${results.profile} profile: no crossover is claimed from these numbers`);
  for (const crossover of withheld ? [] : findCrossovers(results, baseline)) {
    const label = seriesOf({ variant: crossover.variant, n: 0, workers: crossover.workers });
    const lastN = crossover.ratios.at(-1)?.n;
    if (crossover.interpolatedN !== null)
      rules.push({
        x: crossover.interpolatedN,
        label: `${label} faster from N≈${crossover.interpolatedN.toPrecision(2).replace('e+', 'e')}`,
      });
    else if (crossover.crossoverN !== null)
      notes.push(`${label}: faster than ${baseline} at every N measured with both`);
    else
      notes.push(
        `${label}: not faster than ${baseline}${lastN === undefined ? ' (no N measured with both)' : ` up to N=${formatN(lastN)}`}`,
      );
  }
  const values = ok.map((p) => ({
    series: seriesOf(p.params),
    n: p.params.n,
    medianMs: p.stats.medianMs,
    ciLowMs: p.stats.ciLowMs,
    ciHighMs: p.stats.ciHighMs,
  }));
  const y = { field: 'medianMs', type: 'quantitative', title: 'median time (ms)', scale: { type: 'log' } };
  const layer = [...linesWithCi(logN(), y, 'ciLowMs', 'ciHighMs'), ...(rules.length > 0 ? [verticalRules(rules)] : [])];
  const title = `Workers vs ${baseline} over N`;
  return {
    id: 'workers-vs-n',
    title,
    spec: baseSpec(title, values, layer),
    notes: noteIfEmpty(notes, ok.length, title),
  };
}

/** (d) Speed-up over `baseline` at the same N against the number of workers W, one line per variant and N, with the ideal y = W. */
export function speedupChart(results: ResultsFile, options: { baseline?: string } = {}): ChartDefinition {
  const baseline = options.baseline ?? CROSSOVER_BASELINE;
  const { ok, notes } = selectPoints(results.points, (p) => p.params.workers !== undefined);
  const baseMs = new Map(
    results.points.flatMap((p) =>
      p.status === 'ok' && p.params.variant === baseline && p.params.workers === undefined
        ? [[p.params.n, p.stats.medianMs] as const]
        : [],
    ),
  );
  const values: object[] = [];
  for (const p of ok) {
    const base = baseMs.get(p.params.n);
    if (base === undefined) notes.push(`${pointName(p.params)}: no ${baseline} time at that N to compare with`);
    else
      values.push({
        series: `${p.params.variant} N=${formatN(p.params.n)}`,
        workers: p.params.workers!,
        speedup: base / p.stats.medianMs,
      });
  }
  const maxWorkers = Math.max(1, ...ok.map((p) => p.params.workers!));
  const x = {
    field: 'workers',
    type: 'quantitative',
    title: 'workers W',
    scale: { domain: [1, maxWorkers] },
    axis: { tickMinStep: 1 },
  };
  const layer = [
    {
      data: {
        values: [
          { workers: 1, speedup: 1 },
          { workers: maxWorkers, speedup: maxWorkers },
        ],
      },
      mark: { type: 'line', strokeDash: [4, 4], color: 'gray' },
      encoding: { x, y: { field: 'speedup', type: 'quantitative' } },
    },
    {
      mark: { type: 'line', point: true },
      encoding: {
        x,
        y: { field: 'speedup', type: 'quantitative', title: `speed-up over ${baseline} (dashed: ideal)` },
        color: seriesColor,
      },
    },
  ];
  const title = `Speed-up vs workers (over ${baseline})`;
  return {
    id: 'speedup-vs-workers',
    title,
    spec: baseSpec(title, values, layer),
    notes: noteIfEmpty(notes, values.length, title),
  };
}

/**
 * The minimal input of the cache-probe chart: one measured value (bandwidth or latency) per working-set
 * size in bytes. The machine module's probe result is mapped to this by its caller.
 */
export interface ProbeSample {
  bytes: number;
  value: number;
}

/** (e) Cache probe: bandwidth or latency vs working-set size (log₂ bytes), with each recorded cache size as a rule. */
export function cacheProbeChart(
  samples: readonly ProbeSample[],
  caches: readonly CacheLevel[],
  options: { valueTitle: string; title?: string },
): ChartDefinition {
  const title = options.title ?? 'Cache probe';
  const x = {
    field: 'bytes',
    type: 'quantitative',
    title: 'working set',
    scale: { type: 'log', base: 2 },
    axis: { labelExpr: BYTES_LABEL },
  };
  const layer = [
    {
      mark: { type: 'line', point: true },
      encoding: { x, y: { field: 'value', type: 'quantitative', title: options.valueTitle, scale: { zero: false } } },
    },
    ...(caches.length > 0 ? [verticalRules(caches.map((c) => ({ x: c.bytes, label: c.name })))] : []),
  ];
  const values = samples.map((s) => ({ bytes: s.bytes, value: s.value }));
  return {
    id: 'cache-probe',
    title,
    spec: baseSpec(title, values, layer),
    notes: noteIfEmpty([], values.length, title),
  };
}

/** (f) Summary: median time of every variant at one N as bars (fastest on top), labelled, with the 95% CI as error bars. */
export function variantsAtNChart(results: ResultsFile, n: number): ChartDefinition {
  const { ok, notes } = selectPoints(results.points, (p: Point) => p.params.n === n);
  // Sorted here, fastest first, and drawn in data order (sort: null) so both layers share one y domain.
  const label = seriesLabeller(ok);
  const values = ok
    .map((p) => ({
      series: label(p.params),
      medianMs: p.stats.medianMs,
      ciLowMs: p.stats.ciLowMs,
      ciHighMs: p.stats.ciHighMs,
    }))
    .sort((a, b) => a.medianMs - b.medianMs);
  const y = { field: 'series', type: 'nominal', title: null, sort: null };
  const layer = [
    {
      mark: { type: 'bar' },
      encoding: {
        y,
        x: { field: 'medianMs', type: 'quantitative', title: 'median time (ms)' },
        color: { ...seriesColor, legend: null },
      },
    },
    {
      mark: { type: 'rule' },
      encoding: { y, x: { field: 'ciLowMs', type: 'quantitative' }, x2: { field: 'ciHighMs' } },
    },
    {
      mark: { type: 'text', align: 'left', dx: 4 },
      encoding: {
        y,
        x: { field: 'ciHighMs', type: 'quantitative' },
        text: { field: 'medianMs', type: 'quantitative', format: '.3~g' },
      },
    },
  ];
  const title = `Every variant at N=${formatN(n)}`;
  return {
    id: `variants-at-${formatN(n)}`,
    title,
    spec: baseSpec(title, values, layer, { height: { step: 28 } }),
    notes: noteIfEmpty(notes, ok.length, title),
  };
}
