// Tables of sweep results, for the chapters and the report's front page alike: pure functions of a ResultsFile.
import { getVariant, VARIANTS } from '../../kernels/registry.js';
import type { Variant } from '../../kernels/types.js';
import { CROSSOVER_BASELINE, findCrossovers } from '../../measure/crossover.js';
import { PROFILE_SETTINGS } from '../../measure/profiles.js';
import { ARTICLE_FINDINGS, ARTICLE_SOURCE } from '../../reference/article-figures.js';
import { pointAt } from '../../results/query.js';
import type { Profile, ResultsFile } from '../../results/schema.js';
import { formatApproxN, formatMs, formatN, nsPerTerm } from '../../util/format.js';
import { missing, type Cell, type Missing, type Table } from '../table/model.js';
import { cellFor, missingFor, nsOf, variantsOf, withReasonsNote } from './cells.js';
import { summaryCell, withEstimateNote } from './estimate.js';
import { spreadMarker } from './spread.js';

/** The N of the closing summary; 1e10 only where the sweep's grid reaches it. */
export const SUMMARY_NS: readonly number[] = [1e8, 1e9, 1e10];
const MS_PER_SECOND = 1000;

/**
 * Median time of each of `variants` at every N of the file (ms, or ns per term with `perTerm`), one
 * row per N; with exactly two variants a last column gives the first's time over the second's.
 */
export function timesByNTable(
  results: ResultsFile,
  variants: readonly string[],
  options: { perTerm?: boolean; title?: string } = {},
): Table {
  const perTerm = options.perTerm === true;
  const [first, second] = variants;
  const ratio = variants.length === 2 && first !== undefined && second !== undefined;
  const rows = nsOf(results, variants).map((n) => {
    const row: Record<string, Cell> = { n: { value: n, unit: 'N' } };
    for (const variant of variants) {
      row[variant] = cellFor(pointAt(results, variant, n), (p) =>
        perTerm ? nsPerTerm(p.stats.medianMs, n) : p.stats.medianMs,
      );
    }
    if (ratio) {
      const a = pointAt(results, first, n);
      const b = pointAt(results, second, n);
      row.ratio = a?.status === 'ok' && b?.status === 'ok' ? a.stats.medianMs / b.stats.medianMs : null;
    }
    return row;
  });
  return withReasonsNote(
    {
      title: options.title ?? `Median time ${perTerm ? 'per term ' : ''}over N (${results.profile} profile)`,
      columns: [
        { key: 'n', label: 'N' },
        ...variants.map((variant) => ({
          key: variant,
          label: variant,
          unit: perTerm ? ('ns/term' as const) : ('ms' as const),
        })),
        ...(ratio ? [{ key: 'ratio', label: `${first} / ${second}`, unit: '×' as const }] : []),
      ],
      rows,
    },
    results.profile,
  );
}

/** The registry's entry for `name`, or undefined for a user's variant (stored results may hold one). */
function registered(name: string): Variant | undefined {
  return VARIANTS.find((variant) => variant.name === name);
}

/**
 * The analog of the study's summary: a row per variant (registry order, then any other stored
 * variant), a column per N of the file's grid, the fastest median of each column marked.
 */
export function headlineTable(results: ResultsFile): Table {
  const ns = gridNs(results);
  const known = new Set(VARIANTS.map((v) => v.name));
  const names = [
    ...VARIANTS.map((v) => v.name).filter((name) => results.points.some((p) => p.params.variant === name)),
    ...variantsOf(results).filter((name) => !known.has(name)),
  ];
  const fastest = new Map<number, number>();
  for (const n of ns) {
    const medians = results.points.flatMap((p) => (p.status === 'ok' && p.params.n === n ? [p.stats.medianMs] : []));
    if (medians.length > 0) fastest.set(n, Math.min(...medians));
  }
  const rows = names.map((variant) => {
    const row: Record<string, Cell> = {
      variant,
      mirrors: known.has(variant) ? (getVariant(variant).mirrors ?? '—') : 'not in this version of basel-lab',
    };
    for (const n of ns) {
      const point = pointAt(results, variant, n);
      row[`n${n}`] =
        point?.status === 'skipped' && point.skip.kind === 'budget'
          ? summaryCell(results, variant, n, 1)
          : cellFor(
              point,
              (p) => ({
                value: p.stats.medianMs,
                marker: spreadMarker(p.stats),
                fastest: p.stats.medianMs === fastest.get(n),
              }),
              {
                kind: 'absent',
                what: `not in the stored ${results.kind} sweep`,
              },
            );
    }
    return row;
  });
  return withEstimateNote(
    withReasonsNote(
      {
        title: 'Median time of one sum, by variant and N',
        columns: [
          { key: 'variant', label: 'variant' },
          { key: 'mirrors', label: 'mirrors (article)' },
          ...ns.map((n) => ({ key: `n${n}`, label: `N = ${formatN(n)}`, unit: 'ms' as const })),
        ],
        rows,
        note:
          `Measured on ${results.machineId} by the ${results.kind} sweep at profile ${results.profile}, ` +
          `${results.startedAt} to ${results.updatedAt}, Node ${results.node} (V8 ${results.v8}); each cell is the median ` +
          `of at least ${results.harness.minSamples} samples, ± half the 95% confidence interval of that median. ★ marks the fastest variant of each column.`,
      },
      results.profile,
    ),
  );
}

/** The N values of the file's grid (its parameters, else its points), ascending. */
export function gridNs(results: ResultsFile): number[] {
  const grid = results.parameters.nGrid;
  const ns = Array.isArray(grid) && grid.every((n) => typeof n === 'number') ? (grid as number[]) : nsOf(results);
  return [...new Set(ns)].sort((a, b) => a - b);
}

/** The largest N at which every variant of the file measured its steps (or the largest with any), or undefined. */
export function largestStepsN(
  results: ResultsFile,
  variants: readonly string[] = variantsOf(results),
): number | undefined {
  const withSteps = (n: number, variant: string) => {
    const point = pointAt(results, variant, n);
    return point?.status === 'ok' && point.steps !== undefined;
  };
  const ns = nsOf(results).reverse();
  return (
    ns.find((n) => variants.every((v) => withSteps(n, v))) ?? ns.find((n) => variants.some((v) => withSteps(n, v)))
  );
}

/**
 * Per-step median times (ms) at `n` (default: largestStepsN), one column per variant, steps in the
 * order the variants list them, a step a variant does not perform as 0 ms, and the total of the steps.
 */
export function stepsTable(results: ResultsFile, n?: number, variants: readonly string[] = variantsOf(results)): Table {
  const at = n ?? largestStepsN(results, variants);
  const steps: string[] = [];
  for (const variant of variants)
    for (const step of registered(variant)?.steps ?? []) if (!steps.includes(step)) steps.push(step);
  const points = variants.map((variant) => (at === undefined ? undefined : pointAt(results, variant, at)));
  const cell = (i: number, ms: (steps: Record<string, number>) => number): Cell => {
    const point = points[i];
    if (point?.status !== 'ok') return missingFor(point);
    return point.steps === undefined
      ? missing({ kind: 'absent', what: 'no per-step times recorded' })
      : ms(point.steps);
  };
  const row = (label: string, ms: (steps: Record<string, number>) => number): Record<string, Cell> =>
    Object.fromEntries([['step', label], ...variants.map((variant, i) => [variant, cell(i, ms)])]);
  return withReasonsNote(
    {
      title: `Time per step at N=${at === undefined ? '?' : formatN(at)} (${results.profile} profile)`,
      columns: [
        { key: 'step', label: 'step' },
        ...variants.map((variant) => ({ key: variant, label: variant, unit: 'ms' as const })),
      ],
      rows: [
        ...steps.map((step) => row(step, (s) => s[step] ?? 0)),
        row('total of the steps', (s) => Object.values(s).reduce((a, b) => a + b, 0)),
      ],
      note: 'Medians over the samples of each step; a step the variant does not perform shows 0.',
    },
    results.profile,
  );
}

/** A chunked variant's steps at `n` (default: the largest measured): total ms, µs per chunk and ns per term of each step. */
export function chunkStepsTable(results: ResultsFile, n?: number, variant = CROSSOVER_BASELINE): Table {
  const at = n ?? largestStepsN(results, [variant]);
  const point = at === undefined ? undefined : pointAt(results, variant, at);
  const title = `${variant}: each step per chunk at N=${at === undefined ? '?' : formatN(at)}`;
  const columns = [
    { key: 'step', label: 'step' },
    { key: 'ms', label: 'total', unit: 'ms' as const },
    { key: 'perChunk', label: 'per chunk', unit: 'µs' as const },
    { key: 'perTerm', label: 'per term', unit: 'ns' as const },
  ];
  if (point?.status !== 'ok' || point.steps === undefined || point.params.chunk === undefined) {
    const why = point === undefined ? 'no point in this sweep' : 'no per-step times recorded';
    return { title, columns, rows: [{ step: missingFor(point, { kind: 'absent', what: why }) }] };
  }
  const chunks = Math.ceil(point.params.n / point.params.chunk);
  const rows = Object.entries(point.steps).map(([step, ms]) => ({
    step,
    ms,
    perChunk: (ms * 1000) / chunks,
    perTerm: nsPerTerm(ms, point.params.n),
  }));
  return { title, columns, rows, note: `${chunks} chunks of ${point.params.chunk} terms; medians over the samples.` };
}

/** The N of the accuracy table: the three largest N at which at least half the variants were measured (else the three largest). */
function accuracyNs(results: ResultsFile): number[] {
  const variants = variantsOf(results).length;
  const measured = (n: number) => results.points.filter((p) => p.status === 'ok' && p.params.n === n).length;
  const covered = nsOf(results).filter((n) => measured(n) * 2 >= variants);
  return (covered.length > 0 ? covered : nsOf(results)).slice(-3);
}

/** Absolute and relative error of every variant's sum against the exact partial sum, at `ns` (default: the three largest N most variants measured). */
export function accuracyTable(results: ResultsFile, ns: readonly number[] = accuracyNs(results)): Table {
  const rows = variantsOf(results).flatMap((variant) =>
    ns.map((n) => {
      const point = pointAt(results, variant, n);
      return {
        variant,
        n: { value: n, unit: 'N' as const },
        absError: cellFor(point, (p) => p.absError),
        relError: cellFor(point, (p) => p.absError / p.exact),
      };
    }),
  );
  return withReasonsNote(
    {
      title: `Accuracy against the exact partial sum (${results.profile} profile)`,
      columns: [
        { key: 'variant', label: 'variant' },
        { key: 'n', label: 'N' },
        { key: 'absError', label: '|sum − exact|', unit: 'relative' },
        { key: 'relError', label: 'relative error', unit: 'relative' },
      ],
      rows,
      note: 'exact: the partial sum from exactPartialSum, correctly rounded to a float64; 0 means the variant returned that very float64.',
    },
    results.profile,
  );
}

/** Whether the file's grid (or its points) reaches `n`. */
function gridHas(results: ResultsFile, n: number): boolean {
  const grid = results.parameters.nGrid;
  return (Array.isArray(grid) && grid.includes(n)) || results.points.some((point) => point.params.n === n);
}

/**
 * Every variant's median time in seconds at N = 1e8, 1e9 (and 1e10 where the grid reaches it), one row
 * per variant in sweep order; a point not measured says why.
 */
export function summaryTable(
  results: ResultsFile,
  ns: readonly number[] = SUMMARY_NS.filter((n) => n < 1e10 || gridHas(results, n)),
): Table {
  const rows = variantsOf(results).map((variant) => {
    const entry = registered(variant);
    const mirrors = entry === undefined ? 'your variant' : (entry.mirrors ?? '(beyond the article)');
    const row: Record<string, Cell> = { variant, mirrors };
    for (const n of ns) {
      const otherwise = gridHas(results, n) ? undefined : { kind: 'grid' as const, n, profile: results.profile };
      row[`n${n}`] = summaryCell(results, variant, n, 1 / MS_PER_SECOND, otherwise);
    }
    return row;
  });
  return withEstimateNote(
    withReasonsNote(
      {
        title: `Every variant at large N (${results.profile} profile)`,
        columns: [
          { key: 'variant', label: 'variant' },
          { key: 'mirrors', label: 'article function' },
          ...ns.map((n) => ({ key: `n${n}`, label: `N=${formatN(n)}`, unit: 's' as const })),
        ],
        rows,
        note: 'Median seconds per run on this machine.',
      },
      results.profile,
    ),
  );
}

/**
 * Each parallel series against the baseline in a workers sweep: where it becomes faster for good
 * (measured grid point and interpolated), and its time ratio at the largest N measured by both.
 */
export function crossoverTable(results: ResultsFile, baseline = CROSSOVER_BASELINE): Table {
  const crossovers = results.crossovers ?? findCrossovers(results, baseline);
  const withheld = withheldClaim(results.profile);
  const rows = crossovers.map((c) => {
    const last = c.ratios.at(-1);
    const row = {
      series: `${c.variant} W=${c.workers}`,
      crossoverN: c.crossoverN === null ? 'never in this sweep' : formatN(c.crossoverN),
      interpolatedN: c.interpolatedN === null ? 'none' : formatApproxN(c.interpolatedN),
      lastN: last === undefined ? null : { value: last.n, unit: 'N' as const },
      ratio: last === undefined ? null : last.ratio,
    };
    return withheld === undefined ? row : { ...row, crossoverN: withheld, interpolatedN: withheld, ratio: withheld };
  });
  return {
    title: `Where the workers overtake ${baseline} (${results.profile} profile)`,
    columns: [
      { key: 'series', label: 'series' },
      { key: 'crossoverN', label: 'faster from N' },
      { key: 'interpolatedN', label: 'crossing, interpolated' },
      { key: 'lastN', label: 'largest N' },
      { key: 'ratio', label: `time / ${baseline} at largest N`, unit: '×' },
    ],
    rows,
    note: `For comparison, the reference article's 10-process pool overtook its chunked version near N=${formatApproxN(ARTICLE_FINDINGS.multicoreCrossoverN)}. ${ARTICLE_SOURCE}`,
  };
}

/** A missing cell in place of a speed-up or crossover at a profile whose numbers mean nothing (smoke). */
function withheldClaim(profile: Profile): { missing: Missing } | undefined {
  return PROFILE_SETTINGS[profile].numbersMeanNothing === undefined
    ? undefined
    : missing({ kind: 'absent', what: `no claim at the ${profile} profile` });
}

/** Speed-up of each parallel series over the baseline at `n` (default: the largest N with a baseline time), and per worker. */
export function speedupTable(results: ResultsFile, n?: number, baseline = CROSSOVER_BASELINE): Table {
  const baseNs = results.points
    .filter((p) => p.status === 'ok' && p.params.variant === baseline)
    .map((p) => p.params.n);
  const at = n ?? (baseNs.length > 0 ? Math.max(...baseNs) : undefined);
  const base = at === undefined ? undefined : pointAt(results, baseline, at);
  const baseMs = base?.status === 'ok' ? base.stats.medianMs : undefined;
  const withheld = withheldClaim(results.profile);
  const rows = results.points
    .filter((p) => p.params.n === at && p.params.workers !== undefined)
    .map((p) => {
      const workers = p.params.workers ?? 1;
      return {
        series: p.params.variant,
        workers: { value: workers, unit: 'count' as const },
        ms: cellFor(p, (q) => q.stats.medianMs),
        speedup:
          withheld ??
          (baseMs === undefined
            ? missingFor(base, { kind: 'absent', what: `no ${baseline} time at this N` })
            : cellFor(p, (q) => baseMs / q.stats.medianMs)),
        perWorker: withheld ?? (baseMs === undefined ? null : cellFor(p, (q) => baseMs / q.stats.medianMs / workers)),
      };
    });
  return withReasonsNote(
    {
      title: `Speed-up over ${baseline} at N=${at === undefined ? '?' : formatN(at)} (${results.profile} profile)`,
      columns: [
        { key: 'series', label: 'variant' },
        { key: 'workers', label: 'workers W' },
        { key: 'ms', label: 'median', unit: 'ms' },
        { key: 'speedup', label: `speed-up over ${baseline}`, unit: '×' },
        { key: 'perWorker', label: 'speed-up per worker', unit: '×' },
      ],
      rows,
      note: `${baseline}: ${baseMs === undefined ? 'not measured' : formatMs(baseMs)}. Perfect scaling would give W× and 1× per worker.`,
    },
    results.profile,
  );
}

/** The largest N at which any point of the file was measured, or undefined when none was. */
export function largestMeasuredN(results: ResultsFile): number | undefined {
  const ns = results.points.filter((point) => point.status === 'ok').map((point) => point.params.n);
  return ns.length === 0 ? undefined : Math.max(...ns);
}
