// Napkin math on known inputs: cache budgets, live arrays, fitting chunks, chunk-sweep summary, the article's numbers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  arraysLive,
  cacheBudgets,
  compareNapkin,
  largestFittingChunk,
  napkinFits,
  reproduceArticleNapkin,
  summarizeChunkSweep,
  type NapkinVariant,
} from '../src/machine/napkin.js';
import { MACHINE_VERSION, type MachineRecord, type ProbeResult } from '../src/machine/record.js';
import { REFERENCE_M1_PRO } from '../src/machine/reference-m1-pro.js';
import type { ResultsFile, Stats } from '../src/results/schema.js';
import { cache, KiB, MiB } from './machine-fixtures.js';

/** A Zen 5 VM as the napkin sees it: 48 KiB L1d and 1 MiB L2 per core, 32 MiB L3 shared by 2 cores. */
const ZEN: MachineRecord = {
  ...REFERENCE_M1_PRO,
  version: MACHINE_VERSION,
  id: 'zen-test',
  provenance: 'test',
  cores: { physical: 2, logical: 2, performance: 2, efficiency: 0 },
  caches: [
    cache(1, 'data', 48 * KiB, 1),
    cache(1, 'instruction', 32 * KiB, 1),
    cache(2, 'unified', MiB, 1),
    cache(3, 'unified', 32 * MiB, 2),
  ],
};

/** Fake variants whose footprints are 8·k·min(chunk, n) (per worker for the parallel one). */
const chunked2: NapkinVariant = {
  name: 'chunked',
  options: ['chunk'],
  footprintBytes: (n, o) => 8 * 2 * Math.min(o.chunk, n),
};
const workers2: NapkinVariant = {
  name: 'workers',
  options: ['chunk', 'workers', 'inner'],
  footprintBytes: (n, o) => o.workers * 8 * 2 * Math.min(o.chunk, Math.ceil(n / o.workers)),
};
const loop: NapkinVariant = { name: 'loop', options: [], footprintBytes: () => 0 };

function stats(medianMs: number): Stats {
  return {
    count: 5,
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
}

function chunkSweep(variant: string, n: number, times: Array<[chunk: number, ms: number]>): ResultsFile {
  return {
    version: 2,
    kind: 'chunk',
    profile: 'quick',
    machineId: 'zen-test',
    machineFile: 'machines/zen-test.json',
    machine: { hostname: 'vm', cpu: 'AMD EPYC', logicalCores: 2, totalMemoryBytes: 1 },
    node: '20',
    v8: '11',
    gitCommit: null,
    startedAt: '',
    updatedAt: '',
    parameters: {},
    harness: { overheadMs: 0, gcBetweenSamples: false, warmupRuns: 1, minSamples: 5, minTimeMs: 0 },
    points: times.map(([chunk, ms]) => ({
      key: `${variant}-${chunk}`,
      params: { variant, n, chunk },
      finishedAt: '',
      status: 'ok',
      samplesMs: [ms],
      stats: stats(ms),
      sum: 1,
      exact: 1,
      absError: 0,
    })),
  };
}

describe('napkin math', () => {
  it('splits each data cache into a per-core budget', () => {
    assert.deepEqual(
      cacheBudgets(ZEN).map((b) => [b.cache, b.budgetBytes]),
      [
        ['L1d', 48 * KiB],
        ['L2', MiB],
        ['L3', 16 * MiB],
      ],
    );
  });

  it('states its assumption when sharing is unknown', () => {
    const unknown = { ...ZEN, caches: ZEN.caches.map((c) => ({ ...c, sharedByCores: null })) };
    const budgets = cacheBudgets(unknown);
    assert.deepEqual(
      budgets.map((b) => b.budgetBytes),
      [48 * KiB, MiB, 16 * MiB],
    );
    assert.match(budgets[0]!.basis, /assumed one instance per core/);
    assert.match(budgets[2]!.basis, /assumed shared by all 2 cores/);
  });

  /** ZEN as a VM reports it (a whole socket's 512 MiB L3) with a probe that met L2 at 768 KiB and L3 at 4 MiB. */
  const probedVm = (): MachineRecord => ({
    ...ZEN,
    caches: ZEN.caches.map((c) => (c.level === 3 ? { ...c, sizeBytes: 512 * MiB } : c)),
    // Napkin math reads only the probe's boundaries.
    probe: {
      boundaries: [
        { name: 'L1d', detectedBytes: null, recordedBytes: 48 * KiB, ratio: null },
        { name: 'L2', detectedBytes: 768 * KiB, recordedBytes: MiB, ratio: 0.75 },
        { name: 'L3', detectedBytes: 4 * MiB, recordedBytes: 512 * MiB, ratio: 1 / 128 },
      ],
    } as unknown as ProbeResult,
  });

  it("adds a budget from the probe's cliff after each level it found, shared the same way", () => {
    const budgets = cacheBudgets(probedVm());
    assert.deepEqual(
      budgets.map((b) => [b.cache, b.source, b.budgetBytes]),
      [
        ['L1d', 'reported', 48 * KiB],
        ['L2', 'reported', MiB],
        ['L2 (probe)', 'probe', 768 * KiB],
        ['L3', 'reported', 256 * MiB],
        ['L3 (probe)', 'probe', 2 * MiB],
      ],
    );
    assert.equal(budgets[4]!.basis, "the probe's latency cliff, after 4 MiB; one instance shared by 2 cores");
  });

  it('checks a chunk sweep against the probe when its cliff is the nearer fit', () => {
    // 2 arrays: the probe's L3 share (2 MiB) fits 131072 terms; the reported one (256 MiB) 16.8 M.
    const [comparison] = compareNapkin(
      probedVm(),
      [chunked2],
      chunkSweep('chunked', 1e8, [
        [16384, 100],
        [131072, 105],
        [1048576, 160],
        [16777216, 200],
      ]),
    );
    assert.equal(comparison!.nearestCache, 'L3 (probe)');
    assert.equal(comparison!.ratio, 1);
    assert.match(
      comparison!.verdict,
      /^agrees: .*within 2× of the L3 \(probe\) fit 131072; time per term climbs from 1048576$/,
    );
    const [unprobed] = compareNapkin(
      { ...probedVm(), probe: null },
      [chunked2],
      chunkSweep('chunked', 1e8, [
        [131072, 105],
        [1048576, 160],
      ]),
    );
    assert.equal(unprobed!.nearestCache, 'L2');
  });

  it('counts live arrays from footprintBytes, per worker for parallel variants', () => {
    assert.equal(arraysLive(chunked2), 2);
    assert.equal(arraysLive(workers2, { workers: 4 }), 2);
  });

  const fits: Array<[number | null, number, number | null]> = [
    [48 * KiB, 2, 3072],
    [MiB, 2, 65536],
    [MiB, 3, 43690],
    [16 * MiB, 2, 1048576],
    [null, 2, null],
    [MiB, 0, null],
  ];
  for (const [budget, arrays, chunk] of fits)
    it(`largestFittingChunk(${budget}, ${arrays}) = ${chunk}`, () =>
      assert.equal(largestFittingChunk(budget, arrays), chunk));

  it('lists fits for chunk-taking variants only', () => {
    const result = napkinFits(ZEN, [chunked2, workers2, loop]);
    assert.deepEqual(
      result.map((r) => [r.variant, r.arrays, r.perWorker, r.fits.map((f) => f.largestChunk)]),
      [
        ['chunked', 2, false, [3072, 65536, 1048576]],
        ['workers', 2, true, [3072, 65536, 1048576]],
      ],
    );
  });

  it('summarises a chunk sweep: best, range within 10%, where time per term climbs', () => {
    const sweep = chunkSweep('chunked', 1e8, [
      [1024, 130],
      [4096, 115],
      [16384, 100],
      [65536, 104],
      [262144, 150],
      [1048576, 200],
    ]);
    const [summary] = summarizeChunkSweep(sweep);
    assert.equal(summary!.bestChunk, 16384);
    assert.deepEqual(summary!.nearBest, { minChunk: 16384, maxChunk: 65536 });
    assert.equal(summary!.climbChunk, 262144);
    assert.equal(summary!.points[2]!.nsPerTerm, 1);
  });

  it('compares predicted and measured with a one-line verdict', () => {
    const agree = compareNapkin(
      ZEN,
      [chunked2],
      chunkSweep('chunked', 1e8, [
        [4096, 110],
        [16384, 100],
        [65536, 104],
        [262144, 150],
      ]),
    );
    assert.equal(agree.length, 1);
    assert.equal(agree[0]!.nearestCache, 'L2');
    assert.equal(agree[0]!.ratio, 1);
    assert.match(agree[0]!.verdict, /^agrees: .*L2 fit 65536; time per term climbs from 262144$/);
    const far = compareNapkin(
      ZEN,
      [chunked2],
      chunkSweep('chunked', 1e8, [
        [100, 100],
        [200, 300],
      ]),
    );
    assert.match(far[0]!.verdict, /^disagrees: near-best chunks end at 100/);
    assert.equal(far[0]!.nearestCache, 'L1d');
    const flat = summarizeChunkSweep(
      chunkSweep('chunked', 1e8, [
        [1000, 100],
        [2000, 101],
      ]),
    );
    assert.equal(flat[0]!.climbChunk, null);
  });

  it("reproduces the article's 51000 × 8 × 3 against the reference M1 Pro", () => {
    const article = reproduceArticleNapkin();
    assert.equal(article.bytes, 1_224_000);
    assert.deepEqual(
      article.against.map((a) => [a.cache, a.budgetBytes, a.fits]),
      [
        ['L1d', 128 * KiB, false],
        ['L2', 4 * MiB, true],
        ['L3', 2.4 * MiB, true],
      ],
    );
    assert.match(article.against[2]!.basis, /assumed shared by all 10 cores/);
  });
});
