import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PROFILE_SETTINGS } from '../src/measure/profiles.js';
import type { KernelResult, Variant } from '../src/kernels/types.js';
import { MAX_BATCH, calibrateBatch, nextBatchSize, targetSampleMs } from '../src/measure/batch.js';
import { RunOverBudgetError, measureHarnessOverhead, measureVariant, resultSink } from '../src/measure/measure.js';

/** A variant that counts its runs and returns scripted sums and steps, so the harness's bookkeeping can be checked. */
function countingVariant(result: (run: number) => KernelResult, busyMs = 0): Variant & { runs: number } {
  return {
    runs: 0,
    name: 'counting',
    description: 'counts its runs',
    mirrors: null,
    options: [],
    roles: { sweeps: [] },
    footprintBytes: () => 0,
    run(): KernelResult {
      const end = performance.now() + busyMs;
      while (performance.now() < end);
      return result(this.runs++);
    },
  };
}

const OPTIONS = { chunk: 1, workers: 1, inner: 'loop' };

describe('measureVariant', () => {
  it('without a time floor runs exactly the warm-ups and samples asked for, reporting each sample', async () => {
    const variant = countingVariant(() => ({ sum: 1 }));
    const heard: number[] = [];
    const measured = await measureVariant(
      variant,
      10,
      OPTIONS,
      { warmupRuns: 3, minSamples: 4, minTimeMs: 0, maxSamples: 4, minSampleMs: 0 },
      { onSample: (index) => heard.push(index) },
    );
    assert.equal(variant.runs, 7);
    assert.equal(measured.samplesMs.length, 4);
    assert.deepEqual(heard, [0, 1, 2, 3]);
    assert.equal(measured.stats.count, 4);
    assert.equal(measured.batch, 1);
  });

  it('with a time floor keeps sampling until the floor, capped at maxSamples', async () => {
    const variant = countingVariant(() => ({ sum: 1 }), 2);
    const measured = await measureVariant(variant, 10, OPTIONS, {
      warmupRuns: 0,
      minSamples: 1,
      minTimeMs: 20,
      maxSamples: 100,
    });
    const total = measured.samplesMs.reduce((sum, ms) => sum + ms, 0);
    const beforeLast = total - (measured.samplesMs.at(-1) as number);
    assert.ok(total >= 20, `sampled ${total} ms`);
    assert.ok(beforeLast < 20, `kept sampling after the floor: ${measured.samplesMs.join(', ')}`);
    const capped = await measureVariant(
      countingVariant(() => ({ sum: 1 }), 2),
      10,
      OPTIONS,
      { warmupRuns: 0, minSamples: 1, minTimeMs: 1e6, maxSamples: 3 },
    );
    assert.equal(capped.samplesMs.length, 3);
  });

  it('reports the median of each step and keeps every step sample', async () => {
    const steps = [
      { a: 1, b: 10 },
      { a: 3, b: 30 },
      { a: 2, b: 20 },
    ];
    const variant = countingVariant((run) => ({ sum: 1, steps: steps[run % 3] as Record<string, number> }));
    const measured = await measureVariant(variant, 10, OPTIONS, {
      warmupRuns: 0,
      minSamples: 3,
      minTimeMs: 0,
      maxSamples: 3,
      minSampleMs: 0,
    });
    assert.deepEqual(measured.steps, { a: 2, b: 20 });
    assert.deepEqual(measured.stepSamplesMs, { a: [1, 3, 2], b: [10, 30, 20] });
  });

  it('refuses a non-finite sum, naming the variant and N', async () => {
    const variant = countingVariant(() => ({ sum: Number.NaN }));
    await assert.rejects(
      measureVariant(variant, 42, OPTIONS, PROFILE_SETTINGS.smoke.measure),
      /counting returned a non-finite sum \(NaN\) at N = 42/,
    );
  });

  it('stops with RunOverBudgetError when the first run is over budget', async () => {
    const variant = countingVariant(() => ({ sum: 1 }), 5);
    await assert.rejects(
      measureVariant(variant, 10, OPTIONS, { warmupRuns: 1, minSamples: 3, minTimeMs: 0, maxSamples: 3, maxRunMs: 1 }),
      (error: unknown) => error instanceof RunOverBudgetError && error.budgetMs === 1,
    );
    assert.equal(variant.runs, 1);
  });

  it('stops at an aborted signal before the next run', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stopped by the user'));
    const variant = countingVariant(() => ({ sum: 1 }));
    await assert.rejects(
      measureVariant(variant, 10, OPTIONS, PROFILE_SETTINGS.smoke.measure, { signal: controller.signal }),
      /stopped by the user/,
    );
    assert.equal(variant.runs, 0);
  });
});

describe('measureVariant batching', () => {
  it('times batches of calls, stores per-call samples with the batch size, and feeds every sum to the sink', async () => {
    // A call that cannot last the target alone: it returns at once, and the target is 20 ms.
    const variant = countingVariant(() => ({ sum: 1, steps: { a: 4 } }));
    const sinkBefore = resultSink;
    const measured = await measureVariant(variant, 10, OPTIONS, {
      warmupRuns: 0,
      minSamples: 3,
      minTimeMs: 0,
      maxSamples: 3,
      minSampleMs: 20,
      clockResolutionNs: 1,
    });
    assert.equal(measured.targetSampleMs, 20);
    assert.ok(Number.isInteger(measured.batch) && measured.batch > 1, `batch ${measured.batch}`);
    assert.ok(measured.batch <= MAX_BATCH);
    assert.equal(measured.samplesMs.length, 3);
    // Every sampled call ran (on top of the first call and the calibration rounds), and each returned 1 to the sink.
    assert.ok(variant.runs >= 1 + 3 * measured.batch, `${variant.runs} runs for 3 × ${measured.batch}`);
    assert.equal(resultSink - sinkBefore, variant.runs);
    // Steps are per call too: every call took "4 ms" in step a.
    assert.deepEqual(measured.stepSamplesMs, { a: [4, 4, 4] });
  });

  it('the target is the larger of the floor and 1000 × the clock resolution', () => {
    assert.equal(targetSampleMs(30), 1);
    assert.equal(targetSampleMs(2_000), 2);
    assert.equal(targetSampleMs(30, 0), 0);
    assert.equal(targetSampleMs(30, 0.01), 0.03);
  });

  it('nextBatchSize scales to the target with a margin, never shrinks, and stops at the cap', () => {
    // 0.07 µs per call: 1 call in 7e-5 ms → ceil(1 × 1 × 1.2 / 7e-5) = 17143 calls.
    assert.equal(nextBatchSize(1, 7e-5, 1), 17_143);
    // Reached the target: unchanged.
    assert.equal(nextBatchSize(17_143, 1.2, 1), 17_143);
    // Too short to see: ×10.
    assert.equal(nextBatchSize(3, 0, 1), 30);
    // Nearly there: at least one more call.
    assert.equal(nextBatchSize(1000, 0.96, 1), 1250);
    assert.equal(nextBatchSize(1, 0.9, 1), 2);
    assert.equal(nextBatchSize(5, 0.999, 1, 5), 5);
    assert.equal(nextBatchSize(1, 1e-9, 1, 1000), 1000);
  });

  it('calibrateBatch grows the batch until a fabricated 0.07 µs call lasts the target', async () => {
    const perCallMs = 7e-5;
    const { batch, rounds } = await calibrateBatch((size) => size * perCallMs, 1);
    assert.ok(batch * perCallMs >= 1, `${batch} calls last ${batch * perCallMs} ms`);
    assert.ok(batch * perCallMs <= 1.2 + perCallMs, `${batch} calls overshoot`);
    assert.deepEqual(
      rounds.map((round) => round.batch),
      [1, 17_143],
    );
    // A call that gets faster after a few rounds (the JIT tiering up) still ends above the target.
    let calls = 0;
    const faster = await calibrateBatch((size) => {
      calls++;
      return size * (calls < 2 ? 1e-3 : 1e-4);
    }, 1);
    assert.ok(faster.batch * 1e-4 >= 1, `batch ${faster.batch}`);
  });
});

describe('measureHarnessOverhead', () => {
  it('is a positive, finite time per call (its size is reported by bench and stored by sweeps, never asserted)', async () => {
    const overheadMs = await measureHarnessOverhead(2_000, 4);
    assert.ok(overheadMs > 0 && Number.isFinite(overheadMs), `${overheadMs} ms`);
  });
});
