// Tables of the user's own measurements: one bench point, and a comparison (what notebooks show after
// lab.bench / lab.compare, and what the report's "Your variants" section shows of saved explorations).
import type { BenchReport } from '../../measure/bench.js';
import type { CompareSettings, Exploration } from '../../results/explore.js';
import type { MeasuredPoint } from '../../results/schema.js';
import { describeWarning } from '../../results/warnings.js';
import { formatN } from '../../util/format.js';
import { missing, type Cell, type Table } from '../table/model.js';

/** "quick profile, in a fresh child process per variant, ≥ 3 warm-up runs, ≥ 10 samples and ≥ 200 ms per point". */
export function describeCompareSettings(settings: CompareSettings): string {
  const where =
    settings.isolation === 'none' ? 'in the notebook’s own process' : 'in a fresh child process per variant';
  return (
    `${settings.profile} profile, ${where}, ${settings.warmupRuns} warm-up runs, ` +
    `${settings.minSamples}–${settings.maxSamples} samples and ≥ ${settings.minTimeMs} ms per point` +
    (settings.gcBetweenSamples ? ', garbage collected before every sample' : '')
  );
}

/** One row: the point's variant, N, median, spread (IQR), sum and its error, calls per sample; the warnings as a note. */
export function benchTable(report: BenchReport): Table {
  const notes = report.warnings.map(describeWarning);
  return {
    title: `${report.variant} at N = ${formatN(report.n)}`,
    columns: [
      { key: 'variant', label: 'variant' },
      { key: 'n', label: 'N', unit: 'N' },
      { key: 'median', label: 'median', unit: 'ms' },
      { key: 'iqr', label: 'IQR', unit: 'ms' },
      { key: 'samples', label: 'samples', unit: 'count' },
      { key: 'batch', label: 'calls per sample', unit: 'count' },
      { key: 'absError', label: '|sum − S(N)|', unit: 'relative' },
    ],
    rows: [
      {
        variant: report.variant,
        n: report.n,
        median: report.medianMs,
        iqr: report.stats.iqrMs,
        samples: report.samplesMs.length,
        batch: report.batch,
        absError: report.absError,
      },
    ],
    note:
      `Measured ${report.isolation === 'none' ? 'in this process' : 'in a fresh child process'}, ${report.profile} profile.` +
      (notes.length === 0 ? '' : ` Warnings: ${notes.join('; ')}.`),
  };
}

/**
 * A row per variant and N (N ascending, variants in the order compared): the median, its spread (IQR),
 * and the ratio of its median to the first variant's at the same N (× > 1: slower than the first).
 * The note says how the points were measured and lists any that were not.
 */
export function explorationTable(
  exploration: Pick<Exploration, 'title' | 'variants' | 'points' | 'settings' | 'notes'>,
): Table {
  const first = exploration.variants[0]?.name;
  const ns = [...new Set(exploration.points.map((point) => point.params.n))].sort((a, b) => a - b);
  const at = (variant: string, n: number): MeasuredPoint | undefined =>
    exploration.points.find((point) => point.params.variant === variant && point.params.n === n);
  const rows = ns.flatMap((n) =>
    exploration.variants.map(({ name }) => {
      const point = at(name, n);
      const base = first === undefined ? undefined : at(first, n);
      const ratio: Cell =
        point === undefined || base === undefined || base.stats.medianMs === 0
          ? missing({ kind: 'absent', what: `no ${first} point at this N` })
          : point.stats.medianMs / base.stats.medianMs;
      return {
        variant: name,
        n,
        median:
          point === undefined ? missing({ kind: 'absent', what: 'not measured (see the note)' }) : point.stats.medianMs,
        iqr: point === undefined ? null : point.stats.iqrMs,
        ratio,
      } satisfies Record<string, Cell>;
    }),
  );
  const notes = exploration.notes.length === 0 ? '' : ` Not measured: ${exploration.notes.join('; ')}.`;
  return {
    title: exploration.title,
    columns: [
      { key: 'variant', label: 'variant' },
      { key: 'n', label: 'N', unit: 'N' },
      { key: 'median', label: 'median', unit: 'ms' },
      { key: 'iqr', label: 'IQR', unit: 'ms' },
      { key: 'ratio', label: `vs ${first ?? 'the first'}`, unit: '×' },
    ],
    rows,
    note: `Measured like for like: ${describeCompareSettings(exploration.settings)}; at each N the variants took turns in a rotating order.${notes}`,
  };
}
