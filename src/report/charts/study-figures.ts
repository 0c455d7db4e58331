// The study's figures reproduced from this machine's data, each with the study's published values drawn
// beside ours (labelled as the study's) and one sentence on what it shows here.
import { BASELINE } from '../../kernels/registry.js';
import type { MachineRecord } from '../../machine/record.js';
import { findCrossovers } from '../../measure/crossover.js';
import { PROFILE_SETTINGS } from '../../measure/profiles.js';
import { ARTICLE_FINDINGS, ARTICLE_STEPS_1E8_MS, ARTICLE_SUMMARY } from '../../reference/article-figures.js';
import type { MeasuredPoint, ResultsFile } from '../../results/schema.js';
import { formatApproxN, formatN, formatNumber, nsPerTerm } from '../../util/format.js';
import { STUDY_LABEL } from '../tables/peers.js';
import type { ChartDefinition } from './chart-data.js';
import { stepTimesChart, timeVsNChart, workersVsNChart } from './charts.js';
import { chunkSizeFigure } from './figures.js';

const MS_PER_SECOND = 1000;
const STUDY_N = { '1e8': 1e8, '1e9': 1e9, '1e10': 1e10 } as const;

/** A layer of the study's values as filled diamonds, on the chart's own x and y fields and colour scale. */
function studyLayer(values: object[], x: object, y: object, color: object): object {
  return {
    data: { values },
    mark: { type: 'point', shape: 'diamond', filled: true, size: 90 },
    encoding: { x, y, color, tooltip: [{ field: 'label', type: 'nominal' }] },
  };
}

/** `chart` with `layers` added on top and `caption` as its first note. */
function withStudy(chart: ChartDefinition, layers: object[], caption: string): ChartDefinition {
  const spec = { ...chart.spec, layer: [...(chart.spec.layer as object[]), ...layers] };
  return { ...chart, spec, notes: [caption, ...chart.notes] };
}

const logN = { field: 'n', type: 'quantitative', scale: { type: 'log' } };
const seriesColor = { field: 'series', type: 'nominal', title: null };
const medianMs = { field: 'medianMs', type: 'quantitative', scale: { type: 'log' } };

/** The study's published seconds of `fn` at 1e8, 1e9, 1e10 as chart rows in ms (its estimates left out). */
function studySeries(fn: string, series: string): { n: number; medianMs: number; series: string; label: string }[] {
  const row = ARTICLE_SUMMARY.find((r) => r.articleFunction === fn);
  if (row === undefined) return [];
  return Object.entries(row.times).flatMap(([key, time]) =>
    time.seconds === null || time.estimated === true
      ? []
      : [
          {
            n: STUDY_N[key as keyof typeof STUDY_N],
            medianMs: time.seconds * MS_PER_SECOND,
            series,
            label: `${series}: ${formatNumber(time.seconds)} s at N=${key}`,
          },
        ],
  );
}

const largest = (points: readonly MeasuredPoint[]): MeasuredPoint | undefined =>
  [...points].sort((a, b) => b.params.n - a.params.n)[0];

const okOf = (results: ResultsFile, variant: string): MeasuredPoint[] =>
  results.points.filter((p): p is MeasuredPoint => p.status === 'ok' && p.params.variant === variant);

/** Whether numbers of this profile may be compared at all (smoke's may not). */
const meaningful = (results: ResultsFile): boolean =>
  PROFILE_SETTINGS[results.profile].numbersMeanNothing === undefined;

/**
 * The study's stacked per-step chart for `variant` (arrays ↔ basel_np, broadcast ↔ basel_np_broadcast) from
 * the steps sweep's fresh-memory points, with the study's per-step stack at N = 1e8 as diamonds.
 */
export function studyStepsFigure(
  results: ResultsFile,
  variant: 'arrays' | 'broadcast',
  number: number,
): ChartDefinition {
  const fn = variant === 'arrays' ? 'basel_np' : 'basel_np_broadcast';
  const fresh = { ...results, points: results.points.filter((p) => p.params.memory !== 'reused') };
  const chart = stepTimesChart(fresh, variant);
  let top = 0;
  const study = ARTICLE_STEPS_1E8_MS[fn].flatMap(({ step, ms }) => {
    top += nsPerTerm(ms, 1e8);
    return ms === 0
      ? []
      : [
          {
            n: 1e8,
            nsPerTerm: top,
            step,
            label: `${STUDY_LABEL}: ${step} ${formatNumber(ms)} ms at N=1e8 (top of its band)`,
          },
        ];
  });
  const at = okOf(fresh, variant).find((p) => p.params.n === 1e8) ?? largest(okOf(fresh, variant));
  const total = at === undefined ? null : nsPerTerm(at.stats.medianMs, at.params.n);
  const studyTotal = nsPerTerm(
    ARTICLE_STEPS_1E8_MS[fn].reduce((sum, s) => sum + s.ms, 0),
    1e8,
  );
  const caption =
    total === null || at === undefined
      ? `Figure ${number}: ${variant} (the study's ${fn}): no measured points here; diamonds are the ${STUDY_LABEL} per-step stack at N=1e8.`
      : `Figure ${number}: ${variant} (the study's ${fn}) takes ${formatNumber(total)} ns per term here at N=${formatN(at.params.n)}, all steps stacked; the diamonds are the ${STUDY_LABEL} stack at N=1e8 (${formatNumber(studyTotal)} ns per term).`;
  const y = { field: 'nsPerTerm', type: 'quantitative' };
  const color = { field: 'step', type: 'nominal' };
  return withStudy(
    { ...chart, title: `Figure ${number}. ${chart.title}` },
    [studyLayer(study, logN, y, color)],
    caption,
  );
}

/** The study's chunked time vs N: the baseline from the n sweep, with the study's basel_chunks values. */
export function studyChunkedFigure(results: ResultsFile, number: number): ChartDefinition {
  const chart = timeVsNChart(results, {
    variants: [BASELINE.name],
    id: 'study-chunked-vs-n',
    title: `Figure ${number}. ${BASELINE.name} vs N`,
  });
  const study = studySeries('basel_chunks', `${STUDY_LABEL}: basel_chunks`);
  const last = largest(okOf(results, BASELINE.name));
  const studySeconds = ARTICLE_SUMMARY.find((r) => r.articleFunction === 'basel_chunks')?.times['1e9'].seconds ?? 0;
  const studyPerTerm = nsPerTerm(studySeconds * MS_PER_SECOND, 1e9);
  const caption =
    last === undefined
      ? `Figure ${number}: no ${BASELINE.name} points measured here; diamonds are the ${STUDY_LABEL} basel_chunks.`
      : `Figure ${number}: ${BASELINE.name} grows linearly with N here, ${formatNumber(nsPerTerm(last.stats.medianMs, last.params.n))} ns per term at N=${formatN(last.params.n)}; the ${STUDY_LABEL} basel_chunks (diamonds) is ${formatNumber(studyPerTerm)} ns per term at N=1e9.`;
  return withStudy(chart, [studyLayer(study, logN, medianMs, seriesColor)], caption);
}

/** Time per term vs chunk size against the caches, with a rule at the study's best chunk size. */
export function studyChunkSizeFigure(
  results: ResultsFile,
  machine: MachineRecord | null,
  number: number,
): ChartDefinition {
  const chart = chunkSizeFigure(results, machine);
  const rule = {
    data: { values: [{ x: ARTICLE_FINDINGS.bestChunkSize, label: `${STUDY_LABEL}: best chunk ≈ 51k` }] },
    layer: [
      {
        mark: { type: 'rule', strokeDash: [2, 2], strokeWidth: 2 },
        encoding: { x: { field: 'x', type: 'quantitative' }, tooltip: [{ field: 'label', type: 'nominal' }] },
      },
      {
        mark: { type: 'text', align: 'right', baseline: 'bottom', dx: -3, dy: -3 },
        encoding: {
          x: { field: 'x', type: 'quantitative' },
          y: { value: 360 },
          text: { field: 'label' },
        },
      },
    ],
  };
  const ok = results.points.filter((p): p is MeasuredPoint => p.status === 'ok' && p.params.chunk !== undefined);
  const best = [...ok].sort((a, b) => a.stats.medianMs - b.stats.medianMs)[0];
  const caption =
    best === undefined || !meaningful(results)
      ? `Figure ${number}: time per term against chunk size; the dotted rule is the study's best chunk (${STUDY_LABEL}, ${formatN(ARTICLE_FINDINGS.bestChunkSize)} terms, 3 arrays ≈ 1.2 MB).`
      : `Figure ${number}: the fastest chunk here is ${formatN(best.params.chunk!)} terms (${formatNumber(nsPerTerm(best.stats.medianMs, best.params.n))} ns per term); the dotted rule is the study's best (${STUDY_LABEL}), ${formatN(ARTICLE_FINDINGS.bestChunkSize)} terms — ${agreement(best.params.chunk! / ARTICLE_FINDINGS.bestChunkSize)}.`;
  return withStudy({ ...chart, title: `Figure ${number}. ${chart.title}` }, [rule], caption);
}

/** "close to the study's" within a factor of 4 of it, else which way it differs. */
function agreement(ratio: number): string {
  if (ratio >= 0.25 && ratio <= 4) return 'close to the study\u2019s';
  return ratio < 1 ? 'smaller than the study\u2019s (smaller caches per core?)' : 'larger than the study\u2019s';
}

/** Multicore vs chunked over N, with the study's basel_chunks and basel_multicore and its crossover. */
export function studyWorkersFigure(results: ResultsFile, number: number): ChartDefinition {
  const chart = workersVsNChart(results);
  const study = [
    ...studySeries('basel_chunks', `${STUDY_LABEL}: basel_chunks`),
    ...studySeries('basel_multicore', `${STUDY_LABEL}: basel_multicore (10 processes)`),
  ];
  const rule = {
    data: {
      values: [{ x: ARTICLE_FINDINGS.multicoreCrossoverN, label: `${STUDY_LABEL}: crossover N≈1.3e9` }],
    },
    mark: { type: 'rule', strokeDash: [2, 2], strokeWidth: 2 },
    encoding: { x: { field: 'x', type: 'quantitative' }, tooltip: [{ field: 'label', type: 'nominal' }] },
  };
  const crossovers = meaningful(results) ? findCrossovers(results) : [];
  const found = crossovers.find((c) => c.interpolatedN !== null);
  const studySays = `the study's 10-process pool (${STUDY_LABEL}) overtakes basel_chunks from N≈${formatApproxN(ARTICLE_FINDINGS.multicoreCrossoverN)}, after about ${ARTICLE_FINDINGS.multicoreOverheadSeconds} s of start-up (dotted rule, diamonds)`;
  const here = !meaningful(results)
    ? `no crossover is read from ${results.profile} numbers`
    : found === undefined
      ? 'no parallel series overtakes the baseline for good at the N measured here'
      : `W=${found.workers} overtakes ${found.baseline} from N≈${formatApproxN(found.interpolatedN!)} here`;
  return withStudy(
    { ...chart, title: `Figure ${number}. ${chart.title}` },
    [studyLayer(study, logN, medianMs, seriesColor), rule],
    `Figure ${number}: ${here}; ${studySays}.`,
  );
}
