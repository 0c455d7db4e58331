// How far to trust each results file: where it was measured, the machine's state around the run, its
// validity warnings and outlier counts, as finished lines for the report's data section.
import type { MeasuredPoint, ResultsFile } from '../results/schema.js';
import { describeWarning } from '../results/warnings.js';
import { formatNumber } from '../util/format.js';
import { classifyOutliers } from '../measure/stats.js';
import type { ChartDefinition } from './charts/chart-data.js';
import { noisiestPoints, sampleOrderChart } from './charts/sample-order.js';

export interface ValidityView {
  /** "n sweep (quick)". */
  title: string;
  /** Where and under which conditions it was measured, one line each. */
  conditions: string[];
  /** Every validity warning, as a sentence; null for a file from before they were recorded. */
  warnings: string[] | null;
}

const ISOLATION_WORDS = {
  series: 'a fresh child process per series',
  point: 'a fresh child process per point',
  none: 'the sweep’s own process',
} as const;

/** The conditions, warnings and outlier counts of one results file. Pure. */
export function validityView(file: ResultsFile): ValidityView {
  const processes = file.harness.processes ?? 1;
  const spread = processes > 1 ? `, each point's samples spread over ${processes} of them` : '';
  const conditions = [`measured in ${ISOLATION_WORDS[file.harness.isolation ?? 'none']}${spread}`];
  if (file.harness.clockResolutionNs !== undefined)
    conditions.push(`clock resolution ${formatNumber(file.harness.clockResolutionNs)} ns`);
  const system = file.system;
  if (system === undefined) conditions.push('machine state not recorded (a file from before validity warnings)');
  else {
    const load = (at: 'before' | 'after') =>
      system[at] === null ? 'not recorded' : system[at]!.loadAverage.map((value) => value.toFixed(2)).join(' / ');
    conditions.push(`load average (1 / 5 / 15 min) before ${load('before')}, after ${load('after')}`);
    conditions.push(
      system.frequency.governors.length === 0
        ? 'CPU frequency governor not exposed by the OS'
        : `CPU frequency governor ${system.frequency.governors.join(', ')}`,
    );
    if (system.frequency.boost !== null) conditions.push(`turbo boost ${system.frequency.boost ? 'on' : 'off'}`);
  }
  // Classified from the stored samples, so files from before the counts were stored get them too.
  const counts = file.points
    .filter((point): point is MeasuredPoint => point.status === 'ok')
    .map((point) => classifyOutliers(point.samplesMs));
  const total = (kind: 'mild' | 'severe') => counts.reduce((sum, count) => sum + count[kind], 0);
  const points = (kind: 'mild' | 'severe') => counts.filter((count) => count[kind] > 0).length;
  conditions.push(
    `outliers (Tukey's fences): ${total('mild')} mild samples in ${points('mild')} of ${counts.length} points, ${total('severe')} severe in ${points('severe')}`,
  );
  return {
    title: `${file.kind} sweep (${file.profile})`,
    conditions,
    warnings: file.warnings === undefined ? null : file.warnings.map(describeWarning),
  };
}

/** The sample-order chart of each file's noisiest point, to see drift and tier-up (none for files without ≥ 3 samples). */
export function sampleOrderCharts(files: readonly ResultsFile[]): ChartDefinition[] {
  return files.flatMap((file) => noisiestPoints(file).map((point) => sampleOrderChart(file, point.key)));
}
