// Cache probe: working-set sizes, cliff detection on known curves, and a tiny real run for shape only.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeBoundaries, detectCliffs, smoothMedian3 } from '../src/machine/cliffs.js';
import { measureLoadLatency, probeSizes } from '../src/machine/probe.js';
import { makeCacheLevel } from '../src/machine/record.js';

const KiB = 1024;
const MiB = 1024 * KiB;

/** A latency curve with plateaus ending at the given sizes, on the probe's own size grid. */
function staircase(edges: number[], levels: number[], noise: Record<number, number> = {}) {
  return probeSizes(4 * KiB, 256 * MiB, 4).map((bytes, i) => {
    const step = edges.filter((edge) => bytes > edge).length;
    const nsPerLoad = (levels[step] ?? 100) * (noise[i] ?? 1);
    return { workingSetBytes: bytes, nsPerLoad, relativeLatency: nsPerLoad / levels[0]! };
  });
}

describe('cache probe', () => {
  it('spaces working sets 4 per octave from 4 KiB to 256 MiB in whole lines', () => {
    const sizes = probeSizes(4 * KiB, 256 * MiB, 4);
    assert.equal(sizes[0], 4 * KiB);
    assert.equal(sizes[sizes.length - 1], 256 * MiB);
    assert.equal(sizes.length, 65);
    assert.ok(sizes.every((s, i) => s % 64 === 0 && (i === 0 || s > sizes[i - 1]!)));
  });

  it('smoothMedian3 removes a single spike', () => {
    assert.deepEqual(smoothMedian3([1, 1, 9, 1, 1]), [1, 1, 1, 1, 1]);
  });

  it('finds the edges of a clean staircase', () => {
    const points = staircase([48 * KiB, MiB, 32 * MiB], [1.7, 3.3, 15, 90]);
    const cliffs = detectCliffs(points);
    assert.equal(cliffs.length, 3);
    const expected = [48 * KiB, MiB, 32 * MiB];
    cliffs.forEach((cliff, i) =>
      assert.ok(cliff <= expected[i]! && cliff > expected[i]! / 1.2, `cliff ${cliff} vs ${expected[i]}`),
    );
  });

  it('ignores one noisy point on a plateau and names missing levels with a reason', () => {
    const points = staircase([48 * KiB], [1.7, 6], { 5: 3 });
    const boundaries = describeBoundaries(points, [
      makeCacheLevel({
        level: 1,
        type: 'data',
        coreType: null,
        sizeBytes: 48 * KiB,
        sharedByCores: 1,
        sharedByCpus: 1,
        instances: 2,
        lineBytes: 64,
      }),
    ]);
    assert.equal(boundaries[0]!.name, 'L1d');
    assert.ok(boundaries[0]!.ratio! > 0.8 && boundaries[0]!.ratio! <= 1);
    assert.equal(boundaries[1]!.detectedBytes, null);
    assert.match(boundaries[1]!.reason!, /only 1 cliff/);
  });

  it('measures a positive latency for every working set (tiny run; not a speed test)', () => {
    const points = measureLoadLatency({
      minBytes: 4 * KiB,
      maxBytes: 64 * KiB,
      stepsPerOctave: 1,
      loads: 10_000,
      repeats: 1,
    });
    assert.deepEqual(
      points.map((p) => p.workingSetBytes),
      [4 * KiB, 8 * KiB, 16 * KiB, 32 * KiB, 64 * KiB],
    );
    assert.ok(
      points.every(
        (p) =>
          Number.isFinite(p.nsPerLoad) &&
          p.nsPerLoad > 0 &&
          Number.isFinite(p.relativeLatency) &&
          p.relativeLatency > 0,
      ),
    );
  });
});
