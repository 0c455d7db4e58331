// Napkin math 2.0 on fixed inputs: ceilings lookups, time per term per variant, traffic per level, roofline, cliffs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VARIANTS, defaultKernelOptions, getVariant } from '../src/kernels/registry.js';
import { workPass, type VariantWork } from '../src/kernels/types.js';
import {
  bandwidthByLevel,
  bandwidthTable,
  compareChunkCliffs,
  levelSizes,
  pageWalkEstimate,
} from '../src/machine/levels.js';
import { predictVariants } from '../src/machine/predictions.js';
import type { BandwidthCurve, MachineRecord, ProbeResult } from '../src/machine/record.js';
import { REFERENCE_M1_PRO } from '../src/machine/reference-m1-pro.js';
import {
  bandwidthAt,
  computeRate,
  faultNsPerPage,
  interpolateLog,
  predictTerm,
  rooflineData,
  trafficByLevel,
  type Ceilings,
} from '../src/machine/roofline.js';
import { KiB, MiB, VM_CACHES } from './machine-fixtures.js';

/** A flat curve: the same GB/s at every working set. */
const flat = (kernel: BandwidthCurve['kernel'], threads: number, gbPerSecond: number): BandwidthCurve => ({
  kernel,
  threads,
  points: [KiB, 1024 * MiB].map((workingSetBytes) => ({
    workingSetBytes,
    gbPerSecond,
    medianGbPerSecond: gbPerSecond,
    minGbPerSecond: gbPerSecond,
  })),
});

const ceiling = (
  operation: 'div' | 'mul' | 'add' | 'element',
  lanes: 1 | 2,
  engine: 'js' | 'wasm',
  opsPerNs: number,
  dependent = false,
) => ({
  operation,
  lanes,
  engine,
  dependent,
  opsPerNs,
  medianOpsPerNs: opsPerNs,
  minOpsPerNs: opsPerNs,
});

/** Round numbers so every prediction below can be worked out by hand. */
const CEILINGS: Ceilings = {
  bandwidth: [
    flat('read', 1, 100),
    flat('write', 1, 50),
    flat('copy', 1, 80),
    flat('read', 2, 200),
    flat('write', 2, 100),
    flat('copy', 2, 160),
  ],
  compute: [
    ceiling('div', 1, 'js', 0.8),
    ceiling('div', 2, 'wasm', 1.6),
    ceiling('mul', 1, 'js', 8),
    ceiling('add', 1, 'js', 8),
    ceiling('mul', 2, 'wasm', 16),
    ceiling('add', 2, 'wasm', 16),
    ceiling('add', 1, 'js', 1.25, true),
  ],
  firstTouch: [
    {
      bytes: 8e5,
      freshMs: 0,
      touchedMs: 0,
      freshGbPerSecond: 0,
      touchedGbPerSecond: 0,
      nsPerPage: 200,
      faultsPerPage: 1,
      nsPerFault: 200,
    },
    {
      bytes: 8e7,
      freshMs: 0,
      touchedMs: 0,
      freshGbPerSecond: 0,
      touchedGbPerSecond: 0,
      nsPerPage: 1600,
      faultsPerPage: 1,
      nsPerFault: 1600,
    },
  ],
};

const close = (actual: number, expected: number, what = ''): void =>
  assert.ok(Math.abs(actual - expected) < 1e-9 * Math.max(1, expected), `${what} ${actual} ≠ ${expected}`);

const work = (name: string, workers = 1): VariantWork =>
  getVariant(name).work!(defaultKernelOptions({ workers, chunk: 20_000 }))!;

describe('ceiling lookups', () => {
  it('interpolates in log size and clamps at the ends', () => {
    close(interpolateLog([1, 100], [10, 30], 10), 20);
    close(interpolateLog([1, 100], [10, 30], 0.5), 10);
    close(interpolateLog([1, 100], [10, 30], 1000), 30);
  });

  it('reads bandwidth from the largest measured thread count not above the one asked', () => {
    close(bandwidthAt(CEILINGS.bandwidth, 'read', 1, MiB)!, 100);
    close(bandwidthAt(CEILINGS.bandwidth, 'read', 8, MiB)!, 200);
    assert.equal(bandwidthAt([], 'read', 1, MiB), null);
  });

  it('falls back to the other engine when one is not measured', () => {
    close(computeRate(CEILINGS.compute, 'div', 2, 'js')!, 1.6);
    assert.equal(computeRate(CEILINGS.compute, 'div', 2, 'wasm', true), null);
  });

  it('prices a fresh page by the array size', () => {
    close(faultNsPerPage(CEILINGS.firstTouch, 8e6), 900);
    assert.equal(faultNsPerPage([], 8e6), 0);
  });

  it('prices fresh arrays at the cost per fault, not at a size where the allocator reused memory', () => {
    const reused = { ...CEILINGS.firstTouch[0]!, nsPerPage: 100, faultsPerPage: 0, nsPerFault: null };
    const faulting = CEILINGS.firstTouch[1]!;
    close(faultNsPerPage([reused, faulting], 8e6), 1600);
    close(faultNsPerPage([reused], 8e6), 100, 'no size faulted: the cost per page');
  });
});

describe('predicted time per term', () => {
  it('loop: bound by the divider (1/0.8 ns), above its add chain (0.8 ns)', () => {
    const p = predictTerm({ work: work('loop'), footprintBytes: 0, n: 1e8 }, CEILINGS);
    close(p.nsPerTerm, 1.25);
    assert.equal(p.bound, 'compute');
    close(p.passes[0]!.latencyNs, 0.8);
    assert.equal(p.flopsPerTerm, 4);
    assert.equal(p.bytesPerTerm, 0);
    assert.deepEqual(p.gaps, []);
  });

  it('wasm-simd: half a divide instruction per term', () => {
    close(predictTerm({ work: work('wasm-simd'), footprintBytes: 0, n: 1e8 }, CEILINGS).nsPerTerm, 1 / 1.6);
  });

  it('chunked: four passes in cache, each the slower of its bytes and its arithmetic', () => {
    const p = predictTerm({ work: work('chunked'), footprintBytes: 3 * 8 * 20_000, n: 1e8 }, CEILINGS);
    // range 8 B / 50 GB/s; divide 1 div / 0.8; square 16 B / 80 GB/s; sum 1 add / 8 per ns.
    assert.deepEqual(
      p.passes.map((x) => [x.step, x.bound]),
      [
        ['range', 'memory'],
        ['divide', 'compute'],
        ['square', 'memory'],
        ['sum', 'compute'],
      ],
    );
    close(p.nsPerTerm, 0.16 + 1.25 + 0.2 + 0.125);
    assert.equal(p.bytesPerTerm, 48);
  });

  it('chunked with the typed-array loop ceiling: each array access of a JavaScript pass costs half a loop element', () => {
    const withLoop: Ceilings = { ...CEILINGS, compute: [...CEILINGS.compute, ceiling('element', 1, 'js', 1)] };
    const p = predictTerm({ work: work('chunked'), footprintBytes: 3 * 8 * 20_000, n: 1e8 }, withLoop);
    // range (a store) and sum (a load): 0.5 ns; square (load + store): 1 ns; divide: still the divider's 1.25 ns.
    close(p.nsPerTerm, 0.5 + 1.25 + 1 + 0.5);
    assert.deepEqual(p.gaps, []);
    const wasm = predictTerm({ work: work('wasm-simd'), footprintBytes: 0, n: 1e8 }, withLoop);
    close(wasm.nsPerTerm, 1 / 1.6, 'no arrays, no loop element');
  });

  it('arrays: every fresh array costs its page faults, which dominate', () => {
    const n = 1e7;
    const p = predictTerm({ work: work('arrays'), footprintBytes: 4 * 8 * n, n }, CEILINGS);
    const fault = (8 / 4096) * 1600;
    close(p.nsPerTerm, 0.16 + fault + (0.16 + fault) + (1.25 + fault) + (0.2 + fault) + 0.125);
    assert.equal(p.bound, 'first touch');
    assert.equal(p.passes[0]!.bound, 'first touch');
  });

  it('workers: each thread does half the terms at the all-cores bandwidth', () => {
    const p = predictTerm({ work: work('workers', 2), footprintBytes: 2 * 3 * 8 * 20_000, n: 1e8 }, CEILINGS);
    close(p.nsPerTerm, 8 / 100 + 1.25 / 2 + 16 / 160 + 0.125 / 2);
    const four = predictTerm({ work: work('workers', 4), footprintBytes: 4 * 3 * 8 * 20_000, n: 1e8 }, CEILINGS);
    close(four.nsPerTerm, p.nsPerTerm, 'more threads than measured share the measured cores');
  });

  it('names what it could not price', () => {
    const p = predictTerm(
      { work: work('arrays'), footprintBytes: 8e8, n: 1e8 },
      { bandwidth: [], compute: [], firstTouch: [] },
    );
    assert.deepEqual(p.gaps.sort(), [
      'no add ×1 ceiling',
      'no copy bandwidth',
      'no dependent add ×1 ceiling',
      'no div ×1 ceiling',
      'no element ×1 ceiling',
      'no first-touch cost: fresh pages priced at 0',
      'no mul ×1 ceiling',
      'no read bandwidth',
      'no write bandwidth',
    ]);
  });
});

describe('traffic and roofline', () => {
  const levels = [
    { name: 'L1d', bytes: 32 * KiB },
    { name: 'L2', bytes: MiB },
    { name: 'L3', bytes: 8 * MiB },
  ];

  it('counts bytes per term at each level the working set reaches', () => {
    assert.deepEqual(
      trafficByLevel(work('chunked'), 3 * 8 * 20_000, levels).map((t) => [t.level, t.bytesPerTerm]),
      [
        ['L1d', 48],
        ['L2', 48],
        ['L3', 0],
        ['DRAM', 0],
      ],
    );
    assert.deepEqual(
      trafficByLevel(work('arrays'), 4 * 8 * 1e8, levels).map((t) => t.bytesPerTerm),
      [64, 64, 64, 64],
    );
    assert.deepEqual(
      trafficByLevel(work('loop'), 0, levels).map((t) => t.bytesPerTerm),
      [0, 0, 0, 0],
    );
  });

  it('puts each variant under its roofs: intensity, predicted and achieved GFLOP/s', () => {
    const single: VariantWork = { engine: 'js', threads: 1, passes: [workPass('x', { add: 2, readBytes: 8 })] };
    const { ceilings, points } = rooflineData(
      CEILINGS,
      [
        {
          kernel: 'read',
          threads: 1,
          levels: [
            { level: 'L1d', gbPerSecond: 100 },
            { level: 'DRAM', gbPerSecond: null },
          ],
        },
      ],
      [
        { variant: 'single', work: single, footprintBytes: 1e9, n: 1e8, measuredNsPerTerm: 0.5 },
        { variant: 'loop', work: work('loop'), footprintBytes: 0, n: 1e8, measuredNsPerTerm: null },
      ],
    );
    assert.deepEqual(
      ceilings.filter((c) => c.kind === 'memory'),
      [{ kind: 'memory', name: 'L1d read ×1', value: 100 }],
    );
    assert.ok(ceilings.some((c) => c.kind === 'compute' && c.name === 'f64x2 div (wasm)' && c.value === 1.6));
    assert.ok(ceilings.some((c) => c.name === 'f64 add chain (js)'));
    // 2 adds per 8 bytes: 0.25 flop/byte; 8 B / 100 GB/s = 0.08 ns > 2 adds / 8 per ns... = 0.25 ns: compute-bound.
    close(points[0]!.intensity!, 0.25);
    close(points[0]!.predictedNsPerTerm, 0.25);
    close(points[0]!.achievedGflops!, 4);
    assert.equal(points[1]!.intensity, null);
    assert.equal(points[1]!.achievedGflops, null);
  });
});

/** A two-core machine with a probe: reported L1d 32 KiB, L2 1 MiB, L3 32 MiB shared; measured L3 at 4 MiB. */
function probedMachine(): MachineRecord {
  const caches = VM_CACHES.filter((c) => c.type !== 'instruction');
  const probe: ProbeResult = {
    method: 'fixture',
    points: [4 * KiB, 16 * KiB, 256 * KiB, 2 * MiB, 128 * MiB].map((workingSetBytes, i) => ({
      workingSetBytes,
      nsPerLoad: [1, 1, 4, 14, 180][i]!,
      relativeLatency: [1, 1, 4, 14, 180][i]!,
    })),
    boundaries: [
      { name: 'L1d', detectedBytes: 36 * KiB, recordedBytes: 32 * KiB, ratio: 36 / 32 },
      { name: 'L2', detectedBytes: 768 * KiB, recordedBytes: MiB, ratio: 0.75 },
      { name: 'L3', detectedBytes: 4 * MiB, recordedBytes: 32 * MiB, ratio: 0.125 },
    ],
    elapsedMs: 1,
    tlb: {
      method: 'fixture',
      spread: [
        { workingSetBytes: 4 * KiB, nsPerLoad: 1, relativeLatency: 1, pages: 64 },
        { workingSetBytes: 2 * MiB, nsPerLoad: 44, relativeLatency: 44, pages: 32768 },
      ],
      pages: {
        pageBytes: 4096,
        transparentHugePages: 'madvise',
        hugePagesUsedBytes: 0,
        hugePages: { used: false, reason: 'madvise' },
      },
      elapsedMs: 1,
    },
    bandwidth: { method: 'fixture', curves: CEILINGS.bandwidth.slice(), elapsedMs: 1 },
    compute: { method: 'fixture', ceilings: CEILINGS.compute.slice(), elapsedMs: 1 },
    firstTouch: { method: 'fixture', pageBytes: 4096, points: CEILINGS.firstTouch.slice(), elapsedMs: 1 },
  };
  return {
    ...REFERENCE_M1_PRO,
    id: 'probed',
    cores: { physical: 2, logical: 2, performance: null, efficiency: null },
    caches,
    probe,
  };
}

describe('levels, measured and reported', () => {
  it('keeps the measured size beside the reported one', () => {
    assert.deepEqual(
      levelSizes(probedMachine()).map((l) => [l.name, l.reportedBytes, l.measuredBytes, l.sharedByCores]),
      [
        ['L1d', 32 * KiB, 36 * KiB, 1],
        ['L2', MiB, 768 * KiB, 1],
        ['L3', 32 * MiB, 4 * MiB, 2],
      ],
    );
  });

  it('takes each level’s bandwidth from the points well inside it', () => {
    const curve: BandwidthCurve = {
      kernel: 'read',
      threads: 1,
      points: [4 * KiB, 8 * KiB, 64 * KiB, 256 * KiB, 2 * MiB, 64 * MiB, 128 * MiB].map((workingSetBytes, i) => {
        const gbPerSecond = [110, 114, 60, 100, 90, 30, 26][i]!;
        return { workingSetBytes, gbPerSecond, medianGbPerSecond: gbPerSecond, minGbPerSecond: gbPerSecond };
      }),
    };
    const table = bandwidthByLevel(curve, [
      { name: 'L1d', bytes: 32 * KiB },
      { name: 'L2', bytes: MiB },
      { name: 'L3', bytes: 8 * MiB },
    ]);
    assert.deepEqual(
      table.map((l) => [l.level, l.gbPerSecond, l.points]),
      [
        ['L1d', 112, 2],
        ['L2', 80, 2],
        ['L3', 90, 1],
        ['DRAM', 28, 2],
      ],
    );
  });

  it('starts DRAM past 2× the reported L3, or past 4× the measured one when the staircase stopped early', () => {
    const machine = probedMachine();
    const curve: BandwidthCurve = {
      kernel: 'read',
      threads: 1,
      points: [8 * MiB, 24 * MiB, 48 * MiB, 128 * MiB].map((workingSetBytes, i) => {
        const gbPerSecond = [80, 50, 40, 30][i]!;
        return { workingSetBytes, gbPerSecond, medianGbPerSecond: gbPerSecond, minGbPerSecond: gbPerSecond };
      }),
    };
    const probe = { ...machine.probe!, bandwidth: { method: 'fixture', curves: [curve], elapsedMs: 1 } };
    const dram = (p: ProbeResult) => bandwidthTable(p, levelSizes({ ...machine, probe: p }))[0]!.levels.at(-1)!;
    // Reported 32 MiB: DRAM from 64 MiB.
    assert.deepEqual(dram(probe), { level: 'DRAM', gbPerSecond: 30, points: 1 });
    const coverage = {
      maxBytes: 128 * MiB,
      wantedMaxBytes: 128 * MiB,
      llcBytes: 32 * MiB,
      truncated: false,
      reason: null,
    };
    const stopped = { ...probe, coverage: { ...coverage, stoppedEarly: 'every level seen' } };
    // Measured 4 MiB: DRAM from 16 MiB.
    assert.deepEqual(dram(stopped), { level: 'DRAM', gbPerSecond: 40, points: 3 });
  });

  it('predicts each chunk cliff from the reported and the measured size, per core', () => {
    const [chunked] = compareChunkCliffs(probedMachine(), [getVariant('chunked'), getVariant('loop')]);
    assert.equal(chunked!.variant, 'chunked');
    assert.equal(chunked!.arrays, 3);
    assert.deepEqual(
      chunked!.predicted.map((c) => [c.level, c.reportedChunk, c.measuredChunk]),
      [
        ['L1d', Math.floor((32 * KiB) / 24), Math.floor((36 * KiB) / 24)],
        ['L2', Math.floor(MiB / 24), Math.floor((768 * KiB) / 24)],
        ['L3', Math.floor((16 * MiB) / 24), Math.floor((2 * MiB) / 24)],
      ],
    );
    assert.equal(chunked!.measured, null);
  });

  it('estimates the page walk’s share of the largest working set from the one-line-per-page chase', () => {
    const walk = pageWalkEstimate(probedMachine().probe!)!;
    assert.equal(walk.pages, 32768);
    assert.deepEqual([walk.fromPages, walk.toPages], [32768, 32768]);
    close(walk.translationNs, 44 - 14);
    close(walk.share, 30 / 180);
    assert.equal(pageWalkEstimate({ ...probedMachine().probe!, tlb: undefined }), null);
    // A disturbed top point (the lines fell to DRAM) does not move it; points below the octave do not count.
    const probe = probedMachine().probe!;
    const disturbed = {
      ...probe,
      tlb: {
        ...probe.tlb!,
        spread: [
          { workingSetBytes: 256 * KiB, nsPerLoad: 10, relativeLatency: 10, pages: 4096 },
          { workingSetBytes: MiB + MiB / 2, nsPerLoad: 45, relativeLatency: 45, pages: 24576 },
          { workingSetBytes: 2 * MiB, nsPerLoad: 210, relativeLatency: 210, pages: 32768 },
        ],
      },
    };
    const quiet = pageWalkEstimate(disturbed)!;
    assert.deepEqual([quiet.fromPages, quiet.toPages], [24576, 32768]);
    assert.ok(quiet.translationNs > 30 && quiet.translationNs < 40, String(quiet.translationNs));
  });
});

describe('predictVariants over the registry', () => {
  it('predicts every variant that declares its work, and says why the others are left out', () => {
    const { predictions, skipped } = predictVariants(
      probedMachine(),
      VARIANTS,
      1e8,
      defaultKernelOptions({ workers: 2 }),
      {
        loop: 2.5,
      },
    );
    assert.deepEqual(
      skipped.map((s) => s.variant),
      ['idiomatic', 'closed-form'],
    );
    const loop = predictions.find((p) => p.variant === 'loop')!;
    close(loop.prediction.nsPerTerm, 1.25);
    close(loop.ratio!, 2);
    const chunked = predictions.find((p) => p.variant === 'chunked')!;
    assert.deepEqual(
      chunked.traffic.map((t) => [t.level, t.bytesPerTerm]),
      [
        ['L1d', 48],
        ['L2', 48],
        ['L3', 0],
        ['DRAM', 0],
      ],
    );
    const none = predictVariants(
      { ...probedMachine(), probe: null },
      [getVariant('loop')],
      1e8,
      defaultKernelOptions(),
    );
    assert.match(none.skipped[0]!.reason, /no bandwidth or compute probe recorded/);
  });

  it('declares as many written arrays per term as each array variant keeps live', () => {
    for (const variant of VARIANTS) {
      const w = variant.work?.(defaultKernelOptions({ workers: 1, chunk: 1e9 }));
      if (!w) continue;
      const arrays = variant.footprintBytes(1e6, defaultKernelOptions({ workers: 1, chunk: 1e9 })) / 8e6;
      const written = w.passes.reduce((sum, p) => sum + p.writeBytes, 0) / 8;
      assert.equal(written, arrays, variant.name);
      // A parallel variant's passes are its inner variant's steps, not its own (spawn, sum, terminate).
      if (variant.steps && !variant.options.includes('inner'))
        assert.deepEqual(
          w.passes.map((p) => p.step),
          [...variant.steps],
          variant.name,
        );
      for (const p of w.passes) assert.ok(p.freshBytes <= p.writeBytes && p.dependentAdds >= 0, variant.name);
    }
  });
});
