// The probe's measurements on tiny grids: that each runs and returns well-formed data (shape only, never speed).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aggregateGbPerSecond, measureBandwidth } from '../src/machine/bandwidth.js';
import { COMPUTE_KERNELS, measureCompute } from '../src/machine/compute.js';
import { FEWEST_REPEATS, measureFirstTouch } from '../src/machine/first-touch.js';
import { describePages, measureLatency, parseThpMode } from '../src/machine/latency.js';
import { probeMachine, probeTasks } from '../src/machine/probe.js';
import { estimateProbeMs } from '../src/machine/probe-estimate.js';
import { planProbe, probeShortfalls } from '../src/machine/probe-settings.js';
import { PROFILE_SETTINGS } from '../src/measure/profiles.js';
import { PROBE_SECTIONS } from '../src/machine/record.js';
import { validateMachineRecord } from '../src/machine/validate.js';
import { REFERENCE_M1_PRO } from '../src/machine/reference-m1-pro.js';
import { cache, KiB } from './machine-fixtures.js';

const positive = (x: number): boolean => Number.isFinite(x) && x > 0;

describe('probe measurements (tiny runs)', () => {
  it('chases one line per page as well as packed lines', () => {
    const points = measureLatency({ layout: 'spread', sizes: [4 * KiB, 16 * KiB], loads: 1024, repeats: 2 });
    assert.deepEqual(
      points.map((p) => p.workingSetBytes),
      [4 * KiB, 16 * KiB],
    );
    assert.ok(points.every((p) => positive(p.nsPerLoad)));
  });

  it('ends the grid where stopAfter says, measuring none of the sizes after it', () => {
    const asked: number[] = [];
    const points = measureLatency({
      layout: 'packed',
      sizes: [4 * KiB, 8 * KiB, 16 * KiB, 32 * KiB],
      loads: 1024,
      repeats: 2,
      stopAfter: (sofar) => {
        asked.push(sofar.length);
        return sofar.length === 2;
      },
    });
    assert.deepEqual(
      points.map((p) => p.workingSetBytes),
      [4 * KiB, 8 * KiB],
    );
    assert.deepEqual(asked, [1, 2]);
  });

  it('streams read, write and copy on 1 and 2 threads started together', async () => {
    const curves = await measureBandwidth({
      sizes: [4 * KiB, 64 * KiB],
      threads: [1, 2],
      bytesPerRepeat: 256 * KiB,
      repeats: 2,
    });
    assert.deepEqual(
      curves.map((c) => [c.kernel, c.threads, c.points.map((p) => p.workingSetBytes)]),
      [
        ['read', 1, [4 * KiB, 64 * KiB]],
        ['write', 1, [4 * KiB, 64 * KiB]],
        ['copy', 1, [4 * KiB, 64 * KiB]],
        ['read', 2, [4 * KiB, 64 * KiB]],
        ['write', 2, [4 * KiB, 64 * KiB]],
        ['copy', 2, [4 * KiB, 64 * KiB]],
      ],
    );
    for (const p of curves.flatMap((c) => c.points))
      assert.ok(
        positive(p.minGbPerSecond) && p.minGbPerSecond <= p.medianGbPerSecond && p.medianGbPerSecond <= p.gbPerSecond,
      );
  });

  it('adds all threads’ bytes over the slowest thread’s time', () => {
    assert.deepEqual(
      aggregateGbPerSecond(100, [
        [10, 20],
        [20, 10],
      ]),
      [10, 10],
    );
  });

  it('times first touch and counts page faults', () => {
    const [point] = measureFirstTouch({ sizes: [64 * 4096], repeats: 1 });
    assert.equal(point!.bytes, 64 * 4096);
    assert.ok(positive(point!.freshMs) && positive(point!.touchedMs) && point!.faultsPerPage >= 0);
  });

  it('stops a long size at the fewest repeats, and records how many it took', () => {
    const [long, short] = [
      measureFirstTouch({ sizes: [16 * 4096], repeats: 6, longSizeMs: 0 }),
      measureFirstTouch({ sizes: [16 * 4096], repeats: 6, longSizeMs: 60_000 }),
    ];
    assert.equal(long[0]!.repeats, FEWEST_REPEATS);
    assert.equal(short[0]!.repeats, 6);
  });

  it('measures every compute ceiling', () => {
    const ceilings = measureCompute({ iterations: 1000, repeats: 1 });
    assert.equal(ceilings.length, COMPUTE_KERNELS.length);
    assert.ok(ceilings.every((c) => positive(c.opsPerNs)));
  });

  it('reads the transparent huge page mode and says why a huge-page chase is or is not possible', () => {
    assert.equal(parseThpMode('always [madvise] never\n'), 'madvise');
    assert.equal(parseThpMode(null), null);
    const madvise = describePages(0, () => 'always [madvise] never');
    assert.deepEqual([madvise.transparentHugePages, madvise.hugePages.used], ['madvise', false]);
    assert.match(madvise.hugePages.reason, /Node\.js cannot madvise/);
    assert.equal(describePages(4 * 1024 * 1024, () => '[always] madvise never').hugePages.used, true);
    assert.match(describePages(null, () => null).hugePages.reason, /not Linux/);
  });
});

describe('probeMachine', () => {
  it('estimates every task of a plan at a positive time', () => {
    const plan = planProbe(PROFILE_SETTINGS.quick.probe, { caches: [], memoryBudgetBytes: null, cores: 2 });
    const tasks = probeTasks(plan);
    assert.equal(tasks.filter((t) => t.section === 'latency').length, plan.sizes.length);
    assert.equal(tasks.filter((t) => t.section === 'bandwidth').length, plan.sizes.length * 3 * 2);
    assert.ok(tasks.every((t) => positive(estimateProbeMs(t, []))));
  });

  it('runs every section at the smoke profile and records what it ran at (shape only)', async () => {
    const caches = [cache(1, 'data', 32 * KiB, 1)];
    const progress: number[] = [];
    let measuredAll = true;
    const probe = await probeMachine(
      { caches, memory: { totalBytes: null, availableBytes: null } },
      {
        profile: 'smoke',
        settings: PROFILE_SETTINGS.smoke.probe,
        cores: 2,
        onProgress: (p) => {
          progress.push(p.doneMs / p.totalMs);
          measuredAll &&= p.measuredMs === p.doneMs; // nothing skipped here: every task was measured
        },
      },
    );
    assert.ok(measuredAll, 'without an early stop every finished task counts in the pace');
    assert.equal(probe.profile, 'smoke');
    assert.deepEqual(probe.settings, PROFILE_SETTINGS.smoke.probe);
    assert.equal(probe.errors, undefined);
    for (const section of ['tlb', 'bandwidth', 'firstTouch', 'compute'] as const) assert.ok(probe[section], section);
    assert.ok(PROBE_SECTIONS.every((s) => !(s in (probe.errors ?? {}))));
    assert.equal(
      probe.points.length,
      planProbe(PROFILE_SETTINGS.smoke.probe, { caches, memoryBudgetBytes: null, cores: 2 }).sizes.length,
    );
    assert.ok(progress.every((f, i) => f > 0 && f <= 1 + 1e-9 && (i === 0 || f >= progress[i - 1]!)));
    assert.ok(Math.abs(progress[progress.length - 1]! - 1) < 1e-9, 'progress ends at 100%');
    assert.deepEqual(probeShortfalls(probe, PROFILE_SETTINGS['smoke'].probe, 'smoke'), []);
    assert.notDeepEqual(probeShortfalls(probe, PROFILE_SETTINGS['quick'].probe, 'quick'), []);
    // What it records passes the schema it will be read back with.
    const record = validateMachineRecord(JSON.parse(JSON.stringify({ ...REFERENCE_M1_PRO, probe })), 'probe');
    assert.deepEqual(record.probe, JSON.parse(JSON.stringify(probe)));
  });
});
