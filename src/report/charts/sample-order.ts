// The sample-order chart: every sample of one point in the order it was taken, outliers marked, so
// warm-up drift, JIT tier-up and interference from other processes show as a shape over time.
import { outlierFences, classifyOutlier, median } from '../../measure/stats.js';
import { coefficientOfVariation } from '../../measure/validity.js';
import type { MeasuredPoint, ResultsFile } from '../../results/schema.js';
import { ArgumentError } from '../../util/errors.js';
import { VEGA_LITE_SCHEMA, pointName, type ChartDefinition } from './chart-data.js';

const WIDTH_PX = 780;
const HEIGHT_PX = 260;
/** The outlier classes in legend order, with their colours. */
const CLASSES = ['none', 'mild', 'severe'] as const;
const CLASS_COLOURS = ['#4c78a8', '#f58518', '#e45756'];

/** The points of a file worth a sample-order chart, noisiest first (coefficient of variation), with ≥ 3 samples. */
export function noisiestPoints(file: ResultsFile, count = 1): MeasuredPoint[] {
  return file.points
    .filter((point): point is MeasuredPoint => point.status === 'ok' && point.samplesMs.length >= 3)
    .map((point) => ({ point, cv: coefficientOfVariation(point.samplesMs) }))
    .sort((a, b) => b.cv - a.cv)
    .slice(0, count)
    .map(({ point }) => point);
}

/** "2 of 50 samples are mild outliers (beyond 1.5·IQR from the quartiles), 1 severe (beyond 3·IQR)". */
function outlierNote(classes: readonly string[]): string {
  const mild = classes.filter((kind) => kind === 'mild').length;
  const severe = classes.filter((kind) => kind === 'severe').length;
  return `${mild} of ${classes.length} samples are mild outliers (beyond 1.5·IQR from the quartiles), ${severe} severe (beyond 3·IQR)`;
}

/**
 * Every sample of the point `key` of `file` against its index (milliseconds per call), each marked
 * as inside Tukey's fences, a mild outlier (beyond 1.5·IQR) or a severe one (beyond 3·IQR), with the
 * median as a rule. Throws ArgumentError when the file has no measured point `key`.
 */
export function sampleOrderChart(file: ResultsFile, key: string): ChartDefinition {
  const point = file.points.find((candidate) => candidate.key === key);
  if (point === undefined || point.status !== 'ok') {
    const measured = file.points.filter((candidate) => candidate.status === 'ok').map((candidate) => candidate.key);
    throw new ArgumentError(
      `no measured point "${key}" in the ${file.kind}-${file.profile} results; measured: ${measured.join(', ') || 'none'}`,
    );
  }
  const fences = outlierFences(point.samplesMs);
  const values = point.samplesMs.map((ms, index) => ({
    sample: index + 1,
    ms,
    outlier: classifyOutlier(ms, fences),
  }));
  const batch = point.batch ?? 1;
  const title = `Samples in the order taken: ${pointName(point.params)} (${file.kind} sweep${batch > 1 ? `, ${batch} calls per sample` : ''})`;
  const x = { field: 'sample', type: 'quantitative', title: 'sample (in the order taken)', axis: { tickMinStep: 1 } };
  const y = { field: 'ms', type: 'quantitative', title: 'ms per call', scale: { zero: false } };
  return {
    id: `sample-order-${file.kind}-${key.replace(/[^A-Za-z0-9]+/g, '-')}`,
    title,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title,
      width: WIDTH_PX,
      height: HEIGHT_PX,
      data: { values },
      layer: [
        { mark: { type: 'line', color: '#bbbbbb' }, encoding: { x, y } },
        {
          mark: { type: 'point', filled: true, size: 40 },
          encoding: {
            x,
            y,
            color: {
              field: 'outlier',
              type: 'nominal',
              title: 'Tukey outlier',
              scale: { domain: [...CLASSES], range: CLASS_COLOURS },
            },
            tooltip: [
              { field: 'sample', type: 'quantitative' },
              { field: 'ms', type: 'quantitative', format: '.4g' },
              { field: 'outlier', type: 'nominal' },
            ],
          },
        },
        {
          data: { values: [{ median: median(point.samplesMs) }] },
          mark: { type: 'rule', strokeDash: [4, 4] },
          encoding: { y: { field: 'median', type: 'quantitative' } },
        },
      ],
    },
    notes: [outlierNote(values.map((value) => value.outlier))],
  };
}
