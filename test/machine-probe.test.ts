// Cache probe: the working-set grid, the plateau/cliff detector on synthetic staircases, naming and findings, a tiny real run.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  assignCliffs,
  cacheSizeFindings,
  describeBoundaries,
  detectStaircase,
  staircaseSeenEnough,
  smoothMedian3,
  type CurvePoint,
} from '../src/machine/cliffs.js';
import { random32 } from '../src/machine/chase-order.js';
import { measureLoadLatency, probeSizes } from '../src/machine/probe.js';
import type { ProbePoint } from '../src/machine/record.js';
import { KiB, MiB, VM_CACHES } from './machine-fixtures.js';

const CACHES = VM_CACHES;

/**
 * A latency curve on the probe's grid (4 KiB..256 MiB, 4 per octave): level k up to edges[k], and
 * above the last edge the last level, times a deterministic multiplicative noise of ±`noise`.
 */
function staircase(edges: number[], levels: number[], noise = 0, seed = 1): ProbePoint[] {
  const next = random32(seed);
  return probeSizes(4 * KiB, 256 * MiB, 4).map((bytes) => {
    const step = edges.filter((edge) => bytes > edge).length;
    const ns = levels[step]! * (1 + noise * (2 * next() - 1));
    return { workingSetBytes: bytes, nsPerLoad: ns, relativeLatency: ns / levels[0]! };
  });
}

const curve = (points: ProbePoint[]): CurvePoint[] =>
  points.map((p) => ({ workingSetBytes: p.workingSetBytes, value: p.relativeLatency }));

/** Each found cliff within a factor `within` of the expected edge (the detector interpolates between grid points). */
function assertCliffs(found: number[], expected: number[], within = 1.25): void {
  assert.equal(found.length, expected.length, `cliffs ${found.join(', ')} vs ${expected.join(', ')}`);
  found.forEach((cliff, i) =>
    assert.ok(cliff / expected[i]! < within && expected[i]! / cliff < within, `cliff ${cliff} vs ${expected[i]}`),
  );
}

describe('cache probe grid', () => {
  it('spaces working sets 4 per octave from 4 KiB to 256 MiB in whole lines', () => {
    const sizes = probeSizes(4 * KiB, 256 * MiB, 4);
    assert.equal(sizes[0], 4 * KiB);
    assert.equal(sizes[sizes.length - 1], 256 * MiB);
    assert.equal(sizes.length, 65);
    assert.ok(sizes.every((s, i) => s % 64 === 0 && (i === 0 || s > sizes[i - 1]!)));
  });
});

describe('plateau and cliff detector', () => {
  it('smoothMedian3 removes a single spike', () => {
    assert.deepEqual(smoothMedian3([1, 1, 9, 1, 1]), [1, 1, 1, 1, 1]);
  });

  it('finds the three edges of a clean staircase, with a plateau per level', () => {
    const { cliffs, plateaus } = detectStaircase(curve(staircase([32 * KiB, MiB, 32 * MiB], [1.2, 4, 15, 150])));
    assertCliffs(cliffs, [32 * KiB, MiB, 32 * MiB]);
    assert.deepEqual(
      plateaus.map((p) => Math.round(p.level * 1.2 * 10) / 10),
      [1.2, 4, 15, 150],
    );
    assert.equal(plateaus[0]!.fromBytes, 4 * KiB);
    assert.equal(plateaus[3]!.toBytes, 256 * MiB);
  });

  for (const seed of [1, 2, 3, 4, 5]) {
    it(`finds the same edges under ±10% noise (seed ${seed})`, () => {
      const points = staircase([32 * KiB, MiB, 32 * MiB], [1.2, 4, 15, 150], 0.1, seed);
      assertCliffs(detectStaircase(curve(points)).cliffs, [32 * KiB, MiB, 32 * MiB], 1.5);
    });
  }

  it('ignores a single stray point on a plateau', () => {
    const points = staircase([32 * KiB, MiB], [1.2, 4, 15]);
    points[5] = { ...points[5]!, relativeLatency: 5 };
    assertCliffs(detectStaircase(curve(points)).cliffs, [32 * KiB, MiB]);
  });

  it('finds two cliffs when a level is missing', () => {
    const points = staircase([32 * KiB, 32 * MiB], [1.2, 4, 150], 0.05);
    assertCliffs(detectStaircase(curve(points)).cliffs, [32 * KiB, 32 * MiB], 1.4);
  });

  it('takes a slow drift (DRAM with a growing page-walk share) for one plateau, not a cliff', () => {
    const points = staircase([32 * KiB], [1.2, 100]).map((p) =>
      p.workingSetBytes > 32 * KiB
        ? { ...p, relativeLatency: p.relativeLatency * (p.workingSetBytes / MiB) ** 0.05 }
        : p,
    );
    assert.equal(detectStaircase(curve(points)).cliffs.length, 1);
  });

  it('places a gradual transition between its two plateaus', () => {
    // 4 ns up to 1 MiB, then rising smoothly to 15 ns at 4 MiB (an L2 with a small, shared L3 behind it).
    const points = probeSizes(4 * KiB, 64 * MiB, 4).map((bytes) => {
      const t = Math.min(1, Math.max(0, Math.log2(bytes / MiB) / 2));
      const ns = 4 * (15 / 4) ** t;
      return { workingSetBytes: bytes, nsPerLoad: ns, relativeLatency: ns };
    });
    const { cliffs } = detectStaircase(curve(points));
    assert.equal(cliffs.length, 1);
    assert.ok(cliffs[0]! > MiB && cliffs[0]! < 4 * MiB, String(cliffs[0]));
  });

  it('finds nothing on a flat or too-short curve', () => {
    assert.deepEqual(detectStaircase(curve(staircase([], [2]))).cliffs, []);
    assert.deepEqual(detectStaircase([{ workingSetBytes: 4096, value: 1 }]), { plateaus: [], cliffs: [] });
  });
});

describe('naming the cliffs', () => {
  it('pairs cliffs with levels in order when the counts match', () => {
    assert.deepEqual(assignCliffs([30e3, 1e6, 30e6], [{ bytes: 32e3 }, { bytes: 1e6 }, { bytes: 32e6 }]), [0, 1, 2]);
  });

  it('names the first cliffs when there are more than levels, however far the last cache is from its size', () => {
    // This VM with a disturbed DRAM point: the real L3 cliff at 6 MiB, an extra one at 48 MiB.
    assert.deepEqual(
      assignCliffs([35e3, 8e5, 6e6, 48e6], [{ bytes: 32e3 }, { bytes: 1e6 }, { bytes: 32e6 }]),
      [0, 1, 2],
    );
  });

  it('leaves the missing level without a cliff instead of shifting the names', () => {
    assert.deepEqual(assignCliffs([30e3, 30e6], [{ bytes: 32e3 }, { bytes: 1e6 }, { bytes: 32e6 }]), [0, null, 1]);
  });

  it('names boundaries after the reported levels, with reasons and a finding for a > 2× disagreement', () => {
    // This VM: the L3 cliff comes at ~5 MiB although 32 MiB is reported.
    const points = staircase([32 * KiB, MiB, 5 * MiB], [1.2, 4, 15, 150]);
    const boundaries = describeBoundaries(points, CACHES);
    assert.deepEqual(
      boundaries.map((b) => b.name),
      ['L1d', 'L2', 'L3'],
    );
    assert.ok(boundaries.every((b) => b.ratio !== null));
    const findings = cacheSizeFindings(boundaries);
    assert.deepEqual(
      findings.map((f) => [f.kind, f.level, f.reportedBytes]),
      [['cache-size-disagrees', 'L3', 32 * MiB]],
    );
    assert.ok(findings[0]!.ratio < 0.25);
  });

  it('gives a missing level a reason and lists extra cliffs', () => {
    const two = describeBoundaries(staircase([32 * KiB, MiB], [1.2, 4, 15]), CACHES);
    assert.equal(two[2]!.detectedBytes, null);
    assert.match(two[2]!.reason!, /no cliff found for L3 \(2 cliff\(s\)/);
    const four = describeBoundaries(staircase([32 * KiB, MiB, 32 * MiB, 128 * MiB], [1.2, 4, 15, 100, 300]), CACHES);
    assert.equal(four.length, 4);
    assert.match(four[3]!.reason!, /more cliffs than reported cache levels/);
  });
});

describe('when the staircase has seen enough', () => {
  /** The staircase's points one by one: the first size at which staircaseSeenEnough gives a reason, and it. */
  function firstStop(points: ProbePoint[], caches: typeof CACHES, floor = 64 * MiB): [number, string] | null {
    for (let i = 1; i <= points.length; i++) {
      const reason = staircaseSeenEnough(points.slice(0, i), caches, 4, floor);
      if (reason !== null) return [points[i - 1]!.workingSetBytes, reason];
    }
    return null;
  }
  const socketL3 = CACHES.map((c) => (c.level === 3 ? { ...c, sizeBytes: 508 * MiB } : c));

  it('stops a grid sized from a 508 MiB reported L3 at 4× the 8 MiB L3 it saw, saying so', () => {
    const stop = firstStop(staircase([48 * KiB, MiB, 8 * MiB], [1.2, 4, 15, 150]), socketL3);
    assert.ok(stop !== null);
    assert.ok(stop[0] >= 4 * 8 * MiB && stop[0] <= 64 * MiB, `stopped at ${stop[0]}`);
    assert.match(
      stop[1],
      /^every level seen, the last \(L3\) at \d+ bytes \(reported 532676608\): stopped at \d+ bytes, 4× past it$/,
    );
  });

  it('goes on to 4× a 32 MiB L3 seen where it is reported', () => {
    const stop = firstStop(staircase([32 * KiB, MiB, 32 * MiB], [1.2, 4, 15, 150]), CACHES);
    assert.ok(stop !== null);
    assert.ok(stop[0] >= 4 * 30 * MiB && stop[0] <= 4 * 40 * MiB, `stopped at ${stop[0]}`);
  });

  it('stops where a level’s cliff is missing once the last sizes are all main-memory slow', () => {
    // L1d and L2 seen, no L3 cliff (a neighbour blurred it into main memory's 120 ns past 1 MiB).
    const blurred = staircase([48 * KiB, MiB], [1.2, 4, 120]);
    assert.equal(describeBoundaries(blurred, socketL3)[2]!.detectedBytes, null, 'the test needs an unseen L3');
    const stop = firstStop(blurred, socketL3);
    assert.ok(stop !== null);
    assert.equal(stop[0], 64 * MiB, 'at the floor, not at 4× the reported 508 MiB');
    assert.match(
      stop[1],
      /^no cliff found for L3, but the last 4 sizes \(\d+–67108864 bytes\) each took 60 ns or more per load, slower than any cache: main memory reached, stopped at 67108864 bytes$/,
    );
    // Slower than the caches but under main memory's latency (a large L3 plateau): no stop.
    assert.equal(firstStop(staircase([48 * KiB, MiB], [1.2, 4, 40]), socketL3), null);
  });

  it('never stops while a level has no cliff, nor before the floor', () => {
    assert.equal(firstStop(staircase([32 * KiB, MiB], [1.2, 4, 15]), CACHES), null);
    const stop = firstStop(staircase([16 * KiB, 64 * KiB, 256 * KiB], [1.2, 4, 15, 150]), CACHES, 128 * MiB);
    assert.equal(stop?.[0], 128 * MiB);
  });
});

describe('latency measurement (tiny real run: shape only, not a speed test)', () => {
  it('measures a positive latency, with its spread, for every working set', () => {
    const points = measureLoadLatency({
      minBytes: 4 * KiB,
      maxBytes: 64 * KiB,
      stepsPerOctave: 1,
      loads: 4096,
      repeats: 2,
    });
    assert.deepEqual(
      points.map((p) => p.workingSetBytes),
      [4 * KiB, 8 * KiB, 16 * KiB, 32 * KiB, 64 * KiB],
    );
    for (const p of points) {
      assert.ok(p.nsPerLoad > 0 && p.relativeLatency > 0);
      assert.ok(p.minNsPerLoad! <= p.nsPerLoad && p.nsPerLoad <= p.maxNsPerLoad!);
    }
  });
});
