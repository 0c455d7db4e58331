// The tables the chapters and the report share: fixture results in, cell texts and reasons out.
import { spreadMarker } from '../src/report/tables/spread.js';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REFERENCE_M1_PRO } from '../src/machine/reference-m1-pro.js';
import type { ProbeResult } from '../src/machine/record.js';
import { chunkSizeFigure, probeFigure, probeSamples, variantsAtLargestNFigure } from '../src/report/charts/figures.js';
import { workersVsNChart } from '../src/report/charts/charts.js';
import { cellText, type Table } from '../src/report/table/model.js';
import { articleStepsTable, articleSummaryTable } from '../src/report/tables/article.js';
import {
  articleNapkinTable,
  describeProbe,
  machineSpecsTable,
  napkinTable,
  probeTable,
} from '../src/report/tables/machines.js';
import {
  accuracyTable,
  chunkStepsTable,
  crossoverTable,
  largestMeasuredN,
  largestStepsN,
  speedupTable,
  stepsTable,
  summaryTable,
  timesByNTable,
} from '../src/report/tables/results.js';
import type { Point, PointParams, ResultsFile, Skip, SweepKind } from '../src/results/schema.js';
import { describeSkip } from '../src/results/skip.js';
import { MIN_ESTIMATE_FROM_N, summaryCell } from '../src/report/tables/estimate.js';
import { formatApproxN, round } from '../src/util/format.js';
import { FIXTURES } from './helpers.js';

function ok(
  params: PointParams,
  medianMs: number,
  extra: { steps?: Record<string, number>; sum?: number; exact?: number } = {},
): Point {
  const exact = extra.exact ?? 1.6;
  const sum = extra.sum ?? exact;
  const stats = {
    count: 3,
    medianMs,
    minMs: medianMs,
    maxMs: medianMs,
    meanMs: medianMs,
    stdDevMs: 0,
    iqrMs: 0,
    madMs: 0,
    ciLowMs: medianMs,
    ciHighMs: medianMs,
    outliers: 0,
  };
  return {
    key: JSON.stringify(params),
    params,
    finishedAt: '2026-11-24T00:00:00Z',
    status: 'ok',
    samplesMs: [medianMs],
    stats,
    sum,
    exact,
    absError: Math.abs(sum - exact),
    ...(extra.steps ? { steps: extra.steps } : {}),
  };
}

const OVER_BUDGET: Skip = { kind: 'budget', budgetMs: 1500, runMs: 2990 };
const skipped = (params: PointParams, skip: Skip): Point => ({
  key: JSON.stringify(params),
  params,
  finishedAt: '2026-11-24T00:00:00Z',
  status: 'skipped',
  skip,
  reason: describeSkip(skip, params, 'quick'),
});

function results(
  kind: SweepKind,
  points: Point[],
  nGrid: number[] = [...new Set(points.map((p) => p.params.n))],
): ResultsFile {
  return {
    version: 2,
    kind,
    profile: 'quick',
    machineId: 'fixture',
    machineFile: 'machines/fixture.json',
    machine: { hostname: 'fixture', cpu: 'x', logicalCores: 2, totalMemoryBytes: 1 },
    node: '20',
    v8: '11',
    gitCommit: null,
    startedAt: '2026-11-24T00:00:00Z',
    updatedAt: '2026-11-24T00:00:00Z',
    parameters: { nGrid },
    harness: { overheadMs: 0, gcBetweenSamples: false, warmupRuns: 1, minSamples: 1, minTimeMs: 0 },
    points,
  };
}

const N_SWEEP = results(
  'n',
  [
    ok({ variant: 'idiomatic', n: 1e8 }, 1234.5678),
    ok({ variant: 'loop', n: 1e8 }, 98.7654),
    ok({ variant: 'idiomatic', n: 1e9 }, 12345.678),
    skipped({ variant: 'loop', n: 1e9 }, OVER_BUDGET),
    ok({ variant: 'closed-form', n: 1e8 }, 0.001, { sum: 1.6, exact: 1.6 }),
    ok({ variant: 'closed-form', n: 1e9 }, 0.001, { sum: 1.6 + 4.44e-16, exact: 1.6 }),
  ],
  [1e8, 1e9],
);

/** A column's cells as the page and the notebooks show them. */
const cells = (table: Table, key: string): string[] => {
  const column = table.columns.find((c) => c.key === key);
  assert.ok(column !== undefined, `no column ${key}`);
  return table.rows.map((row) => cellText(row[key], column));
};

/** One row's cells as shown, by column key. */
const rowTexts = (table: Table, index: number): Record<string, string> =>
  Object.fromEntries(table.columns.map((c) => [c.key, cellText(table.rows[index]?.[c.key], c)]));

test('timesByNTable: one row per N, medians to 3 digits, a ratio column for two variants, skips with their reason', () => {
  const table = timesByNTable(N_SWEEP, ['idiomatic', 'loop']);
  assert.deepEqual(cells(table, 'n'), ['1e8', '1e9']);
  assert.deepEqual(cells(table, 'idiomatic'), ['1,230', '12,300']);
  assert.deepEqual(cells(table, 'loop'), ['98.8', 'not measured: over the time budget']);
  assert.deepEqual(cells(table, 'ratio'), ['12.5', 'not measured']);
  assert.deepEqual(
    table.columns.map((c) => c.unit),
    [undefined, 'ms', 'ms', '×'],
  );
  const perTerm = timesByNTable(N_SWEEP, ['loop'], { perTerm: true });
  assert.deepEqual(cells(perTerm, 'loop'), ['0.988', 'not measured: over the time budget']);
  assert.equal(
    perTerm.columns.some((c) => c.key === 'ratio'),
    false,
  );
});

test('summaryTable: seconds at 1e8 and 1e9, 1e10 only when the grid reaches it, and why a point is missing', () => {
  const table = summaryTable(N_SWEEP);
  assert.deepEqual(
    table.columns.map((c) => c.key),
    ['variant', 'mirrors', 'n100000000', 'n1000000000'],
  );
  assert.deepEqual(rowTexts(table, 0), {
    variant: 'idiomatic',
    mirrors: 'basel',
    // Each measured median with its spread (a one-sample fixture: a zero-width interval).
    n100000000: '1.23 (±0.0%)',
    n1000000000: '12.3 (±0.0%)',
  });
  // Over the time budget at 1e9: estimated from 1e8 at the same time per term, and marked so.
  assert.match(rowTexts(table, 1).n1000000000!, /^[\d.,]+ \(est\. from N=1e8\)$/);
  assert.match(table.note ?? '', /"est\. from N=…"/);
  assert.equal(table.rows[2]?.mirrors, '(beyond the article)');
  const withTen = summaryTable(results('n', [ok({ variant: 'loop', n: 1e8 }, 100)], [1e8, 1e9, 1e10]));
  assert.deepEqual(rowTexts(withTen, 0), {
    variant: 'loop',
    mirrors: 'basel_less_pythonic',
    n100000000: '0.1 (±0.0%)',
    n1000000000: '1 (est. from N=1e8)',
    n10000000000: '10 (est. from N=1e8)',
  });
  const small = summaryTable(results('n', [ok({ variant: 'loop', n: 1000 }, 1)]));
  assert.equal(rowTexts(small, 0).n100000000, "not measured: N=1e8 is not in the quick profile's grid");
});

test('accuracyTable: absolute and relative error per variant at the largest N, to 2 digits', () => {
  const table = accuracyTable(N_SWEEP);
  const closed = table.rows.flatMap((row, i) => (row.variant === 'closed-form' ? [rowTexts(table, i)] : []));
  assert.deepEqual(
    closed.map((row) => [row.n, row.absError, row.relError]),
    [
      ['1e8', '0', '0'],
      ['1e9', '4.4e-16', '2.8e-16'],
    ],
  );
  const loop = table.rows.findIndex((row) => row.variant === 'loop' && cellText(row.n, table.columns[1]!) === '1e9');
  assert.equal(rowTexts(table, loop).absError, 'not measured: over the time budget');
});

const STEPS = results('steps', [
  ok({ variant: 'arrays', n: 1e6 }, 10, { steps: { ones: 1, range: 2, divide: 3, square: 2, sum: 1 } }),
  ok({ variant: 'broadcast', n: 1e6 }, 8, { steps: { range: 2.25, divide: 3, square: 2, sum: 1 } }),
  ok({ variant: 'arrays', n: 1e7 }, 100, { steps: { ones: 10, range: 20, divide: 30, square: 20, sum: 10.12345 } }),
  skipped(
    { variant: 'broadcast', n: 1e7 },
    { kind: 'memory', neededBytes: 240e6, availableBytes: 100e6, usableBytes: 80e6, arrayCount: 3, arrayLength: 1e7 },
  ),
  ok({ variant: 'chunked', n: 1e6, chunk: 20_000 }, 5, { steps: { range: 1, divide: 2, square: 1, sum: 0.5 } }),
]);

test('stepsTable: at the largest N every variant measured, a missing step as 0, and the total', () => {
  assert.equal(largestStepsN(STEPS, ['arrays', 'broadcast']), 1e6);
  assert.equal(largestStepsN(STEPS, ['arrays']), 1e7);
  const table = stepsTable(STEPS, undefined, ['arrays', 'broadcast']);
  assert.equal(table.title, 'Time per step at N=1e6 (quick profile)');
  assert.deepEqual(cells(table, 'step'), ['ones', 'range', 'divide', 'square', 'sum', 'total of the steps']);
  assert.deepEqual(cells(table, 'broadcast'), ['0', '2.25', '3', '2', '1', '8.25']);
  const at1e7 = stepsTable(STEPS, 1e7, ['arrays', 'broadcast']);
  assert.deepEqual(cells(at1e7, 'broadcast').slice(0, 1), ['not measured: needs 240 MB of memory']);
  assert.equal(cells(at1e7, 'arrays').at(-1), '90.1');
  assert.match(at1e7.note ?? '', /"needs … of memory": its arrays would not fit/);
});

test('chunkStepsTable: each step per chunk (µs) and per term (ns)', () => {
  const table = chunkStepsTable(STEPS);
  assert.deepEqual(rowTexts(table, 1), { step: 'divide', ms: '2', perChunk: '40', perTerm: '2' });
  assert.match(table.note ?? '', /^50 chunks of 20000 terms/);
  assert.match(rowTexts(chunkStepsTable(N_SWEEP), 0).step!, /^not measured/);
});

const WORKERS = results('workers', [
  ok({ variant: 'chunked', n: 1e6, chunk: 20_000 }, 1),
  ok({ variant: 'chunked', n: 1e8, chunk: 20_000 }, 100),
  ok({ variant: 'workers', n: 1e6, chunk: 20_000, workers: 2 }, 2),
  ok({ variant: 'workers', n: 1e8, chunk: 20_000, workers: 2 }, 60),
  skipped({ variant: 'workers-cold', n: 1e8, chunk: 20_000, workers: 2 }, OVER_BUDGET),
]);

test('at the smoke profile no speed-up or crossover is claimed, in tables or chart notes', () => {
  const smoke = { ...WORKERS, profile: 'smoke' as const };
  const withheld = 'not measured: no claim at the smoke profile';
  const crossover = rowTexts(crossoverTable(smoke), 0);
  assert.equal(crossover.crossoverN, withheld);
  assert.equal(crossover.ratio, withheld);
  const speedup = rowTexts(speedupTable(smoke), 0);
  assert.equal(speedup.ms, '60', 'the measured time is still shown');
  assert.equal(speedup.speedup, withheld);
  assert.equal(speedup.perWorker, withheld);
  const chart = workersVsNChart(smoke);
  assert.ok(chart.notes.includes('smoke profile: no crossover is claimed from these numbers'), chart.notes.join('; '));
  assert.ok(!chart.notes.some((note) => /faster/.test(note)), chart.notes.join('; '));
  assert.ok(!JSON.stringify(chart.spec).includes('faster from'));
});

test('crossoverTable and speedupTable: where the workers win, and speed-up per worker at the largest N', () => {
  const crossovers = crossoverTable(WORKERS);
  assert.deepEqual(rowTexts(crossovers, 0), {
    series: 'workers W=2',
    crossoverN: '1e8',
    interpolatedN: '1.4e7',
    lastN: '1e8',
    ratio: '0.6',
  });
  assert.match(crossovers.note ?? '', /near N=1\.3e9\. As published in the reference article/);
  const speedup = speedupTable(WORKERS);
  assert.equal(speedup.title, 'Speed-up over chunked at N=1e8 (quick profile)');
  assert.deepEqual(rowTexts(speedup, 0), {
    series: 'workers',
    workers: '2',
    ms: '60',
    speedup: '1.67',
    perWorker: '0.833',
  });
  assert.deepEqual(rowTexts(speedup, 1), {
    series: 'workers-cold',
    workers: '2',
    ms: 'not measured: over the time budget',
    speedup: 'not measured: over the time budget',
    perWorker: 'not measured: over the time budget',
  });
});

test('machineSpecsTable: one column per machine, caches and cores in one wording', () => {
  const table = machineSpecsTable([REFERENCE_M1_PRO]);
  assert.deepEqual(
    table.columns.map((c) => c.label),
    ['spec', REFERENCE_M1_PRO.id],
  );
  const row = (label: string) => table.rows.find((r) => r.spec === label)?.m0;
  assert.match(String(row('CPU')), /^Apple M1 Pro/);
  assert.equal(row('cores'), '10 physical, 10 logical, 8 performance + 2 efficiency');
  assert.match(String(row('L1d (performance cores)')), /KiB per core/);
  for (const r of table.rows) assert.doesNotMatch(String(r.m0), /undefined|NaN|object Object/);
});

test('describeProbe: the cliffs, and how far the grid went when it stopped early or was cut short', () => {
  const probe: ProbeResult = {
    method: 'fixture',
    points: [],
    boundaries: [{ name: 'L3', detectedBytes: 6 * 1024 * 1024, recordedBytes: 508 * 1024 * 1024, ratio: 6 / 508 }],
    elapsedMs: 1,
    coverage: {
      maxBytes: 64 * 2 ** 20,
      wantedMaxBytes: 2 ** 31,
      llcBytes: 508 * 2 ** 20,
      truncated: false,
      reason: null,
    },
  };
  const machine = { ...REFERENCE_M1_PRO, probe };
  assert.equal(describeProbe(machine), 'L3: cliff after 6 MiB');
  probe.coverage!.stoppedEarly = 'every level seen';
  assert.equal(
    describeProbe(machine),
    'L3: cliff after 6 MiB (working sets up to 64 MiB, not 2 GiB: it stopped past the last level it saw)',
  );
  probe.coverage = { ...probe.coverage!, stoppedEarly: undefined, truncated: true, reason: 'memory: too little' };
  assert.equal(
    describeProbe(machine),
    'L3: cliff after 6 MiB (working sets up to 64 MiB, cut short: memory: too little)',
  );
});

const CHUNK_FIXTURE = JSON.parse(readFileSync(join(FIXTURES, 'results', 'chunk-sweep.json'), 'utf8')) as ResultsFile;

test('napkinTable: the largest fitting chunk per cache and the measured edge over it; the article\u2019s own sum', () => {
  const table = napkinTable(REFERENCE_M1_PRO, CHUNK_FIXTURE);
  const l1 = table.rows.find((r) => String(r.cache).startsWith('L1d'));
  assert.equal(l1?.largestChunk, Math.floor((128 * 1024) / 24));
  assert.match(table.note ?? '', /^3 float64 arrays live per chunk.*Verdict: (agrees|disagrees)/);
  const missing = napkinTable(REFERENCE_M1_PRO, results('chunk', []));
  assert.match(rowTexts(missing, 0).cache!, /^not measured: no chunked points/);
  const article = articleNapkinTable();
  assert.match(article.title ?? '', /51000 × 8 × 3 = 1224000 bytes/);
  assert.ok(article.rows.every((r) => r.fits === 'yes' || r.fits === 'no'));
  assert.match(article.note ?? '', /as published in the reference article/);
});

test('the article\u2019s tables are labelled as published there', () => {
  for (const table of [articleSummaryTable(), articleStepsTable()]) {
    assert.match(table.title ?? '', /^Published in the reference article/);
    assert.match(table.note ?? '', /not measured by basel-lab/);
  }
  const summary = articleSummaryTable();
  const np = summary.rows.findIndex((r) => r.fn === 'basel_np');
  assert.deepEqual(rowTexts(summary, np), {
    fn: 'basel_np',
    '1e8': '0.618',
    '1e9': '44.27',
    '1e10': 'none published: ran out of memory',
  });
  const loop = summary.rows.findIndex((r) => r.fn === 'basel_less_pythonic');
  assert.equal(rowTexts(summary, loop)['1e10'], '592 (est.)');
});

const PROBE: ProbeResult = {
  method: 'fixture',
  points: [
    { workingSetBytes: 4096, nsPerLoad: 1, relativeLatency: 1 },
    { workingSetBytes: 1 << 20, nsPerLoad: 4, relativeLatency: 4 },
  ],
  boundaries: [
    { name: 'L1d', detectedBytes: 65536, recordedBytes: 131072, ratio: 0.5 },
    { name: 'L3', detectedBytes: null, recordedBytes: null, ratio: null, reason: 'no cliff' },
  ],
  elapsedMs: 1234,
};

test('probe figure and table: samples in bytes and ns per load, boundaries beside the recorded sizes', () => {
  assert.deepEqual(probeSamples(PROBE), [
    { bytes: 4096, value: 1 },
    { bytes: 1 << 20, value: 4 },
  ]);
  const figure = probeFigure(PROBE, REFERENCE_M1_PRO);
  assert.deepEqual(figure.notes, []);
  const table = probeTable(PROBE);
  assert.deepEqual(rowTexts(table, 0), { level: 'L1d', detected: '64 KiB', recorded: '128 KiB', ratio: '0.5' });
  assert.deepEqual(rowTexts(table, 1), {
    level: 'L3',
    detected: 'not detected: no cliff',
    recorded: 'unknown',
    ratio: 'unknown',
  });
  assert.match(table.note ?? '', /2 working sets in 1\.23 s/);
});

test('chunkSizeFigure marks one core\u2019s share of each cache; the closing bar chart is at the largest measured N', () => {
  const figure = chunkSizeFigure(CHUNK_FIXTURE, REFERENCE_M1_PRO);
  const rules = JSON.stringify(figure.spec).match(/"label":"L[^"]+"/g) ?? [];
  assert.ok(rules.length >= 2, JSON.stringify(rules));
  assert.equal(largestMeasuredN(N_SWEEP), 1e9);
  assert.equal(variantsAtLargestNFigure(N_SWEEP).title, 'Every variant at N=1e9');
});

test('skip reasons are short in cells, rendered from the stored data, and explained once in the note', () => {
  const table = timesByNTable(N_SWEEP, ['loop']);
  assert.equal(cells(table, 'loop')[1], 'not measured: over the time budget');
  assert.match(
    table.note ?? '',
    /"over the time budget": one run would take longer than the quick profile's 1\.5 s per-sample budget/,
  );
  assert.equal(timesByNTable(N_SWEEP, ['idiomatic']).note, undefined);
});

test('round and formatApproxN keep a few significant digits', () => {
  assert.deepEqual([round(1234.5678), round(0.000123456, 2), round(0)], [1230, 0.00012, 0]);
  assert.deepEqual([formatApproxN(7234), formatApproxN(1.3e9), formatApproxN(66_012)], ['7200', '1.3e9', '6.6e4']);
});

test('summaryCell: measured, else the refusal where arrays would not fit, else an estimate marked with its source N', () => {
  const GIB = 2 ** 30;
  const file = {
    ...results('n', [
      ok({ variant: 'arrays', n: 1e6 }, 10),
      ok({ variant: 'arrays', n: 1e7 }, 100),
      skipped({ variant: 'arrays', n: 1e8 }, OVER_BUDGET),
      ok({ variant: 'loop', n: 1e5 }, 1),
      ok({ variant: 'chunked', n: 1e7 }, 20),
      { key: 'f', params: { variant: 'chunked', n: 1e8 }, finishedAt: 'x', status: 'failed', error: 'boom' } as Point,
    ]),
    machine: { hostname: 'fixture', cpu: 'x', logicalCores: 2, totalMemoryBytes: 16 * GIB },
  };
  const text = (variant: string, n: number) =>
    cellText(summaryCell(file, variant, n, 1), { key: 'x', label: 'x', unit: 'ms' });
  assert.equal(text('arrays', 1e7), '100 (±0.0%)');
  // 1e8: over the budget, 4 arrays of 8 B × 1e8 = 3.2 GB fit in 16 GiB: 1e7's time per term, scaled.
  assert.equal(text('arrays', 1e8), '1,000 (est. from N=1e7)');
  // 1e9: 32 GB would not fit: the guard's refusal, not an estimate.
  assert.match(text('arrays', 1e9), /^not measured: needs 32 GB of memory$/);
  // Only N ≥ MIN_ESTIMATE_FROM_N is scaled up; a failure stays a failure.
  assert.equal(text('loop', 1e8), 'not measured: no point stored');
  assert.equal(text('chunked', 1e8), 'not measured: run failed: boom');
  assert.ok(MIN_ESTIMATE_FROM_N > 1e5);
});

test('spreadMarker: half the 95% confidence interval of the median, as a share of it', () => {
  assert.equal(spreadMarker({ medianMs: 100, ciLowMs: 95, ciHighMs: 105 }), '±5.0%');
  assert.equal(spreadMarker({ medianMs: 100, ciLowMs: 80, ciHighMs: 120 }), '±20%');
  assert.equal(spreadMarker({ medianMs: 0, ciLowMs: 0, ciHighMs: 0 }), '±0.0%');
});
