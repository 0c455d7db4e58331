// Chart builders on hand-made results fixtures: snapshot of each Vega-Lite spec, notes, and drawn SVG marks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { noteFor, seriesLabeller, type ChartDefinition } from '../src/report/charts/chart-data.js';
import { formatN } from '../src/util/format.js';
import {
  cacheProbeChart,
  chunkSizeChart,
  speedupChart,
  stepTimesChart,
  stepTimesCharts,
  timeVsNChart,
  variantsAtNChart,
  workersVsNChart,
} from '../src/report/charts/charts.js';
import { renderSvg } from '../src/report/render/vega.js';
import { loadResultsFixture } from './helpers.js';
import { assertSnapshot } from './snapshot.js';
import { countMarks } from './svg.js';

const loadFixture = loadResultsFixture;

const nSweep = loadFixture('n-sweep');
const chunkSweep = loadFixture('chunk-sweep');
const workersSweep = loadFixture('workers-sweep');
const caches = [
  { name: 'L1d', bytes: 48 * 1024 },
  { name: 'L2', bytes: 1280 * 1024 },
  { name: 'L3', bytes: 24 * 1024 * 1024 },
];

interface Case {
  build: () => ChartDefinition;
  snapshot: string;
  marks: Record<string, number>;
  notes: RegExp[];
}

const CASES: Case[] = [
  // 3 series × 3 N: a line per series, a point and a CI rule per measurement.
  {
    snapshot: 'chart-time-vs-n',
    build: () => timeVsNChart(nSweep),
    marks: { line: 3, symbol: 9, rule: 9 },
    notes: [/^arrays at N=1e10: not measured: needs 320 GB/, /^loop at N=1e10: not measured: run failed: RangeError/],
  },
  {
    snapshot: 'chart-time-vs-n-loop',
    build: () => timeVsNChart(nSweep, { variants: ['loop'] }),
    marks: { line: 1, symbol: 3, rule: 3 },
    notes: [/^loop at N=1e10: not measured: run failed/],
  },
  // 5 steps, one stacked area each.
  {
    snapshot: 'chart-steps-arrays',
    build: () => stepTimesChart(nSweep, 'arrays'),
    marks: { area: 5 },
    notes: [/^arrays at N=1e10: not measured/],
  },
  // 2 N × 6 chunk sizes, plus 3 cache rules with 3 labels.
  {
    snapshot: 'chart-chunk-size',
    build: () => chunkSizeChart(chunkSweep, { arraysPerChunk: 4, caches }),
    marks: { line: 2, symbol: 12, rule: 15, text: 3 },
    notes: [/^chunked chunk=1048576 at N=1e7: not measured: chunk larger/],
  },
  // 5 series (chunked, workers W=1/2/4, workers-cold W=4) over 16 points; crossovers interpolated for W=4 and
  // workers-cold; W=1 is never faster, W=2 (measured at 1e8 and 1e9 only) faster at both.
  {
    snapshot: 'chart-workers-vs-n',
    build: () => workersVsNChart(workersSweep),
    marks: { line: 5, symbol: 16, rule: 18, text: 2 },
    notes: [
      /^workers chunk=4096 W=8 at N=1e9: not measured: run failed/,
      /^workers W=1: not faster than chunked up to N=1e9$/,
      /^workers W=2: faster than chunked at every N measured with both$/,
    ],
  },
  // One line per variant and N (workers at 4 N, workers-cold at 4 N) plus the ideal line; a point per measurement with W.
  {
    snapshot: 'chart-speedup',
    build: () => speedupChart(workersSweep),
    marks: { line: 9, symbol: 12 },
    notes: [/^workers chunk=4096 W=8 at N=1e9: not measured: run failed/],
  },
  {
    snapshot: 'chart-cache-probe',
    build: () =>
      cacheProbeChart(
        [4096, 32768, 262144, 2097152, 16777216, 134217728].map((bytes, i) => ({
          bytes,
          value: [90, 88, 60, 40, 25, 12][i]!,
        })),
        caches,
        { valueTitle: 'read bandwidth (GB/s)' },
      ),
    marks: { line: 1, symbol: 6, rule: 3, text: 3 },
    notes: [],
  },
  // 3 variants measured at 1e8, 3 bars with CI rules.
  {
    snapshot: 'chart-variants-at-1e8',
    build: () => variantsAtNChart(nSweep, 1e8),
    marks: { rect: 3, rule: 3 },
    notes: [],
  },
  {
    snapshot: 'chart-variants-at-1e10',
    build: () => variantsAtNChart(nSweep, 1e10),
    marks: {},
    notes: [/^no measured points/, /^arrays at N=1e10: not measured/, /^loop at N=1e10: not measured: run failed/],
  },
];

describe('chart definitions', () => {
  for (const c of CASES) {
    it(`${c.snapshot}: spec snapshot, notes and drawn marks`, async () => {
      const chart = c.build();
      assert.equal(chart.spec.$schema, 'https://vega.github.io/schema/vega-lite/v5.json');
      assert.match(chart.id, /^[a-z0-9-]+$/);
      assertSnapshot(c.snapshot, chart.spec);
      assert.equal(chart.notes.length, c.notes.length, `notes: ${JSON.stringify(chart.notes)}`);
      c.notes.forEach((pattern, i) => assert.match(chart.notes[i]!, pattern));
      const svg = await renderSvg(chart.spec, chart.id);
      const marks = countMarks(svg);
      for (const [type, count] of Object.entries(c.marks))
        assert.equal(marks[type] ?? 0, count, `${type} marks in ${JSON.stringify(marks)}`);
    });
  }

  it('plots only measured points', () => {
    const values = (timeVsNChart(nSweep).spec.data as { values: { n: number }[] }).values;
    assert.equal(values.length, 9);
    assert.ok(values.every((v) => v.n < 1e10));
  });

  it('marks the interpolated crossover N of each worker variant', () => {
    const layer = workersVsNChart(workersSweep).spec.layer as { data?: { values: { x: number; label: string }[] } }[];
    const labels = layer[2]!.data!.values.map((r) => r.label);
    assert.deepEqual(labels, ['workers W=4 faster from N≈2.2e6', 'workers-cold faster from N≈4.4e7']);
  });

  it('puts cache rules at the chunk size whose working set 8·k·C equals the cache size', () => {
    const layer = chunkSizeChart(chunkSweep, { arraysPerChunk: 4, caches }).spec.layer as {
      data?: { values: { x: number; label: string }[] };
    }[];
    assert.deepEqual(
      layer[2]!.data!.values.map(({ x, label }) => ({ x, label })),
      [
        { x: 1536, label: 'L1d' },
        { x: 40960, label: 'L2' },
        { x: 786432, label: 'L3' },
      ],
    );
    assert.throws(() => chunkSizeChart(chunkSweep, { arraysPerChunk: 0 }), /arraysPerChunk must be > 0 \(got 0\)/);
  });

  it('makes one stacked chart per variant that recorded steps', () => {
    assert.deepEqual(
      stepTimesCharts(nSweep).map((c) => c.id),
      ['steps-arrays'],
    );
    const notes = stepTimesChart(nSweep, 'loop').notes;
    assert.equal(notes[0], 'no measured points for Time per step: loop');
    assert.ok(notes.includes('loop at N=1e6: no per-step times recorded'), JSON.stringify(notes));
  });
});

describe('labels', () => {
  it('series labels show only the options that vary within a variant', () => {
    const label = seriesLabeller(workersSweep.points);
    assert.equal(label({ variant: 'workers', n: 1e6, chunk: 4096, workers: 4 }), 'workers W=4');
    assert.equal(label({ variant: 'workers-cold', n: 1e6, chunk: 4096, workers: 4 }), 'workers-cold');
    assert.equal(seriesLabeller(chunkSweep.points)({ variant: 'chunked', n: 1e6, chunk: 256 }), 'chunked chunk=256');
  });

  for (const [n, text] of [
    [1e9, '1e9'],
    [3e8, '3e8'],
    [4096, '4096'],
    [1234567, '1234567'],
    [1e10, '1e10'],
  ] as const) {
    it(`formatN(${n}) = ${text}`, () => assert.equal(formatN(n), text));
  }
  it('notes say why a point is missing', () => {
    assert.equal(
      noteFor({
        key: 'k',
        finishedAt: '',
        status: 'skipped',
        skip: { kind: 'other' },
        reason: 'needs 320 GB',
        params: { variant: 'arrays', n: 1e10 },
      }),
      'arrays at N=1e10: not measured: needs 320 GB',
    );
    assert.equal(
      noteFor({
        key: 'k',
        finishedAt: '',
        status: 'failed',
        error: 'boom',
        params: { variant: 'workers', n: 1e9, workers: 4 },
      }),
      'workers W=4 at N=1e9: not measured: run failed: boom',
    );
  });
});
