// The front page's result tables as finished values: the headline (every variant at each N) and the article comparison.
import type { Variant } from '../kernels/types.js';
import {
  ARTICLE_LANGUAGES_1E9_MS,
  ARTICLE_SOURCE,
  ARTICLE_SUMMARY,
  type PublishedTime,
} from '../reference/article-figures.js';
import type { Point, ResultsFile } from '../results/schema.js';
import { pointAt } from '../results/query.js';
import { formatN } from './charts/chart-data.js';
import { NOT_MEASURED } from './render/table-html.js';

/** One cell of the headline table: a measured median (possibly the fastest of its column) or why there is none. */
export type HeadlineCell =
  { measured: true; text: string; medianMs: number; fastest: boolean } | { measured: false; text: string };

export interface HeadlineTable {
  caption: string;
  columns: { n: number; label: string }[];
  rows: { variant: string; mirrors: string | null; description: string; cells: HeadlineCell[] }[];
  note: string;
}

export interface TextTable {
  title: string;
  columns: { key: string; label: string }[];
  rows: Record<string, string>[];
  note: string;
}

const SIGNIFICANT_DIGITS = 3;
const MS_PER_SECOND = 1000;

/** 0.012345 → "0.0123 ms", 68280.4 → "68,300 ms": three significant digits, never exponent notation. */
export function formatMs(ms: number): string {
  return `${Number(ms.toPrecision(SIGNIFICANT_DIGITS)).toLocaleString('en-US', { maximumSignificantDigits: SIGNIFICANT_DIGITS })} ms`;
}

/** "not measured — <reason>": the text of every cell without a number. */
export function notMeasured(reason: string): string {
  return `${NOT_MEASURED} — ${reason}`;
}

/** The text of a point that was not measured, or undefined for a measured one. */
function pointReason(point: Point): string | undefined {
  if (point.status === 'skipped') return notMeasured(`skipped: ${point.reason}`);
  if (point.status === 'failed') return notMeasured(`failed: ${point.error}`);
  return undefined;
}

/** The N values of an `n` sweep's grid (its parameters, else its points), ascending. */
function sweepNs(file: ResultsFile): number[] {
  const grid = file.parameters.nGrid;
  const ns =
    Array.isArray(grid) && grid.every((n) => typeof n === 'number')
      ? (grid as number[])
      : file.points.map((p) => p.params.n);
  return [...new Set(ns)].sort((a, b) => a - b);
}

/**
 * The analog of the article's "Summary of Results": a row per variant (registry order, then any other
 * stored variant), a column per N of the `n` sweep; the fastest measured median of each column is
 * marked. `file` undefined → no columns and a note saying why.
 */
export function buildHeadlineTable(
  file: ResultsFile | undefined,
  variants: readonly Variant[],
  missingReason: string,
): HeadlineTable {
  if (file === undefined)
    return {
      caption: 'Median time of one sum, by variant and N',
      columns: [],
      rows: [],
      note: notMeasured(missingReason),
    };
  const ns = sweepNs(file);
  const known = new Set(variants.map((v) => v.name));
  const extra = [...new Set(file.points.map((p) => p.params.variant))].filter((name) => !known.has(name));
  const rowsIn = [
    ...variants.map((v) => ({ variant: v.name, mirrors: v.mirrors, description: v.description })),
    ...extra.map((name) => ({ variant: name, mirrors: null, description: 'not in this version of basel-lab' })),
  ];
  const fastest = new Map<number, number>();
  for (const n of ns) {
    const medians = file.points.flatMap((p) => (p.status === 'ok' && p.params.n === n ? [p.stats.medianMs] : []));
    if (medians.length > 0) fastest.set(n, Math.min(...medians));
  }
  const rows = rowsIn.map((row) => ({
    ...row,
    cells: ns.map((n): HeadlineCell => {
      const point = pointAt(file, row.variant, n);
      if (point === undefined) return { measured: false, text: notMeasured(`not in the stored ${file.kind} sweep`) };
      if (point.status !== 'ok') return { measured: false, text: pointReason(point)! };
      return {
        measured: true,
        text: formatMs(point.stats.medianMs),
        medianMs: point.stats.medianMs,
        fastest: point.stats.medianMs === fastest.get(n),
      };
    }),
  }));
  return {
    caption: 'Median time of one sum, by variant and N',
    columns: ns.map((n) => ({ n, label: `N = ${formatN(n)}` })),
    rows,
    note: `Measured on ${file.machineId} by the n sweep at profile ${file.profile}, ${file.startedAt} to ${file.updatedAt}, Node ${file.node} (V8 ${file.v8}); each cell is the median of at least ${file.harness.minSamples} samples. ★ marks the fastest variant of each column.`,
  };
}

const ARTICLE_NS = ['1e8', '1e9', '1e10'] as const;

function publishedText(time: PublishedTime): string {
  if (time.seconds === null) return `no figure published — ${time.missing ?? 'not given'}`;
  return `${formatMs(time.seconds * MS_PER_SECOND)}${time.estimated === true ? ' (estimated there)' : ''}`;
}

function measuredText(file: ResultsFile | undefined, variant: string, n: number, missingReason: string): string {
  if (file === undefined) return notMeasured(missingReason);
  const point = pointAt(file, variant, n);
  if (point === undefined) return notMeasured(`N=${formatN(n)} is not in the ${file.profile} n sweep`);
  return pointReason(point) ?? formatMs((point as { stats: { medianMs: number } }).stats.medianMs);
}

/**
 * Our variants next to the article's function they mirror (registry `mirrors` joined with
 * ARTICLE_SUMMARY) at N = 1e8, 1e9, 1e10: measured here vs published there.
 */
export function buildArticleComparison(
  file: ResultsFile | undefined,
  variants: readonly Variant[],
  missingReason: string,
): TextTable {
  const columns = [
    { key: 'variant', label: 'variant (here)' },
    { key: 'mirrors', label: 'article function' },
  ];
  for (const n of ARTICLE_NS)
    columns.push(
      { key: `here-${n}`, label: `N=${n} measured here` },
      { key: `article-${n}`, label: `N=${n} published in the article` },
    );
  const rows: Record<string, string>[] = [];
  for (const variant of variants) {
    const published = ARTICLE_SUMMARY.find((row) => row.articleFunction === variant.mirrors);
    if (published === undefined) continue;
    const row: Record<string, string> = { variant: variant.name, mirrors: published.articleFunction };
    for (const n of ARTICLE_NS) {
      row[`here-${n}`] = measuredText(file, variant.name, Number(n), missingReason);
      row[`article-${n}`] = publishedText(published.times[n]);
    }
    rows.push(row);
  }
  const where =
    file === undefined
      ? 'nothing measured here'
      : `"measured here" columns: ${file.machineId}, n sweep at profile ${file.profile}, ${file.updatedAt}, Node ${file.node}`;
  return {
    title: 'Our variants and the article\u2019s functions they mirror',
    columns,
    rows,
    note: `${ARTICLE_SOURCE} ${where}.`,
  };
}

/** The article's languages at N = 1e9 (published) with our variants measured at 1e9 here, fastest first; a source column says which is which. */
export function buildLanguagesTable(file: ResultsFile | undefined, machineLabel: string): TextTable {
  const entries: { implementation: string; language: string; ms: number; source: string }[] =
    ARTICLE_LANGUAGES_1E9_MS.map((entry) => ({ ...entry, source: 'published in the article (Apple M1 Pro)' }));
  let missing = '';
  const measured = file?.points.filter((p) => p.params.n === 1e9 && p.status === 'ok') ?? [];
  for (const point of measured) {
    if (point.status === 'ok')
      entries.push({
        implementation: point.params.variant,
        language: 'TypeScript (Node)',
        ms: point.stats.medianMs,
        source: `measured here (${machineLabel}, ${file!.updatedAt})`,
      });
  }
  if (measured.length === 0)
    missing = ` Our variants: ${notMeasured(file === undefined ? 'no n sweep stored' : `N=1e9 not measured in the ${file.profile} n sweep`)}.`;
  entries.sort((a, b) => a.ms - b.ms);
  return {
    title: 'Time at N = 1e9 across implementations',
    columns: [
      { key: 'implementation', label: 'implementation' },
      { key: 'language', label: 'language' },
      { key: 'time', label: 'time' },
      { key: 'source', label: 'source' },
    ],
    rows: entries.map((e) => ({
      implementation: e.implementation,
      language: e.language,
      time: formatMs(e.ms),
      source: e.source,
    })),
    note: `${ARTICLE_SOURCE}${missing}`,
  };
}
