import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultKernelOptions, getVariant } from '../src/kernels/registry.js';
import type { Measurement, MeasureSettings } from '../src/measure/measure.js';
import { checkProcesses, createProcessMeasurer, poolMeasurements, shareOfSettings } from '../src/measure/processes.js';
import { pointWorkMs } from '../src/measure/estimate.js';
import { summarize } from '../src/measure/stats.js';
import { ResultsFileSchema } from '../src/results/schema.js';
import { ArgumentError } from '../src/util/errors.js';
import { loopSweep, runCli, tempDir } from './helpers.js';

const QUICK: MeasureSettings = { warmupRuns: 2, minSamples: 3, minTimeMs: 200, maxSamples: 50 };

function measurement(samplesMs: number[], batch = 1, extra: Partial<Measurement> = {}): Measurement {
  return {
    samplesMs,
    batch,
    targetSampleMs: 1,
    stats: summarize(samplesMs),
    sum: 1.6,
    pageFaultsPerCall: 0,
    ...extra,
  };
}

describe('spreading a point over processes', () => {
  it('keeps the slowest process’s canary reading, and none when no process read one', () => {
    const pooled = poolMeasurements([
      measurement([1, 2], 1, { canary: { computeMs: 4, cacheMs: 2.6 } }),
      measurement([1, 2], 1, { canary: { computeMs: 4.4, cacheMs: 2.4 } }),
    ]);
    assert.deepEqual(pooled.canary, { computeMs: 4.4, cacheMs: 2.6 });
    assert.equal(poolMeasurements([measurement([1]), measurement([2])]).canary, undefined);
  });

  it('gives each of k processes its share of the samples and time, but the whole warm-up', () => {
    assert.equal(shareOfSettings(QUICK, 1), QUICK);
    assert.deepEqual(shareOfSettings(QUICK, 3), { warmupRuns: 2, minSamples: 1, minTimeMs: 200 / 3, maxSamples: 17 });
    // Never below one sample each, however many processes.
    assert.equal(shareOfSettings({ ...QUICK, minSamples: 2, maxSamples: 2 }, 5).minSamples, 1);
    assert.equal(shareOfSettings({ ...QUICK, minSamples: 10 }, 4).minSamples, 3);
  });

  it('pools samples in process order, with statistics over all of them and each process’s share', () => {
    const pooled = poolMeasurements([
      measurement([10, 11, 12], 4, { pageFaultsPerCall: 2, sum: 1 }),
      measurement([20, 21], 2, { pageFaultsPerCall: 4, sum: 2 }),
    ]);
    assert.deepEqual(pooled.samplesMs, [10, 11, 12, 20, 21]);
    assert.equal(pooled.stats.medianMs, 12);
    assert.equal(pooled.stats.count, 5);
    assert.equal(pooled.batch, 2, 'the smallest batch');
    assert.equal(pooled.pageFaultsPerCall, 3);
    assert.equal(pooled.sum, 2, 'the last process’s sum');
    assert.deepEqual(pooled.processes, [
      { samples: 3, medianMs: 11, batch: 4 },
      { samples: 2, medianMs: 20.5, batch: 2 },
    ]);
  });

  it('pools step samples and takes each step’s median over all of them', () => {
    const pooled = poolMeasurements([
      measurement([3, 3], 1, { stepSamplesMs: { divide: [1, 2], sum: [5, 5] }, steps: { divide: 1.5, sum: 5 } }),
      measurement([4], 1, { stepSamplesMs: { divide: [9], sum: [6] }, steps: { divide: 9, sum: 6 } }),
    ]);
    assert.deepEqual(pooled.stepSamplesMs, { divide: [1, 2, 9], sum: [5, 5, 6] });
    assert.deepEqual(pooled.steps, { divide: 2, sum: 5 });
  });

  it('returns a single measurement unchanged, without a processes list', () => {
    const one = measurement([1, 2, 3]);
    assert.equal(poolMeasurements([one]), one);
    assert.throws(() => poolMeasurements([]), RangeError);
  });

  it('refuses a process count outside [1, 20], naming it', () => {
    for (const bad of [0, -1, 1.5, 21, Number.NaN])
      assert.throws(
        () => checkProcesses(bad),
        (error: unknown) => error instanceof ArgumentError && /\[1, 20\]/.test(error.message),
      );
    assert.equal(checkProcesses(3), 3);
  });

  it('estimates the warm-ups and one share of the samples per process, as the harness spends them', () => {
    // A 100 ms call: 2 warm-ups (they reach the 200 ms floor) and 3 samples in one process; in each of 3
    // processes the floor is 67 ms, so 1 warm-up and 1 sample.
    assert.equal(pointWorkMs(100, QUICK, 1_500), 500);
    assert.equal(pointWorkMs(100, QUICK, 1_500, 3), 600);
    // A 333 ms call in each of 2: one warm-up already passes the 100 ms floor, then 2 samples.
    assert.equal(pointWorkMs(333, QUICK, 1_500, 2), 2 * 3 * 333);
    // A 0.01 ms call is batched: warm-ups last the 100 ms minimum, samples are 1 ms each (200 of them, capped at 50).
    assert.equal(pointWorkMs(0.01, QUICK, 1_500), 100 + 50);
    // No time floor (bench --repeats): every warm-up asked for runs.
    assert.equal(pointWorkMs(333, { ...QUICK, minTimeMs: 0 }, 1_500), (2 + 3) * 333);
    assert.equal(pointWorkMs(2_000, QUICK, 1_500), 0);
  });
});

describe('a sweep spread over processes', () => {
  it('measures every point in k different children and records k shares and the count', async () => {
    const measurer = createProcessMeasurer('series', 2);
    const pids: number[] = [];
    try {
      const settings: MeasureSettings = { warmupRuns: 0, minSamples: 4, minTimeMs: 0, maxSamples: 4, minSampleMs: 0 };
      const pooled = await measurer.measure(getVariant('loop'), 1_000, defaultKernelOptions(), settings, {
        onChild: (pid) => pids.push(pid),
      });
      assert.equal(pooled.samplesMs.length, 4);
      assert.deepEqual(
        pooled.processes?.map((share) => share.samples),
        [2, 2],
      );
      assert.equal(new Set(pids).size, 2, 'two different children');
      // Each child read the canaries before measuring; the pooled point keeps the slower reading.
      assert.ok(pooled.canary !== undefined && pooled.canary.computeMs > 0 && pooled.canary.cacheMs > 0);
    } finally {
      await measurer.close();
    }

    const file = await loopSweep({ nGrid: [1_000, 2_000], processes: 2 });
    assert.equal(file.harness.processes, 2);
    for (const point of file.points) {
      assert.equal(point.status, 'ok');
      if (point.status === 'ok') {
        assert.equal(point.processes?.length, 2);
        assert.ok((point.canaryMs ?? 0) > 0 && (point.cacheCanaryMs ?? 0) > 0, 'the children’s canary readings');
        assert.equal('canary' in point, false);
      }
    }
    assert.ok(ResultsFileSchema.safeParse(file).success);
  });

  it('measures in one process with isolation none, whatever the profile asks', async () => {
    const file = await loopSweep({ nGrid: [1_000], processes: 3 }, { isolate: 'none' });
    assert.equal(file.harness.processes, 1);
    assert.equal(file.points[0]?.status === 'ok' ? file.points[0].processes : 'not ok', undefined);
    // No child: the canaries are read in this process.
    assert.ok(file.points[0]?.status === 'ok' && (file.points[0].cacheCanaryMs ?? 0) > 0);
  });

  it('the sweep command refuses a bad --processes in one line, and more than one without a child', () => {
    const bad = runCli(['sweep', '--kind', 'n', '--profile', 'smoke', '--processes', '0', '--out', tempDir()]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--processes must be an integer in \[1, 20\] \(got "0"\)/);
    const inProcess = runCli([
      'sweep',
      '--kind',
      'n',
      '--profile',
      'smoke',
      '--processes',
      '2',
      '--isolate',
      'none',
      '--out',
      tempDir(),
    ]);
    assert.equal(inProcess.status, 2);
    assert.match(inProcess.stderr, /--processes above 1 needs child processes/);
  });
});
