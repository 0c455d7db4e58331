// The reference article's published figures as tables, each labelled as quoted, and beside our measurements.
import { VARIANTS } from '../../kernels/registry.js';
import {
  ARTICLE_LANGUAGES_1E9_MS,
  ARTICLE_SOURCE,
  ARTICLE_STEPS_1E8_MS,
  ARTICLE_SUMMARY,
  type PublishedTime,
} from '../../reference/article-figures.js';
import type { PeersFile } from '../../peers/schema.js';
import type { Profile, ResultsFile } from '../../results/schema.js';
import { missing, type Cell, type Missing, type Table } from '../table/model.js';
import { withReasonsNote } from './cells.js';
import { summaryCell, withEstimateNote } from './estimate.js';
import { peerStackUpRows, STUDY_LABEL } from './peers.js';
import { gridNs } from './results.js';

const SUMMARY_KEYS = ['1e8', '1e9', '1e10'] as const;
const MS_PER_SECOND = 1000;

/** A published time in `scale` units per second (1 for seconds, 1000 for ms), "(est.)" where the article estimated it. */
function publishedCell(time: PublishedTime, scale: number): Cell {
  if (time.seconds === null) return `none published: ${time.missing ?? 'not given'}`;
  return { value: time.seconds * scale, exact: true, ...(time.estimated === true ? { marker: 'est.' } : {}) };
}

/** The article's summary of results: its Python functions at N = 1e8, 1e9, 1e10, in seconds. */
export function articleSummaryTable(): Table {
  return {
    title: 'Published in the reference article: its Python functions on an M1 Pro',
    columns: [
      { key: 'fn', label: 'article function' },
      ...SUMMARY_KEYS.map((n) => ({ key: n, label: `N=${n}`, unit: 's' as const })),
    ],
    rows: ARTICLE_SUMMARY.map((row) => ({
      fn: row.articleFunction,
      ...Object.fromEntries(SUMMARY_KEYS.map((n) => [n, publishedCell(row.times[n], 1)])),
    })),
    note: ARTICLE_SOURCE,
  };
}

/** The article's per-step tables at N = 1e8 (ms) for basel_np and basel_np_broadcast, side by side. */
export function articleStepsTable(): Table {
  const np = ARTICLE_STEPS_1E8_MS.basel_np;
  const broadcast = ARTICLE_STEPS_1E8_MS.basel_np_broadcast;
  return {
    title: 'Published in the reference article: time per step at N=1e8',
    columns: [
      { key: 'step', label: 'step' },
      { key: 'np', label: 'basel_np', unit: 'ms' },
      { key: 'broadcast', label: 'basel_np_broadcast', unit: 'ms' },
    ],
    rows: np.map((s) => {
      const b = broadcast.find((candidate) => candidate.step === s.step);
      return {
        step: s.step,
        np: { value: s.ms, exact: true },
        broadcast: b === undefined ? null : { value: b.ms, exact: true },
      };
    }),
    note: ARTICLE_SOURCE,
  };
}

/**
 * Our variants next to the article's function they mirror (the registry's `mirrors`) at N = 1e8, 1e9,
 * 1e10: measured here (from `results`, an n sweep) beside published there, both in ms.
 */
export function articleComparisonTable(results: ResultsFile | undefined, absent: Missing): Table {
  const columns: Table['columns'] = [
    { key: 'variant', label: 'variant (here)' },
    { key: 'mirrors', label: 'article function' },
  ];
  for (const n of SUMMARY_KEYS) {
    columns.push(
      { key: `here-${n}`, label: `N=${n} measured here`, unit: 'ms' },
      { key: `article-${n}`, label: `N=${n} published in the article`, unit: 'ms' },
    );
  }
  const rows = VARIANTS.flatMap((variant) => {
    const published = ARTICLE_SUMMARY.find((row) => row.articleFunction === variant.mirrors);
    if (published === undefined) return [];
    const row: Record<string, Cell> = { variant: variant.name, mirrors: published.articleFunction };
    for (const n of SUMMARY_KEYS) {
      row[`here-${n}`] =
        results === undefined
          ? missing(absent)
          : summaryCell(results, variant.name, Number(n), 1, whyAbsent(results, Number(n)));
      row[`article-${n}`] = publishedCell(published.times[n], MS_PER_SECOND);
    }
    return [row];
  });
  const where =
    results === undefined
      ? 'nothing measured here'
      : `"measured here" columns: ${results.machineId}, n sweep at profile ${results.profile}, ${results.updatedAt}, Node ${results.node}`;
  const table = {
    title: 'Our variants and the article\u2019s functions they mirror',
    columns,
    rows,
    note: `${ARTICLE_SOURCE} ${where}.`,
  };
  return results === undefined ? table : withEstimateNote(withReasonsNote(table, results.profile));
}

/** Why `results` has no point at `n`: N is not in its grid, or the point is not stored. */
function whyAbsent(results: ResultsFile, n: number): Missing {
  return gridNs(results).includes(n)
    ? { kind: 'absent', what: `not in the stored ${results.kind} sweep` }
    : { kind: 'grid', n, profile: results.profile };
}

/**
 * "How does it stack up": the study's implementations at N = 1e9 (quoted, labelled STUDY_LABEL), the
 * study's own C loop and numpy functions measured here (`peers`), and our variants measured here at 1e9;
 * measured or quoted values fastest first, then the rows without a value, each saying why.
 */
export function languagesTable(
  results: ResultsFile | undefined,
  machineLabel: string,
  peers: PeersFile | null = null,
  profile: Profile = results?.profile ?? 'quick',
): Table {
  const entries: { implementation: string; language: string; time: Cell; source: string }[] =
    ARTICLE_LANGUAGES_1E9_MS.map((entry) => ({
      implementation: entry.implementation,
      language: entry.language,
      time: { value: entry.ms, exact: true },
      source: STUDY_LABEL,
    }));
  entries.push(...peerStackUpRows(peers, profile, machineLabel));
  const measured = results?.points.filter((p) => p.params.n === 1e9 && p.status === 'ok') ?? [];
  for (const point of measured) {
    if (point.status !== 'ok') continue;
    entries.push({
      implementation: point.params.variant,
      language: 'TypeScript (Node)',
      time: { value: point.stats.medianMs },
      source: `measured here (${machineLabel}, ${results!.updatedAt})`,
    });
  }
  const missingVariants =
    measured.length > 0
      ? ''
      : ` Our variants: not measured: ${results === undefined ? 'no n sweep stored' : `N=1e9 not measured in the ${results.profile} n sweep`}.`;
  const valueOf = (cell: Cell): number =>
    typeof cell === 'object' && cell !== null && 'value' in cell ? cell.value : Number.POSITIVE_INFINITY;
  entries.sort((a, b) => valueOf(a.time) - valueOf(b.time));
  return {
    title: 'How does it stack up: time at N = 1e9 across implementations',
    columns: [
      { key: 'implementation', label: 'implementation' },
      { key: 'language', label: 'language' },
      { key: 'time', label: 'time', unit: 'ms' },
      { key: 'source', label: 'source' },
    ],
    rows: entries,
    note: `"${STUDY_LABEL}": ${ARTICLE_SOURCE} "measured here": on ${machineLabel}, the study's C loop compiled with gcc and its numpy functions run by Python (see the table of the study's programs).${missingVariants}`,
  };
}
