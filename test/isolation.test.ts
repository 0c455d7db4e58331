import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { getVariant, VARIANTS } from '../src/kernels/registry.js';
import { ChildDiedError, MeasureChild, MeasurementInterrupted, describeDeath } from '../src/measure/child.js';
import { createMeasurer } from '../src/measure/isolated.js';
import { glibcVersion, hasMemoryState, mallocEnv } from '../src/measure/memory-state.js';
import { runSweep, seriesKey, type SweepProgress } from '../src/measure/sweep.js';
import { getSweepKindSpec } from '../src/measure/sweep-kinds.js';
import { PROFILE_SETTINGS } from '../src/measure/profiles.js';
import type { MeasureSettings } from '../src/measure/measure.js';
import { defaultKernelOptions } from '../src/kernels/registry.js';
import { pointKey } from '../src/results/store.js';
import { CLI, FIXTURES, tempDir } from './helpers.js';

const CHILDREN = join(FIXTURES, 'children');
const ONE_SAMPLE: MeasureSettings = { warmupRuns: 0, minSamples: 1, minTimeMs: 0, maxSamples: 1, minSampleMs: 0 };
const options = defaultKernelOptions();
const loop = getVariant('loop');
/**
 * Terms for a kernel that cannot finish during a test: the loop does one divide per term, and no core
 * sums more than 4 terms per nanosecond, so 1e11 terms take at least 25 s.
 */
const ENDLESS_N = 1e11;
const ENDLESS_MIN_MS = ENDLESS_N / 4 / 1e6;

/** True while a process with this pid exists and is not a zombie. */
function alive(pid: number): boolean {
  if (!existsSync(`/proc/${pid}`)) return false;
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

async function gone(pid: number, withinMs = 5_000): Promise<boolean> {
  const until = Date.now() + withinMs;
  while (Date.now() < until) {
    if (!alive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return !alive(pid);
}

describe('describeDeath', () => {
  it('says how the child went and its last line of stderr', () => {
    assert.equal(describeDeath(3, null, 'x\nboom\n\n'), 'the measuring process exited with code 3: boom');
    assert.equal(
      describeDeath(null, 'SIGKILL', ''),
      'the measuring process was killed by SIGKILL (out of memory, or killed from outside)',
    );
  });
});

describe('a measuring child that dies', () => {
  it('crashing is a ChildDiedError with its exit code and stderr, not a hang', async () => {
    const child = new MeasureChild({ entry: join(CHILDREN, 'crash.mjs') });
    await assert.rejects(child.measure('loop', 10, options, ONE_SAMPLE), (error: unknown) => {
      assert.ok(error instanceof ChildDiedError);
      assert.match(error.message, /exited with code 3: fixture: the kernel crashed/);
      assert.equal(error.childExitCode, 3);
      return true;
    });
    assert.equal(child.dead, true);
  });

  it('killed mid-sample is a ChildDiedError naming the signal', async () => {
    const child = new MeasureChild({ entry: join(CHILDREN, 'self-kill.mjs') });
    await assert.rejects(child.measure('loop', 10, options, ONE_SAMPLE), (error: unknown) => {
      assert.ok(error instanceof ChildDiedError);
      assert.equal(error.childSignal, 'SIGKILL');
      return true;
    });
  });

  it('in a sweep is a failed point with the reason, and the sweep goes on in a fresh child', async () => {
    const measurer = createMeasurer('series', { entry: join(CHILDREN, 'crash.mjs') });
    const file = await runSweep('n', {
      profile: 'smoke',
      variants: ['loop', 'unrolled'],
      outDir: tempDir(),
      machineId: 'test-machine-00000000',
      settings: { nGrid: [1_000] },
      measurer,
    });
    assert.deepEqual(
      file.points.map((point) => point.status),
      ['failed', 'failed'],
    );
    for (const point of file.points)
      assert.match(point.status === 'failed' ? point.error : '', /measuring process exited with code 3/);
  });
});

describe('stopping a child mid-sample', () => {
  it('an abort kills a child stuck in a sample at once', async () => {
    const child = new MeasureChild({ entry: join(CHILDREN, 'busy.mjs') });
    const controller = new AbortController();
    const measuring = child.measure('loop', 10, options, ONE_SAMPLE, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stopped by SIGINT')), 200);
    await assert.rejects(
      measuring,
      (error: unknown) => error instanceof MeasurementInterrupted && error.by === 'SIGINT',
    );
    assert.ok(await gone(child.process.pid as number), 'the child is gone');
  });

  it('an abort stops a real kernel that could not have finished, and the child leaves no process behind', async () => {
    const measurer = createMeasurer('series');
    const controller = new AbortController();
    let pid: number | undefined;
    const started = Date.now();
    const measuring = measurer.measure(loop, ENDLESS_N, options, ONE_SAMPLE, {
      signal: controller.signal,
      onChild: (childPid) => {
        pid = childPid;
        setTimeout(() => controller.abort(new Error('stopped by SIGTERM')), 500);
      },
    });
    await assert.rejects(measuring, MeasurementInterrupted);
    assert.ok(Date.now() - started < ENDLESS_MIN_MS, 'ended long before the kernel could have');
    assert.ok(pid !== undefined && (await gone(pid)));
    await measurer.close();
  });

  it('a sweep interrupted in a long point keeps every finished point and drops the one in progress', async () => {
    const controller = new AbortController();
    const events: SweepProgress[] = [];
    const file = await runSweep('n', {
      profile: 'smoke',
      variants: ['loop'],
      outDir: tempDir(),
      machineId: 'test-machine-00000000',
      settings: { nGrid: [1_000, ENDLESS_N] },
      signal: controller.signal,
      onProgress: (event) => {
        events.push(event);
        if (event.type === 'measuring' && event.params.n === ENDLESS_N) setTimeout(() => controller.abort(), 500);
      },
    });
    assert.deepEqual(
      file.points.map((point) => [point.params.n, point.status]),
      [[1_000, 'ok']],
    );
    assert.equal(file.harness.isolation, 'series');
    assert.deepEqual(events.at(-1), {
      type: 'end',
      kind: 'n',
      done: 1,
      total: 2,
      path: (events[0] as { path: string }).path,
      interrupted: true,
    });
  });
});

describe('isolation of series and points', () => {
  it('series reuses one child across a series and starts another for the next; point starts one per point', async () => {
    const pids = async (isolation: 'series' | 'point', keys: string[]): Promise<number[]> => {
      const measurer = createMeasurer(isolation);
      const seen: number[] = [];
      try {
        for (const key of keys)
          await measurer.measure(
            loop,
            1_000,
            options,
            ONE_SAMPLE,
            { onChild: (pid) => seen.push(pid) },
            { seriesKey: key },
          );
      } finally {
        await measurer.close();
      }
      return seen;
    };
    const series = await pids('series', ['a', 'a', 'b']);
    assert.equal(series[0], series[1]);
    assert.notEqual(series[1], series[2]);
    const points = await pids('point', ['a', 'a']);
    assert.notEqual(points[0], points[1]);
    for (const pid of [...series, ...points]) assert.ok(await gone(pid), `child ${pid} ended`);
  });

  it('none measures in this process', async () => {
    const measurer = createMeasurer('none');
    let child = false;
    const measurement = await measurer.measure(loop, 1_000, options, ONE_SAMPLE, { onChild: () => (child = true) });
    assert.equal(child, false);
    assert.equal(measurement.samplesMs.length, 1);
  });

  it('a series is the point key without N and chunk size', () => {
    const a = { variant: 'arrays', n: 10, memory: 'fresh' as const };
    assert.equal(seriesKey(a), seriesKey({ ...a, n: 1e6 }));
    assert.notEqual(seriesKey(a), seriesKey({ ...a, memory: 'reused' }));
    const c = { variant: 'chunked', n: 1e8, chunk: 500 };
    assert.equal(seriesKey(c), seriesKey({ ...c, chunk: 16_000_000 }));
    assert.notEqual(seriesKey({ ...c, workers: 1 }), seriesKey({ ...c, workers: 2 }));
    assert.equal(pointKey(a), 'arrays|n=10|memory=fresh');
  });
});

describe('memory state', () => {
  it('is declared by the variants that allocate full-length arrays on the heap', () => {
    assert.deepEqual(
      VARIANTS.filter(hasMemoryState).map((variant) => variant.name),
      ['arrays', 'broadcast'],
    );
  });

  it('the steps sweep plans both states for them, the n sweep fresh only; none when undeclared', () => {
    const plan = (kind: 'n' | 'steps', memory = getSweepKindSpec(kind).memoryStates) =>
      getSweepKindSpec(kind)
        .plan([getVariant('arrays'), getVariant('chunked')], PROFILE_SETTINGS.smoke, memory)
        .points.filter((point) => point.n === 1_000)
        .map(pointKey);
    assert.deepEqual(plan('steps'), [
      'arrays|n=1000|memory=fresh',
      'arrays|n=1000|memory=reused',
      'chunked|n=1000|chunk=20000',
    ]);
    assert.deepEqual(plan('n'), ['arrays|n=1000|memory=fresh', 'chunked|n=1000|chunk=20000']);
    assert.deepEqual(plan('n', []), ['arrays|n=1000', 'chunked|n=1000|chunk=20000']);
  });

  it('sets glibc’s allocator so the state does not depend on the process’s history', () => {
    assert.deepEqual(mallocEnv('fresh'), { MALLOC_MMAP_THRESHOLD_: '131072' });
    assert.equal(mallocEnv('reused').MALLOC_MMAP_MAX_, '0');
  });

  it(
    'is what the page faults show: fresh arrays fault every call, reused ones do not',
    { skip: glibcVersion() === null ? 'not glibc' : false },
    async () => {
      const arrays = getVariant('arrays');
      const n = 1e6; // 4 arrays of 8 MB: ~7800 pages per call when fresh
      const faults = async (memory: 'fresh' | 'reused'): Promise<number> => {
        const measurer = createMeasurer('point');
        const settings = { warmupRuns: 2, minSamples: 3, minTimeMs: 0, maxSamples: 3 };
        try {
          return (await measurer.measure(arrays, n, options, settings, {}, { memory })).pageFaultsPerCall;
        } finally {
          await measurer.close();
        }
      };
      const fresh = await faults('fresh');
      const reused = await faults('reused');
      assert.ok(fresh >= 4, `fresh: ${fresh} faults per call, at least one per array`);
      assert.ok(reused <= fresh / 10, `reused: ${reused} faults per call against ${fresh} fresh`);
    },
  );
});

describe('bench, interrupted', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} during a sample that could not finish exits with ${signal === 'SIGINT' ? 130 : 143} and leaves no child`, async () => {
      const child = spawn(
        process.execPath,
        ['--expose-gc', CLI, 'bench', '--variant', 'loop', '--n', String(ENDLESS_N), '--repeats', '1'],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let stderr = '';
      const started = Date.now();
      const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const childPid = await new Promise<number>((resolve) => {
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          const match = /measuring in child process (\d+)/.exec(stderr);
          if (match !== null) resolve(Number(match[1]));
        });
      });
      setTimeout(() => child.kill(signal), 300);
      assert.equal(await exit, signal === 'SIGINT' ? 130 : 143);
      assert.ok(Date.now() - started < ENDLESS_MIN_MS, 'ended long before the kernel could have');
      assert.ok(await gone(childPid), 'the measuring child is gone');
    });
  }
});
