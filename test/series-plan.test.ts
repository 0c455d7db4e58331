// The per-series time budget planned before measuring: which points fit, the estimates, and a sweep that honours it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { memoryBudget } from '../src/kernels/memory.js';
import { defaultKernelOptions, getVariant } from '../src/kernels/registry.js';
import { callMsFor, modelCallTime } from '../src/measure/estimate.js';
import { PROFILE_SETTINGS } from '../src/measure/profiles.js';
import {
  applySeriesBudget,
  CHILD_START_MS,
  estimatePointsMs,
  estimatePointsMsFresh,
  POINT_OVERHEAD_MS_PER_PROCESS,
} from '../src/measure/series-plan.js';
import type { SweepProgress } from '../src/measure/sweep.js';
import { describeSkip } from '../src/results/skip.js';
import { ResultsFileSchema, type PointParams } from '../src/results/schema.js';
import { loopSweep } from './helpers.js';

const loop = (n: number): PointParams => ({ variant: 'loop', n });
const arrays = (n: number): PointParams => ({ variant: 'arrays', n, memory: 'fresh' });

describe('applySeriesBudget', () => {
  it('takes each series in order while it fits, then leaves out the rest of that series only', () => {
    const points = [loop(1e5), arrays(1e5), loop(1e6), arrays(1e6), loop(1e7), arrays(1e7), loop(1e8)];
    const over = applySeriesBudget(points, [1, 2, 10, 20, 100, 200, 5], 150);
    // loop: 1 + 10 + 100 + 5 = 116 fits; arrays: 2 + 20 + 200 = 222 does not at 1e7.
    assert.deepEqual(over, [null, null, null, null, null, { seriesMs: 222, estimateMs: 200 }, null]);
  });

  it('closes a series at its first point over the budget, even if a later one is cheap', () => {
    const points = [loop(1e5), loop(1e6), loop(1e7)];
    assert.deepEqual(applySeriesBudget(points, [10, 100, 1], 50), [
      null,
      { seriesMs: 110, estimateMs: 100 },
      { seriesMs: 111, estimateMs: 1 },
    ]);
  });

  it('tells chunk sizes of one variant apart from workers counts: chunk is the grid, workers a series', () => {
    const chunked = (chunk: number): PointParams => ({ variant: 'chunked', n: 1e8, chunk });
    const workers = (w: number): PointParams => ({ variant: 'workers', n: 1e8, chunk: 20000, workers: w });
    const over = applySeriesBudget([chunked(500), chunked(5000), workers(1), workers(2)], [40, 40, 40, 40], 60);
    assert.deepEqual(over, [null, { seriesMs: 80, estimateMs: 40 }, null, null]);
  });

  it('lets a point estimated at nothing through (refused by the memory guard, or not timeable here)', () => {
    assert.deepEqual(applySeriesBudget([loop(1e5), loop(1e6)], [0, 0], 0), [null, null]);
  });
});

describe('estimatePointsMs', () => {
  it('estimates every point, more for larger N, nothing for one the memory guard refuses', async () => {
    const budget = { usableBytes: 64 * 1024 * 1024, availableBytes: 128 * 1024 * 1024, maxArrayLength: 2 ** 32 };
    const points = [loop(1e4), loop(1e6), arrays(1e9)];
    const estimates = await estimatePointsMs(points, PROFILE_SETTINGS.smoke, false, budget, false);
    assert.equal(estimates.length, 3);
    assert.ok(estimates[0]! > POINT_OVERHEAD_MS_PER_PROCESS && estimates[1]! > estimates[0]!, estimates.join(', '));
    assert.equal(estimates[2], 0);
    // Measured in children, the series' first point also pays their start.
    const isolated = await estimatePointsMs(points, { ...PROFILE_SETTINGS.smoke, processes: 2 }, false, budget, true);
    assert.ok(isolated[0]! >= 2 * CHILD_START_MS + 2 * POINT_OVERHEAD_MS_PER_PROCESS, isolated.join(', '));
    assert.ok(isolated[1]! < CHILD_START_MS, isolated.join(', '));
  });
});

describe('callMsFor and modelCallTime', () => {
  it('costs a model timed while its scratch grew by the steady cost per term plus its real footprint', () => {
    // Timed while the footprint grew 24 B per term: 10 ns per term, of which 4 are terms (a smaller
    // chunk's steady cost), so 6 ns per 24 B. At N = 1e8 with 384 MB of scratch: 1 + 400 + 96 ms.
    const model = { fixedMs: 1, msPerTerm: 1e-5, fromN: 2_560_000, footprintPerTerm: 24 };
    assert.equal(callMsFor(model, 1e8, 24 * 16e6, 4e-6), 1 + 4e-6 * 1e8 + (6e-6 / 24) * 24 * 16e6);
    // Without a steady sibling, or with the footprint still growing at N, the line itself.
    assert.equal(callMsFor(model, 1e8, 24 * 16e6, null), 1 + 1e-5 * 1e8);
    assert.equal(callMsFor(model, 1e8, 24 * 1e8, 4e-6), 1 + 1e-5 * 1e8);
    // A steady model (footprint no longer growing) is its line.
    assert.equal(callMsFor({ ...model, footprintPerTerm: 0 }, 1e8, 24 * 1000, 4e-6), 1 + 1e-5 * 1e8);
  });

  it('times a chunked variant past its scratch growth when it can, and says when it could not', async () => {
    const chunked = getVariant('chunked');
    const options = (chunk: number) => ({ ...defaultKernelOptions({ timeSteps: false }), chunk });
    const small = await modelCallTime(chunked, 1e8, options(1000));
    assert.equal(small.footprintPerTerm, 0);
    // 16 M terms of three scratch arrays are 384 MB: past the 64 MiB the model may allocate.
    const large = await modelCallTime(chunked, 1e8, options(16_000_000));
    assert.equal(large.footprintPerTerm, 24);
    assert.ok(chunked.footprintBytes(large.fromN, options(16_000_000)) <= 64 * 1024 * 1024);
  });
});

describe('estimatePointsMsFresh', () => {
  it('estimates in a fresh child the same way, and gives no plan once asked to stop', async () => {
    const points = [loop(1e4), loop(1e6)];
    const request = { points, settings: PROFILE_SETTINGS.smoke, timeSteps: false, budget: memoryBudget() };
    const fresh = await estimatePointsMsFresh({ ...request, isolated: false });
    assert.equal(fresh.length, 2);
    assert.ok(fresh[0]! > POINT_OVERHEAD_MS_PER_PROCESS && fresh[1]! > fresh[0]!, fresh.join(', '));
    const controller = new AbortController();
    controller.abort();
    assert.deepEqual(await estimatePointsMsFresh({ ...request, isolated: true }, controller.signal), [0, 0]);
  });
});

describe('a sweep with a series budget', () => {
  it('plans before measuring: prints the estimate and records the points over the budget with it', async () => {
    const events: SweepProgress[] = [];
    const file = await loopSweep(
      { nGrid: [1_000, 1_000_000], seriesBudgetMs: 0 },
      { onProgress: (event) => events.push(event) },
    );
    const begin = events.find((e) => e.type === 'begin');
    assert.ok(begin?.type === 'begin');
    assert.equal(begin.overBudget, 2);
    assert.equal(begin.estimatedMs, 0);
    for (const point of file.points) {
      assert.equal(point.status, 'skipped');
      if (point.status !== 'skipped' || point.skip.kind !== 'budget') continue;
      assert.equal(point.skip.budgetMs, 0);
      assert.ok(point.skip.seriesMs! > 0);
      assert.match(
        point.reason,
        /^over the smoke profile's time budget, planned before measuring: the series up to this point is estimated at /,
      );
    }
    assert.ok(ResultsFileSchema.safeParse(file).success);
  });

  it('measures by a plan made beforehand instead of estimating again', async () => {
    const events: SweepProgress[] = [];
    const plan = { estimatedMs: 1234, over: new Map([['loop|n=2000', { seriesMs: 99_000, estimateMs: 98_000 }]]) };
    const file = await loopSweep({ nGrid: [1_000, 2_000] }, { plan, onProgress: (event) => events.push(event) });
    const begin = events.find((e) => e.type === 'begin');
    assert.ok(begin?.type === 'begin');
    assert.equal(begin.estimatedMs, 1234);
    assert.equal(begin.overBudget, 1);
    assert.deepEqual(
      file.points.map((p) => [p.key, p.status]),
      [
        ['loop|n=1000', 'ok'],
        ['loop|n=2000', 'skipped'],
      ],
    );
    const skipped = file.points[1]!;
    assert.ok(skipped.status === 'skipped');
    assert.deepEqual(skipped.skip, { kind: 'budget', budgetMs: 30_000, seriesMs: 99_000, estimateMs: 98_000 });
  });

  it('says the same in its stored sentence as describeSkip', () => {
    assert.equal(
      describeSkip({ kind: 'budget', budgetMs: 60_000, seriesMs: 75_000, estimateMs: 30_000 }, loop(1e9), 'quick'),
      "over the quick profile's time budget, planned before measuring: the series up to this point is estimated at 75 s (this point 30 s), its budget 60 s",
    );
  });
});
