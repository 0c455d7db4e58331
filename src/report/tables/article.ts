// The reference article's published figures as tables, each labelled as quoted (never measured here).
import { ARTICLE_SOURCE, ARTICLE_STEPS_1E8_MS, ARTICLE_SUMMARY } from '../../reference/article-figures.js';
import type { Table, TableCell } from '../../chapters/display.js';

const SUMMARY_KEYS = ['1e8', '1e9', '1e10'] as const;

/** The article's summary of results: its Python functions at N = 1e8, 1e9, 1e10, in seconds. */
export function articleSummaryTable(): Table {
  return {
    title: 'Published in the reference article: its Python functions on an M1 Pro',
    columns: [
      { key: 'fn', label: 'article function' },
      ...SUMMARY_KEYS.map((n) => ({ key: n, label: `N=${n}`, unit: 's' })),
    ],
    rows: ARTICLE_SUMMARY.map((row) => {
      const cells: Record<string, TableCell> = { fn: row.articleFunction };
      for (const n of SUMMARY_KEYS) {
        const t = row.times[n];
        cells[n] =
          t.seconds === null
            ? `none: ${t.missing ?? 'not given'}`
            : t.estimated === true
              ? `${t.seconds} (est.)`
              : t.seconds;
      }
      return cells;
    }),
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
    rows: np.map((s) => ({ step: s.step, np: s.ms, broadcast: broadcast.find((b) => b.step === s.step)?.ms ?? null })),
    note: ARTICLE_SOURCE,
  };
}
