import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { ArgumentError, UserError } from '../src/util/errors.js';
import { exactPartialSum } from '../src/kernels/exact.js';
import { defaultKernelOptions, getVariant, SEQUENTIAL_VARIANT_NAMES, VARIANTS } from '../src/kernels/registry.js';
import { liveWorkerCount, shutdownWorkers, splitRange } from '../src/kernels/workers.js';
import { WorkerPool } from '../src/kernels/worker-pool.js';
import type { RangeJob } from '../src/kernels/worker-protocol.js';
import { FIXTURES, REPO_ROOT, tempDir } from './helpers.js';

const MAX_RELATIVE_ERROR = 1e-13;
const CHILD_TIMEOUT_MS = 20_000;
const PARALLEL_VARIANTS = VARIANTS.filter((variant) => variant.options.includes('workers'));
const warm = getVariant('workers');

after(shutdownWorkers);

function assertClose(sum: number, n: number): void {
  const exact = exactPartialSum(n);
  assert.ok(Math.abs(sum - exact) / exact <= MAX_RELATIVE_ERROR, `S(${n}): got ${sum}, want ${exact}`);
}

describe('splitRange', () => {
  for (const [n, parts] of [
    [1, 1],
    [1, 3],
    [7, 2],
    [7, 3],
    [1000, 7],
    [10, 10],
    [2 ** 53 - 1, 256],
  ] as const) {
    it(`splits 1..${n} into ${Math.min(n, parts)} contiguous ranges of near-equal length`, () => {
      const ranges = splitRange(n, parts);
      assert.equal(ranges.length, Math.min(n, parts));
      assert.equal(ranges[0]?.first, 1);
      assert.equal(ranges.at(-1)?.last, n);
      const lengths = ranges.map(({ first, last }) => last - first + 1);
      assert.ok(Math.max(...lengths) - Math.min(...lengths) <= 1);
      ranges.slice(1).forEach((range, i) => assert.equal(range.first, (ranges[i]?.last ?? 0) + 1));
    });
  }
});

describe('parallel variants match exactPartialSum', () => {
  for (const variant of PARALLEL_VARIANTS) {
    // workers-cold spawns threads on every call, so it gets the shorter table.
    const nValues = variant.name === 'workers' ? [1, 2, 7, 1000, 1_000_003] : [7, 1_000_003];
    const inners = variant.name === 'workers' ? SEQUENTIAL_VARIANT_NAMES : [defaultKernelOptions().inner];
    for (const n of nValues) {
      const workerCounts = [...new Set([1, 2, 3, ...(n < 1000 ? [n + 2] : [])])];
      for (const workers of variant.name === 'workers' ? workerCounts : [3]) {
        it(`${variant.name} N=${n} W=${workers} for each inner`, async () => {
          for (const inner of inners) {
            const { sum } = await variant.run(n, defaultKernelOptions({ workers, inner, chunk: 1000 }));
            assertClose(sum, n);
          }
        });
      }
    }
  }

  it('workers-cold reports its spawn, sum and terminate times', async () => {
    const result = await getVariant('workers-cold').run(1000, defaultKernelOptions({ workers: 2, inner: 'loop' }));
    assert.deepEqual(Object.keys(result.steps ?? {}), ['spawn', 'sum', 'terminate']);
    for (const ms of Object.values(result.steps ?? {})) assert.ok(ms >= 0);
  });
});

describe('parallel variants count the memory of every worker', () => {
  const n = 1e9;
  const workers = 3;
  for (const variant of PARALLEL_VARIANTS) {
    for (const inner of SEQUENTIAL_VARIANT_NAMES) {
      it(`${variant.name} with inner ${inner}: the sum of what each worker's range needs at once`, () => {
        const options = defaultKernelOptions({ workers, inner });
        const perWorker = splitRange(n, workers).map(({ first, last }) =>
          getVariant(inner).footprintBytes(last - first + 1, options),
        );
        assert.equal(
          variant.footprintBytes(n, options),
          perWorker.reduce((total, bytes) => total + bytes, 0),
        );
      });
    }
  }
});

describe('parallel variants refuse bad options', () => {
  for (const variant of PARALLEL_VARIANTS) {
    it(`${variant.name} refuses, before starting a thread, a run whose workers' arrays would not fit in memory`, async () => {
      await shutdownWorkers();
      const options = defaultKernelOptions({ workers: 2, inner: 'arrays' });
      assert.throws(
        () => variant.run(2 ** 50, options),
        (error: unknown) => error instanceof UserError && /needs .* of arrays/.test(error.message),
      );
      assert.equal(liveWorkerCount(), 0);
    });
  }

  const cases: [string, Partial<Parameters<typeof defaultKernelOptions>[0]>, RegExp][] = [
    ['a parallel inner', { inner: 'workers' }, /unknown sequential variant "workers"; allowed: .*chunked/],
    ['an unknown inner', { inner: 'nope' }, /unknown sequential variant "nope"/],
    ['zero workers', { workers: 0 }, /workers must be an integer in \[1, 256\] \(got 0\)/],
    ['too many workers', { workers: 257 }, /workers must be an integer in \[1, 256\] \(got 257\)/],
    ['a fractional chunk', { chunk: 2.5 }, /chunk must be an integer ≥ 1 \(got 2.5\)/],
  ];
  for (const variant of PARALLEL_VARIANTS) {
    for (const [what, overrides, message] of cases) {
      it(`${variant.name} rejects ${what} with ArgumentError`, async () => {
        await assert.rejects(
          async () => variant.run(10, defaultKernelOptions({ workers: 2, ...overrides })),
          (error: unknown) => error instanceof ArgumentError && message.test(error.message),
        );
      });
    }
  }
});

describe('the persistent pool', () => {
  it('is reused across calls and resized when W changes', async () => {
    await warm.run(100, defaultKernelOptions({ workers: 3, inner: 'loop' }));
    assert.equal(liveWorkerCount(), 3);
    await warm.run(100, defaultKernelOptions({ workers: 1, inner: 'loop' }));
    assert.equal(liveWorkerCount(), 1);
  });

  it('runs concurrent calls with different W one after another', async () => {
    const big = 3_000_017;
    await warm.run(10, defaultKernelOptions({ workers: 3, inner: 'loop' }));
    const first = warm.run(big, defaultKernelOptions({ workers: 3, inner: 'loop' }));
    await new Promise((resolve) => setTimeout(resolve, 5)); // the first call's jobs are now running
    const second = warm.run(1000, defaultKernelOptions({ workers: 1, inner: 'loop' }));
    assertClose((await first).sum, big);
    assertClose((await second).sum, 1000);
  });

  it('shuts down and can start again', async () => {
    await shutdownWorkers();
    assert.equal(liveWorkerCount(), 0);
    assertClose((await warm.run(7, defaultKernelOptions({ workers: 2, inner: 'loop' }))).sum, 7);
    await shutdownWorkers();
    assert.equal(liveWorkerCount(), 0);
  });
});

describe('the worker pool when a worker fails (a fixture worker that fails on purpose)', () => {
  const FAULTY_WORKER = pathToFileURL(join(FIXTURES, 'workers', 'faulty-worker.mjs'));
  const pool = new WorkerPool(FAULTY_WORKER);
  after(() => pool.shutdown());
  /** Ranges 1..n split in `workers` parts, worker `faulty` running `fault` and the others summing. */
  const jobs = (n: number, workers: number, faulty: number, fault: string): RangeJob[] =>
    splitRange(n, workers).map(({ first, last }, i) => ({
      first,
      last,
      chunk: 1,
      inner: i === faulty ? fault : 'sum',
    }));
  const total = (sums: number[]): number => sums.reduce((a, b) => a + b, 0);

  it('rejects with a clear error when a worker throws, then still works', async () => {
    await assert.rejects(pool.run(jobs(30, 3, 1, 'fault:throw'), 'workers'), (error: unknown) => {
      assert.ok(error instanceof UserError);
      assert.match(
        error.message,
        /^workers: worker 2 of 3 \(inner fault:throw, x = 11\.\.20\) failed: Error: injected fault/,
      );
      return true;
    });
    assertClose(total(await pool.run(jobs(1000, 3, -1, ''), 'workers')), 1000);
  });

  it('rejects with a clear error when a worker dies, replaces it, then still works', async () => {
    await assert.rejects(pool.run(jobs(30, 3, 2, 'fault:exit'), 'workers'), (error: unknown) => {
      assert.ok(error instanceof UserError);
      assert.match(
        error.message,
        /^workers: worker 3 of 3 \(inner fault:exit, x = 21\.\.30\) died: exited with code 37$/,
      );
      return true;
    });
    assertClose(total(await pool.run(jobs(1_000_003, 3, -1, ''), 'workers')), 1_000_003);
    assert.equal(pool.liveCount, 3);
  });

  it('rejects with a clear error when a worker dies of an uncaught error, then still works', async () => {
    await assert.rejects(pool.run(jobs(10, 2, 0, 'fault:crash'), 'workers'), (error: unknown) => {
      assert.ok(error instanceof UserError);
      assert.match(
        error.message,
        /^workers: worker 1 of 2 \(inner fault:crash, x = 1\.\.5\) died: RangeError: injected fault: uncaught error/,
      );
      return true;
    });
    assertClose(total(await pool.run(jobs(1000, 2, -1, ''), 'workers')), 1000);
  });
});

describe('a process that used workers exits by itself', () => {
  const dir = tempDir();
  const registryUrl = pathToFileURL(join(REPO_ROOT, 'dist', 'src', 'kernels', 'registry.js')).href;
  const workersUrl = pathToFileURL(join(REPO_ROOT, 'dist', 'src', 'kernels', 'workers.js')).href;
  for (const shutdown of [true, false]) {
    it(shutdown ? 'after shutdownWorkers()' : 'without shutdownWorkers(), because idle workers are unref()ed', () => {
      const script = join(dir, `child-${String(shutdown)}.mjs`);
      writeFileSync(
        script,
        [
          `import { defaultKernelOptions, getVariant } from ${JSON.stringify(registryUrl)};`,
          `import { shutdownWorkers } from ${JSON.stringify(workersUrl)};`,
          `const { sum } = await getVariant('workers').run(1000, defaultKernelOptions({ workers: 2 }));`,
          `console.log(sum);`,
          shutdown ? 'await shutdownWorkers();' : '',
        ].join('\n'),
      );
      const child = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: CHILD_TIMEOUT_MS });
      assert.equal(child.error, undefined, `child did not exit within ${CHILD_TIMEOUT_MS} ms`);
      assert.equal(child.stderr, '');
      assert.equal(child.status, 0);
      assertClose(Number(child.stdout.trim()), 1000);
    });
  }
});
