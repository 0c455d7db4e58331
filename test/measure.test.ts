import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PROFILE_SETTINGS } from '../src/measure/profiles.js';
import type { KernelResult, Variant } from '../src/kernels/types.js';
import { RunOverBudgetError, measureHarnessOverhead, measureVariant } from '../src/measure/measure.js';

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
      { warmupRuns: 3, minSamples: 4, minTimeMs: 0, maxSamples: 4 },
      { onSample: (index) => heard.push(index) },
    );
    assert.equal(variant.runs, 7);
    assert.equal(measured.samplesMs.length, 4);
    assert.deepEqual(heard, [0, 1, 2, 3]);
    assert.equal(measured.stats.count, 4);
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

describe('measureHarnessOverhead', () => {
  it('is a positive, finite time per call (its size is reported by bench and stored by sweeps, never asserted)', async () => {
    const overheadMs = await measureHarnessOverhead(2_000, 4);
    assert.ok(overheadMs > 0 && Number.isFinite(overheadMs), `${overheadMs} ms`);
  });
});
