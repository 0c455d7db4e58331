import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { VARIANTS, getVariant } from '../src/kernels/registry.js';
import { shutdownWorkers } from '../src/kernels/workers.js';
import { machineId } from '../src/machine/id.js';
import { findCrossovers } from '../src/measure/crossover.js';
import { PROFILE_SETTINGS } from '../src/measure/profiles.js';
import { getSweepKindSpec } from '../src/measure/sweep-kinds.js';
import { variantsInSweep } from '../src/kernels/registry.js';
import { createMeasurer } from '../src/measure/isolated.js';
import { predictSampleMs, runSweep, type SweepProgress } from '../src/measure/sweep.js';
import { formatProgressLine } from '../src/measure/progress.js';
import { sampleBudgetSkip } from '../src/measure/sample-budget.js';
import { describeSkip } from '../src/results/skip.js';
import { summarize } from '../src/measure/stats.js';
import {
  RESULTS_VERSION,
  SWEEP_KINDS,
  type SkippedPoint,
  type Crossover,
  type MeasuredPoint,
  type Point,
  type PointParams,
  type ResultsFile,
  type SweepKind,
} from '../src/results/schema.js';
import { pointKey, readResultsFile, resultsPath } from '../src/results/store.js';
import { CLI, tempDir } from './helpers.js';

after(() => shutdownWorkers());

const MACHINE = 'test-machine-00000000';
const SMOKE = PROFILE_SETTINGS.smoke;
const measured = (file: ResultsFile): MeasuredPoint[] =>
  file.points.filter((p): p is MeasuredPoint => p.status === 'ok');

/** A measured point of `params` whose one sample, and so its median, is `medianMs`. */
function measuredAt(params: PointParams, medianMs: number): Point {
  return {
    key: pointKey(params),
    params,
    status: 'ok',
    finishedAt: '',
    samplesMs: [medianMs],
    stats: summarize([medianMs]),
    sum: 1,
    exact: 1,
    absError: 0,
  };
}

/** Structure every results file must have, whatever the kind. */
function assertWellFormed(file: ResultsFile, kind: SweepKind, outDir: string): void {
  assert.equal(file.version, RESULTS_VERSION);
  assert.equal(file.kind, kind);
  assert.equal(file.profile, 'smoke');
  assert.equal(file.machineId, MACHINE);
  assert.equal(file.machineFile, `machines/${MACHINE}.json`);
  assert.equal(file.node, process.versions.node);
  assert.ok(
    file.harness.overheadMs > 0 && Number.isFinite(file.harness.overheadMs),
    'the harness overhead is recorded',
  );
  assert.deepEqual(
    readResultsFile(resultsPath(outDir, MACHINE, kind, 'smoke')),
    file,
    'the returned file is the saved file',
  );
  const keys = file.points.map((point) => point.key);
  assert.equal(new Set(keys).size, keys.length, 'no duplicated point');
  for (const point of file.points) {
    assert.equal(point.key, pointKey(point.params));
    if (point.status === 'skipped') assert.ok(point.reason.length > 0);
    if (point.status !== 'ok') continue;
    assert.equal(point.samplesMs.length, point.stats.count);
    assert.ok(point.stats.count >= SMOKE.measure.minSamples);
    assert.ok(point.stats.minMs <= point.stats.medianMs && point.stats.medianMs <= point.stats.maxMs);
    // Every variant's sum agrees with the exact partial sum to well within rounding of N terms.
    assert.ok(point.absError <= 1e-12, `${point.key}: |sum − exact| = ${point.absError}`);
    assert.equal(point.absError, Math.abs(point.sum - point.exact));
  }
}

describe('each sweep kind at the smoke profile', () => {
  for (const kind of SWEEP_KINDS) {
    it(`${kind}: every planned point measured, saved, with sums correct`, async () => {
      const outDir = tempDir();
      const events: SweepProgress[] = [];
      const file = await runSweep(kind, {
        profile: 'smoke',
        outDir,
        machineId: MACHINE,
        onProgress: (event) => events.push(event),
      });
      assertWellFormed(file, kind, outDir);
      const spec = getSweepKindSpec(kind);
      const planned = spec.plan(spec.defaultVariants(), SMOKE, spec.memoryStates).points.map(pointKey);
      assert.deepEqual(
        file.points.map((point) => point.key),
        planned,
      );
      // At smoke everything fits in memory; only a busy machine may push a point over the time budget.
      for (const point of file.points) {
        if (point.status !== 'ok') {
          assert.equal(point.status, 'skipped');
          assert.equal(point.status === 'skipped' && point.skip.kind, 'budget');
        }
      }
      assert.ok(measured(file).length >= planned.length / 2, `${measured(file).length} of ${planned.length} measured`);
      assert.deepEqual(
        events.filter((e) => e.type === 'point').map((e) => (e as { point: Point }).point.key),
        planned,
      );
      assert.deepEqual(events.at(-1), {
        type: 'end',
        kind,
        done: planned.length,
        total: planned.length,
        path: resultsPath(outDir, MACHINE, kind, 'smoke'),
        interrupted: false,
      });
    });
  }

  it('n sweeps every registered variant over the N grid', async () => {
    const outDir = tempDir();
    const file = await runSweep('n', { profile: 'smoke', outDir, machineId: MACHINE, variants: ['loop', 'chunked'] });
    assert.deepEqual(
      file.points.map((p) => `${p.params.variant}@${p.params.n}`),
      ['loop', 'chunked'].flatMap((v) => SMOKE.nGrid.map((n) => `${v}@${n}`)),
    );
    assert.equal(getSweepKindSpec('n').defaultVariants().length, VARIANTS.length);
  });

  it('steps records a median per step, in the variant’s step order, from every sample', async () => {
    const file = await runSweep('steps', { profile: 'smoke', outDir: tempDir(), machineId: MACHINE });
    assert.ok(measured(file).length > 0);
    for (const point of measured(file)) {
      const steps = getVariant(point.params.variant).steps ?? [];
      assert.deepEqual(Object.keys(point.steps ?? {}), [...steps]);
      for (const step of steps) assert.equal(point.stepSamplesMs?.[step]?.length, point.stats.count);
    }
  });

  it('chunk sweeps the profile’s chunk sizes at its fixed N', async () => {
    const file = await runSweep('chunk', { profile: 'smoke', outDir: tempDir(), machineId: MACHINE });
    const inSweep = variantsInSweep('chunk').map((v) => v.name);
    assert.ok(inSweep.length > 0);
    assert.deepEqual(
      file.points.map((p) => [p.params.variant, p.params.chunk]),
      inSweep.flatMap((variant) => SMOKE.chunkSizes.map((chunk) => [variant, chunk])),
    );
    assert.ok(file.points.every((p) => p.params.n === SMOKE.chunkN));
  });

  it('workers compares chunked with 1..cores workers and stores the crossovers', async () => {
    const file = await runSweep('workers', { profile: 'smoke', outDir: tempDir(), machineId: MACHINE });
    const workerCounts = new Set(
      file.points.flatMap((p) => (p.params.workers === undefined ? [] : [p.params.workers])),
    );
    assert.deepEqual(
      [...workerCounts].sort(),
      Array.from({ length: workerCounts.size }, (_, i) => i + 1),
    );
    assert.deepEqual(file.crossovers, findCrossovers(file));
    const bothMeasured = (c: Crossover): number[] =>
      SMOKE.nGrid.filter(
        (n) =>
          measured(file).some((p) => p.params.n === n && p.params.variant === 'chunked') &&
          measured(file).some(
            (p) => p.params.n === n && p.params.variant === c.variant && p.params.workers === c.workers,
          ),
      );
    assert.ok((file.crossovers ?? []).length >= 1);
    for (const crossover of file.crossovers ?? []) {
      assert.equal(crossover.baseline, 'chunked');
      assert.deepEqual(
        crossover.ratios.map((r) => r.n),
        bothMeasured(crossover),
      );
    }
  });
});

describe('skips and failures', () => {
  it('records a point that would not fit in memory as skipped with the guard’s reason', async () => {
    const tiny = { usableBytes: 1_000, availableBytes: 1_250, maxArrayLength: 2 ** 32 };
    const file = await runSweep('n', {
      profile: 'smoke',
      outDir: tempDir(),
      machineId: MACHINE,
      variants: ['arrays', 'loop'],
      memoryBudget: tiny,
    });
    for (const point of file.points) {
      if (point.params.variant === 'arrays') {
        assert.equal(point.status, 'skipped');
        const { skip, reason } = point as SkippedPoint;
        assert.deepEqual(skip, {
          kind: 'memory',
          neededBytes: 4 * 8 * point.params.n,
          availableBytes: 1_250,
          usableBytes: 1_000,
          arrayCount: 4,
          arrayLength: point.params.n,
        });
        assert.match(reason, /^arrays at N=\S+ needs .* of arrays/);
      } else assert.equal(point.status, 'ok');
    }
  });

  it('skips points whose first run exceeds the profile budget, saying so', async () => {
    const file = await runSweep('n', {
      profile: 'smoke',
      outDir: tempDir(),
      machineId: MACHINE,
      variants: ['loop'],
      settings: { maxSampleMs: 1e-9 },
    });
    assert.deepEqual(
      file.points.map((p) => p.status),
      ['skipped', 'skipped', 'skipped'],
    );
    const [first, ...rest] = file.points as SkippedPoint[];
    assert.equal(first!.skip.kind, 'budget');
    assert.equal(first!.skip.kind === 'budget' && first!.skip.budgetMs, 1e-9);
    assert.ok(first!.skip.kind === 'budget' && first!.skip.runMs! > 1e-9);
    assert.match(first!.reason, /^over the smoke profile's time budget: one run took \S+ (µs|ms|s), budget \S+ µs$/);
    // Larger N of the same series are skipped without a run: the smaller N was already over the budget.
    for (const point of rest) {
      assert.deepEqual(point.skip, { kind: 'budget', budgetMs: 1e-9, overAtN: first!.params.n });
      assert.equal(point.reason, `over the smoke profile's time budget: N=${first!.params.n} was already over it`);
    }
  });

  it('predicts a sample from the two largest smaller N of the same series', () => {
    const ok = (n: number, medianMs: number, workers?: number): Point =>
      measuredAt(workers === undefined ? { variant: 'v', n } : { variant: 'v', n, workers }, medianMs);
    const points = [ok(10, 1), ok(100, 2), ok(1000, 11), ok(10_000, 500, 2)];
    // Through (100, 2) and (1000, 11): slope 0.01 ms per term → 11 + 0.01·9000 at N = 10 000.
    assert.deepEqual(predictSampleMs({ variant: 'v', n: 10_000 }, points), { estimateMs: 101, fromN: 1000 });
    // Through (10, 1) and (100, 2): slope 1/90 → 2 + 900/90 at N = 1000; the point at N = 1000 itself is not used.
    assert.deepEqual(predictSampleMs({ variant: 'v', n: 1000 }, points), { estimateMs: 12, fromN: 100 });
    // A fixed cost that shrinks with N (thread start-up noise) is not extrapolated downwards.
    assert.deepEqual(predictSampleMs({ variant: 'v', n: 1e6 }, [ok(10, 5), ok(100, 3)]), { estimateMs: 3, fromN: 100 });
    assert.equal(
      predictSampleMs({ variant: 'v', n: 1e6, workers: 2 }, points),
      undefined,
      'one point of the series is not enough',
    );
    assert.equal(predictSampleMs({ variant: 'w', n: 1e6 }, points), undefined);
    assert.equal(
      predictSampleMs({ variant: 'v', n: 100, chunk: 7 }, [ok(100, 5), ok(100, 6)]),
      undefined,
      'same N (chunk sweep): no prediction',
    );
  });

  it('judges a reused point also by its fresh twin, whose pages its first run touches', () => {
    const point = (n: number, memory: 'fresh' | 'reused', medianMs: number): Point =>
      measuredAt({ variant: 'arrays', n, memory }, medianMs);
    const byKey = (points: Point[]) => new Map(points.map((p) => [p.key, p]));
    // Fresh: 100 and 1000 ms at 1e6 and 1e7 → 10 s at 1e8; reused: 8 and 80 ms → 800 ms, under 1.5 s alone.
    const measuredSoFar = [
      point(1e6, 'fresh', 100),
      point(1e7, 'fresh', 1000),
      point(1e6, 'reused', 8),
      point(1e7, 'reused', 80),
    ];
    const skip = sampleBudgetSkip({ variant: 'arrays', n: 1e8, memory: 'reused' }, 1500, byKey(measuredSoFar));
    assert.deepEqual(skip, { kind: 'budget', budgetMs: 1500, estimateMs: 10_000, fromN: 1e7, firstRunFresh: true });
    assert.equal(
      describeSkip(skip!, { variant: 'arrays', n: 1e8, memory: 'reused' }, 'quick'),
      "over the quick profile's time budget: its first run touches fresh pages, as the fresh point's runs do, and one of those is estimated at 10 s (extrapolated from N=1e7), budget 1.5 s",
    );
    // The fresh point at the same N already skipped: so is the reused one, without a run.
    const freshSkipped: Point = {
      key: 'arrays|n=100000000|memory=fresh',
      params: { variant: 'arrays', n: 1e8, memory: 'fresh' },
      status: 'skipped',
      finishedAt: '',
      reason: 'over',
      skip: { kind: 'budget', budgetMs: 1500, estimateMs: 10_000, fromN: 1e7 },
    };
    assert.deepEqual(sampleBudgetSkip({ variant: 'arrays', n: 1e8, memory: 'reused' }, 1500, byKey([freshSkipped])), {
      kind: 'budget',
      budgetMs: 1500,
      overAtN: 1e8,
      firstRunFresh: true,
    });
    // A fresh point is judged by its own series only, and a reused one whose twin fits is measured.
    assert.equal(sampleBudgetSkip({ variant: 'arrays', n: 1e7, memory: 'reused' }, 1500, byKey(measuredSoFar)), null);
  });

  it('records a point that throws as failed and goes on', async () => {
    const inProcess = createMeasurer('none');
    const file = await runSweep('n', {
      profile: 'smoke',
      outDir: tempDir(),
      machineId: MACHINE,
      variants: ['loop'],
      settings: { nGrid: [1000, 2000] },
      measurer: {
        isolation: 'none',
        measure: (variant, n, ...rest) =>
          n === 1000 ? Promise.reject(new Error('kernel blew up at 1000')) : inProcess.measure(variant, n, ...rest),
        close: () => inProcess.close(),
      },
    });
    assert.equal(file.points[0]?.status, 'failed');
    assert.match((file.points[0] as { error: string }).error, /kernel blew up at 1000/);
    assert.equal(file.points[1]?.status, 'ok');
  });

  it('refuses, before measuring anything, a grid the results file could not store', async () => {
    const outDir = tempDir();
    await assert.rejects(
      runSweep('n', {
        profile: 'smoke',
        outDir,
        machineId: MACHINE,
        variants: ['loop'],
        settings: { nGrid: [1000, 2 ** 53] },
      }),
      /the n sweep's grid has loop\|n=9007199254740992: n /,
    );
    assert.equal(existsSync(resultsPath(outDir, MACHINE, 'n', 'smoke')), false, 'nothing was measured or saved');
  });

  it('refuses a variant the kind cannot sweep', async () => {
    await assert.rejects(
      runSweep('chunk', { profile: 'smoke', outDir: tempDir(), variants: ['loop'] }),
      /the chunk sweep cannot run variant "loop": it takes no chunk size/,
    );
    await assert.rejects(
      runSweep('n', { profile: 'smoke', outDir: tempDir(), variants: ['nope'] }),
      /unknown variant "nope"/,
    );
  });
});

describe('resume, fresh and abort (in process)', () => {
  it('re-running keeps finished points and measures only missing ones; --fresh starts over', async () => {
    const outDir = tempDir();
    const options = { profile: 'smoke' as const, outDir, machineId: MACHINE, variants: ['loop'] };
    const first = await runSweep('n', { ...options, settings: { nGrid: [1000, 2000] } });
    const events: SweepProgress[] = [];
    const second = await runSweep('n', {
      ...options,
      settings: { nGrid: [1000, 2000, 3000] },
      onProgress: (e) => events.push(e),
    });
    assert.deepEqual(second.points.slice(0, 2), first.points, 'finished points kept as they were');
    assert.equal(second.points.length, 3);
    assert.equal(events.filter((e) => e.type === 'point').length, 1, 'only the missing point measured');
    assert.equal(second.startedAt, first.startedAt);
    const fresh = await runSweep('n', { ...options, settings: { nGrid: [1000] }, fresh: true });
    assert.equal(fresh.points.length, 1);
    assert.notDeepEqual(fresh.points[0], first.points[0]);
  });

  it('an aborted sweep returns and keeps what it finished', async () => {
    const outDir = tempDir();
    const controller = new AbortController();
    const file = await runSweep('n', {
      profile: 'smoke',
      outDir,
      machineId: MACHINE,
      variants: ['loop', 'chunked'],
      signal: controller.signal,
      onProgress: (event) => {
        if (event.type === 'point') controller.abort();
      },
    });
    assert.equal(file.points.length, 1);
    assert.deepEqual(readResultsFile(resultsPath(outDir, MACHINE, 'n', 'smoke'))?.points, file.points);
  });
});

/** Resolve once `path` holds a results file with at least `count` points (polling). */
async function waitForPoints(path: string, count: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (existsSync(path) && (JSON.parse(readFileSync(path, 'utf8')) as ResultsFile).points.length >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`${path} did not reach ${count} point(s) in ${timeoutMs} ms`);
}

function spawnSweep(args: readonly string[]): {
  child: ReturnType<typeof spawn>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
} {
  const child = spawn(process.execPath, ['--expose-gc', CLI, 'sweep', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout?.resume();
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { child, exit };
}

describe('the sweep command, interrupted', () => {
  it('resumes after SIGKILL mid-sweep: no point lost, none duplicated, the set complete', async () => {
    const outDir = tempDir();
    const args = ['--kind', 'n', '--profile', 'smoke', '--out', outDir];
    const path = resultsPath(outDir, machineId(), 'n', 'smoke');
    const spec = getSweepKindSpec('n');
    const planned = spec.plan(spec.defaultVariants(), SMOKE, spec.memoryStates).points.map(pointKey);

    const { child, exit } = spawnSweep(args);
    await waitForPoints(path, 1);
    child.kill('SIGKILL');
    assert.equal((await exit).signal, 'SIGKILL');
    const killed = readResultsFile(path) as ResultsFile;
    assert.ok(
      killed.points.length >= 1 && killed.points.length < planned.length,
      `killed after ${killed.points.length} of ${planned.length} points`,
    );

    const rerun = spawnSweep(args);
    const { code, stderr } = await rerun.exit;
    assert.equal(code, 0, stderr);
    const final = readResultsFile(path) as ResultsFile;
    assert.deepEqual(
      final.points.map((point) => point.key),
      planned,
      'complete, in plan order, no duplicate',
    );
    for (const point of killed.points)
      assert.deepEqual(
        final.points.find((p) => p.key === point.key),
        point,
        `${point.key} kept from before the kill`,
      );
    assert.match(stderr, new RegExp(`${killed.points.length} already done`));
  });

  it('prints no plan when it is stopped while planning', async () => {
    const controller = new AbortController();
    controller.abort();
    const events: SweepProgress[] = [];
    await runSweep('n', {
      profile: 'smoke',
      outDir: tempDir(),
      machineId: MACHINE,
      variants: ['loop'],
      signal: controller.signal,
      onProgress: (event) => events.push(event),
    }).catch(() => undefined);
    const begin = events.find((event) => event.type === 'begin');
    assert.ok(begin?.type === 'begin' && begin.estimatedMs === undefined, JSON.stringify(begin));
    assert.doesNotMatch(formatProgressLine(begin) ?? '', /est\./);
    assert.equal(events.filter((event) => event.type === 'point').length, 0);
  });

  it('stops within two seconds on SIGINT, saving what it finished, and exits with 130', async () => {
    const outDir = tempDir();
    const path = resultsPath(outDir, machineId(), 'n', 'quick');
    const { child, exit } = spawnSweep(['--kind', 'n', '--profile', 'quick', '--variants', 'loop', '--out', outDir]);
    await waitForPoints(path, 1);
    const sentAt = Date.now();
    child.kill('SIGINT');
    const { code, stderr } = await exit;
    assert.ok(Date.now() - sentAt < 2_000, `took ${Date.now() - sentAt} ms to stop`);
    assert.equal(code, 130, stderr);
    const saved = readResultsFile(path) as ResultsFile;
    assert.ok(saved.points.length >= 1 && saved.points.length < PROFILE_SETTINGS.quick.nGrid.length);
    assert.match(stderr, /interrupted after \d+\/5 points; saved/);
  });
});
