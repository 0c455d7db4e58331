// Figures as published in the reference article (Python, C, Rust on an Apple M1 Pro) — quoted, never measured here.

/** Where these numbers come from; every table that shows them carries this label. */
export const ARTICLE_SOURCE =
  'As published in the reference article "Not-so-casual Performance Optimization in Python" (2023), measured there on an Apple M1 Pro — not measured by basel-lab.';

/** A published time, or why there is none. `estimated` marks the article's own "(est.)" values. */
export interface PublishedTime {
  seconds: number | null;
  estimated?: boolean;
  /** Why there is no number, in the article's words, when `seconds` is null. */
  missing?: string;
}

/** The article's "Summary of Results": its Python functions at N = 1e8, 1e9, 1e10. */
export interface ArticleSummaryRow {
  /** The article's function name; our registry's `mirrors` field points here. */
  articleFunction: string;
  times: Record<'1e8' | '1e9' | '1e10', PublishedTime>;
}

const OUT_OF_MEMORY: PublishedTime = { seconds: null, missing: 'ran out of memory' };

export const ARTICLE_SUMMARY: readonly ArticleSummaryRow[] = [
  {
    articleFunction: 'basel_multicore',
    times: { '1e8': { seconds: 1.04 }, '1e9': { seconds: 1.17 }, '1e10': { seconds: 2.33 } },
  },
  {
    articleFunction: 'basel_chunks',
    times: { '1e8': { seconds: 0.09 }, '1e9': { seconds: 0.91 }, '1e10': { seconds: 9.18 } },
  },
  {
    articleFunction: 'basel_np_broadcast',
    times: { '1e8': { seconds: 0.27 }, '1e9': { seconds: 9.68 }, '1e10': OUT_OF_MEMORY },
  },
  {
    articleFunction: 'basel_less_pythonic',
    times: { '1e8': { seconds: 5.99 }, '1e9': { seconds: 59.25 }, '1e10': { seconds: 592, estimated: true } },
  },
  {
    articleFunction: 'basel',
    times: { '1e8': { seconds: 7.64 }, '1e9': { seconds: 68.28 }, '1e10': { seconds: 682, estimated: true } },
  },
  {
    articleFunction: 'basel_np',
    times: { '1e8': { seconds: 0.618 }, '1e9': { seconds: 44.27 }, '1e10': OUT_OF_MEMORY },
  },
];

/** The article's comparison across languages at N = 1e9, in milliseconds, fastest first. */
export const ARTICLE_LANGUAGES_1E9_MS: readonly { implementation: string; language: string; ms: number }[] = [
  { implementation: 'Rust (multicore)', language: 'Rust', ms: 112.65 },
  { implementation: 'basel_chunks', language: 'Python', ms: 913 },
  { implementation: 'Rust (--release)', language: 'Rust', ms: 937.94 },
  { implementation: 'C (-O3)', language: 'C', ms: 995.38 },
  { implementation: 'basel_multicore', language: 'Python', ms: 1170 },
  { implementation: 'basel_np_broadcast', language: 'Python', ms: 9680 },
  { implementation: 'Haskell (-O3)', language: 'Haskell', ms: 13454 },
  { implementation: 'basel_np', language: 'Python', ms: 44270 },
  { implementation: 'basel_less_pythonic', language: 'Python', ms: 59250 },
  { implementation: 'basel (idiomatic)', language: 'Python', ms: 68280 },
];

/** The article's per-step tables at N = 1e8, in milliseconds, in the order its tables list the steps. */
export const ARTICLE_STEPS_1E8_MS: Readonly<
  Record<'basel_np' | 'basel_np_broadcast', readonly { step: string; ms: number }[]>
> = {
  basel_np: [
    { step: 'ones', ms: 97 },
    { step: 'range', ms: 79 },
    { step: 'square', ms: 98 },
    { step: 'divide', ms: 112 },
    { step: 'sum', ms: 58 },
  ],
  basel_np_broadcast: [
    { step: 'ones', ms: 0 },
    { step: 'range', ms: 68.56 },
    { step: 'square', ms: 105.14 },
    { step: 'divide', ms: 133.08 },
    { step: 'sum', ms: 71.08 },
  ],
};

/** Single findings the article states in prose. */
export const ARTICLE_FINDINGS = {
  /** Chunk size after which its chunked time climbs, at N = 1e9. */
  bestChunkSize: 51_000,
  /** Its napkin math: 51000 × 8 B × 3 arrays. */
  workingSetBytes: 51_000 * 8 * 3,
  /** N above which its 10-process pool beats the single-core chunked version. */
  multicoreCrossoverN: 1.3e9,
  /** Its multiprocessing start-up overhead, in seconds. */
  multicoreOverheadSeconds: 1,
} as const;
