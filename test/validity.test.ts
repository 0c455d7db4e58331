import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  busyProcesses,
  parseLoadAverage,
  parseProcStat,
  readCpuFrequencyState,
  takeSystemSnapshot,
} from '../src/machine/system-state.js';
import { classifyOutlier, classifyOutliers, outlierFences, summarize } from '../src/measure/stats.js';
import {
  coefficientOfVariation,
  firstSampleRatio,
  memoryControlFor,
  ownLoadEstimate,
  pointWarnings,
  processSpread,
  allWarnings,
  fastestCanaryMs,
  runWarnings,
  type RunConditions,
} from '../src/measure/validity.js';
import { sampleOrderChart, noisiestPoints } from '../src/report/charts/sample-order.js';
import { validityView } from '../src/report/validity-view.js';
import { ResultsFileSchema, type MeasuredPoint, type ResultsFile } from '../src/results/schema.js';
import { describeWarning, warningKey, warningLines, type Warning } from '../src/results/warnings.js';
import { bracketCanaries, measureCacheCanaryMs, measureCanaryMs, slowerReading } from '../src/measure/canary.js';
import { tempDir } from './helpers.js';

const snapshot = (load1: number, busy: RunConditions['before']['busy'] = []): RunConditions['before'] => ({
  at: '2026-01-01T00:00:00.000Z',
  loadAverage: [load1, 0, 0],
  busy,
});
const quiet: RunConditions = {
  before: snapshot(0.1),
  after: snapshot(1.05),
  ownLoadBefore: 0,
  ownLoadAfter: 1,
  clockResolutionNs: 40,
  gcBetweenSamples: true,
  frequency: { governors: [], boost: null },
  memoryControl: 'enforced',
};

function point(key: string, samplesMs: number[], extra: Partial<MeasuredPoint> = {}): MeasuredPoint {
  return {
    key,
    params: { variant: 'loop', n: 1000 },
    finishedAt: '2026-01-01T00:00:00.000Z',
    status: 'ok',
    samplesMs,
    stats: summarize(samplesMs),
    sum: 1.6,
    exact: 1.6,
    absError: 0,
    ...extra,
  };
}

describe('run warnings on fabricated conditions', () => {
  it('a quiet machine raises none (its own load does not count)', () => {
    assert.deepEqual(runWarnings(quiet), []);
  });

  it('load beyond the run’s own share, busy processes, a coarse clock, governor, turbo, no gc, uncontrolled memory', () => {
    const warnings = runWarnings({
      ...quiet,
      before: snapshot(1.2, [{ pid: 42, command: 'node', cpuPercent: 97 }]),
      after: snapshot(2.2),
      clockResolutionNs: 5_000,
      gcBetweenSamples: false,
      frequency: { governors: ['performance', 'powersave'], boost: true },
      memoryControl: 'in-process',
    });
    assert.deepEqual(
      warnings.map((warning) => [warning.kind, 'when' in warning ? warning.when : '']),
      [
        ['load', 'before'],
        ['load', 'after'],
        ['busy-process', 'before'],
        ['clock', ''],
        ['governor', ''],
        ['turbo', ''],
        ['no-gc', ''],
        ['memory-uncontrolled', ''],
      ],
    );
    for (const warning of warnings) assert.ok(describeWarning(warning).length > 10);
    assert.match(describeWarning(warnings[2] as Warning), /node \(pid 42\) used 97% of a core before the run/);
  });

  it('a performance governor and turbo off raise nothing', () => {
    assert.deepEqual(runWarnings({ ...quiet, frequency: { governors: ['performance'], boost: false } }), []);
  });

  it('memory control: none without array variants, in-process with isolation none, not-glibc elsewhere', () => {
    assert.equal(memoryControlFor(false, 'none', null), null);
    assert.equal(memoryControlFor(true, 'none', '2.36'), 'in-process');
    assert.equal(memoryControlFor(true, 'series', null), 'not-glibc');
    assert.equal(memoryControlFor(true, 'point', '2.36'), 'enforced');
  });

  it('the run’s own load decays with the 1-minute average’s time constant', () => {
    const now = 1_000_000_000;
    // Busy on one core for a long time until now: ~1. Ended 60 s ago: e^-1 of it.
    assert.ok(Math.abs(ownLoadEstimate([{ startMs: now - 3_600_000, endMs: now, threads: 1 }], now) - 1) < 1e-9);
    const ended = ownLoadEstimate([{ startMs: now - 3_660_000, endMs: now - 60_000, threads: 2 }], now);
    assert.ok(Math.abs(ended - 2 * Math.exp(-1)) < 1e-9);
    assert.equal(ownLoadEstimate([], now), 0);
  });
});

describe('the machine-slow warning', () => {
  it('flags a point whose canary reading is over 5% above the file’s fastest, and no other', () => {
    const steady = [10, 10.1, 9.9, 10];
    const points = [
      point('fast', steady, { canaryMs: 4 }),
      point('same', steady, { canaryMs: 4.1 }),
      point('slow', steady, { canaryMs: 4.4 }),
      point('old', steady),
    ];
    assert.equal(fastestCanaryMs(points), 4);
    const warnings = allWarnings([], points);
    assert.deepEqual(
      warnings.map((warning) => warningKey(warning)),
      ['slow'],
    );
    const [warning] = warnings;
    assert.ok(warning?.kind === 'machine-slow' && Math.abs(warning.ratio - 1.1) < 1e-12);
    assert.match(describeWarning(warning), /slow: the machine ran 10% slower than at its fastest in this run/);
    // A file without readings (older, or every point measured before canaries) has no reference.
    assert.equal(fastestCanaryMs([point('old', steady)]), null);
    assert.deepEqual(pointWarnings(point('slow', steady, { canaryMs: 9 })), []);
  });

  it('flags a point measured while the caches were slow, by the canary that slowed more', () => {
    const steady = [10, 10.1, 9.9, 10];
    const points = [
      point('fast', steady, { canaryMs: 4, cacheCanaryMs: 1.7 }),
      point('neighbour', steady, { canaryMs: 4.1, cacheCanaryMs: 2.5 }),
      point('clock', steady, { canaryMs: 4.8, cacheCanaryMs: 1.8 }),
      point('compute-only', steady, { canaryMs: 4 }),
    ];
    assert.equal(fastestCanaryMs(points, 'cache'), 1.7);
    const warnings = allWarnings([], points);
    assert.deepEqual(
      warnings.map((warning) => [warningKey(warning), warning.kind === 'machine-slow' ? warning.canary : null]),
      [
        ['neighbour', 'cache'],
        ['clock', undefined],
      ],
    );
    assert.match(
      describeWarning(warnings[0]!),
      /^neighbour: the machine's caches ran 47% slower than at their fastest in this run \(a fixed stream through 480 KB took 1\.47× as long/,
    );
  });

  it('reads the caches’ speed as the median of a few runs of a fixed stream', () => {
    const ms = measureCacheCanaryMs(2, 3);
    assert.ok(Number.isFinite(ms) && ms > 0, String(ms));
  });

  it('keeps the slower of the readings before and after a point, canary by canary', async () => {
    assert.deepEqual(slowerReading({ computeMs: 4, cacheMs: 3 }, { computeMs: 5, cacheMs: 2 }), {
      computeMs: 5,
      cacheMs: 3,
    });
    const order: string[] = [];
    const { result, canary } = await bracketCanaries(async () => {
      order.push('measured');
      return 42;
    });
    assert.equal(result, 42);
    assert.deepEqual(order, ['measured']);
    assert.ok(canary.computeMs > 0 && canary.cacheMs > 0, JSON.stringify(canary));
    await assert.rejects(
      bracketCanaries(() => Promise.reject(new Error('kernel failed'))),
      /kernel failed/,
    );
  });

  it('reads the machine’s speed as the median of a few runs of a fixed loop', () => {
    const ms = measureCanaryMs(10_000, 3);
    assert.ok(Number.isFinite(ms) && ms > 0);
  });
});

describe('the process-spread warning', () => {
  const spreadPoint = (medians: number[]): MeasuredPoint =>
    point(
      'loop|n=1000',
      medians.flatMap((medianMs) => [medianMs, medianMs]),
      { processes: medians.map((medianMs) => ({ samples: 2, medianMs, batch: 1 })) },
    );

  it('is the range of the process medians over the pooled median', () => {
    assert.equal(processSpread([9, 10, 11], 10), 0.2);
    assert.equal(processSpread([10], 10), 0);
    assert.equal(processSpread([], 10), 0);
  });

  it('flags processes that disagree by over 5%, and not ones that agree', () => {
    assert.deepEqual(pointWarnings(spreadPoint([10, 10.1, 10.2])), []);
    const warnings = pointWarnings(spreadPoint([10, 10, 11]));
    assert.deepEqual(
      warnings.map((warning) => warning.kind),
      ['process-spread'],
    );
    const [warning] = warnings;
    assert.ok(warning?.kind === 'process-spread' && Math.abs(warning.spread - 0.1) < 1e-12 && warning.processes === 3);
    assert.match(describeWarning(warning), /its 3 fresh processes' medians differ by 10% \(over 5%\)/);
  });
});

describe('point warnings on fabricated samples', () => {
  it('flags a coefficient of variation over 10%, a median not known to ±5%, and a first sample far slower than the rest', () => {
    assert.deepEqual(pointWarnings(point('steady', [10, 10.2, 9.9, 10.1])), []);
    const noisy = pointWarnings(point('noisy', [10, 14, 8, 12, 9]));
    assert.deepEqual(
      noisy.map((warning) => warning.kind),
      ['cv', 'uncertain-median'],
    );
    // 5 samples: the interval is [min, max] = [8, 14], ±3 around the median 10.
    assert.ok(
      noisy.some((warning) => warning.kind === 'uncertain-median' && Math.abs(warning.halfWidth - 0.3) < 1e-12),
    );
    // Steady samples, but too few and too spread to know the median to ±5%: only that warning.
    assert.deepEqual(
      pointWarnings(point('few', [10, 10.6, 11.2])).map((warning) => warning.kind),
      ['uncertain-median'],
    );
    const cold = pointWarnings(point('cold', [30, 10, 10, 10, 10, 10, 10, 10, 10, 10]));
    assert.ok(cold.some((warning) => warning.kind === 'first-sample' && Math.abs(warning.ratio - 3) < 1e-9));
  });

  it('needs 3 samples to judge the first one, and 2 for a spread', () => {
    assert.equal(firstSampleRatio([30, 10]), null);
    assert.equal(coefficientOfVariation([5]), 0);
    assert.ok(Math.abs(coefficientOfVariation([9, 11]) - Math.SQRT2 / 10) < 1e-12);
  });

  it('lists at most 8 warnings on a terminal and counts the rest', () => {
    const many: Warning[] = Array.from({ length: 11 }, () => ({ kind: 'turbo' }));
    const lines = warningLines(many);
    assert.equal(lines.length, 9);
    assert.match(lines.at(-1) as string, /3 more warnings/);
  });
});

describe('Tukey outlier fences', () => {
  // Quartiles of 1..8 with linear interpolation: Q1 = 2.75, Q3 = 6.25, IQR = 3.5.
  const base = [1, 2, 3, 4, 5, 6, 7, 8];
  it('puts the fences at 1.5 and 3 IQR outside the quartiles', () => {
    assert.deepEqual(outlierFences(base), { lowSevere: -7.75, lowMild: -2.5, highMild: 11.5, highSevere: 16.75 });
    const fences = outlierFences(base);
    assert.equal(classifyOutlier(11.5, fences), 'none');
    assert.equal(classifyOutlier(12, fences), 'mild');
    assert.equal(classifyOutlier(17, fences), 'severe');
    assert.equal(classifyOutlier(-3, fences), 'mild');
  });

  it('counts mild and severe outliers, and summarize stores them beside the total', () => {
    const values = [10, 10, 10, 11, 11, 11, 12, 12, 15, 40];
    const counts = classifyOutliers(values);
    assert.deepEqual(counts, { mild: 1, severe: 1 });
    const stats = summarize(values);
    assert.equal(stats.mildOutliers, 1);
    assert.equal(stats.severeOutliers, 1);
    assert.equal(stats.outliers, 2);
  });
});

describe('reading the system state', () => {
  it('parses /proc/loadavg and /proc/<pid>/stat, commands with spaces and parentheses included', () => {
    assert.deepEqual(parseLoadAverage('0.52 0.31 0.20 1/234 5678\n'), [0.52, 0.31, 0.2]);
    assert.equal(parseLoadAverage('garbage'), null);
    const stat = '4242 (my (odd) cmd) R 1 4242 4242 0 -1 4194304 129 0 0 0 150 25 0 0 20 0 1 0 7811210';
    assert.deepEqual(parseProcStat(stat), { pid: 4242, command: 'my (odd) cmd', ticks: 175 });
    assert.equal(parseProcStat('nonsense'), null);
  });

  it('finds the processes busy between two readings, busiest first, leaving out the excluded', () => {
    const before = new Map([
      [1, { command: 'idle', ticks: 100 }],
      [2, { command: 'spinner', ticks: 100 }],
      [3, { command: 'half', ticks: 100 }],
      [4, { command: 'me', ticks: 100 }],
    ]);
    const after = new Map([
      [1, { command: 'idle', ticks: 101 }],
      [2, { command: 'spinner', ticks: 125 }],
      [3, { command: 'half', ticks: 112 }],
      [4, { command: 'me', ticks: 125 }],
      [5, { command: 'new', ticks: 999 }],
    ]);
    assert.deepEqual(busyProcesses(before, after, 250, { exclude: new Set([4]) }), [
      { pid: 2, command: 'spinner', cpuPercent: 100 },
      { pid: 3, command: 'half', cpuPercent: 48 },
    ]);
  });

  it('reads governors and turbo from a /sys tree, and says nothing where it is not exposed', () => {
    const root = tempDir();
    const governors: [string, string][] = [
      ['cpu0', 'schedutil'],
      ['cpu1', 'performance'],
    ];
    for (const [cpu, governor] of governors) {
      mkdirSync(join(root, cpu, 'cpufreq'), { recursive: true });
      writeFileSync(join(root, cpu, 'cpufreq', 'scaling_governor'), `${governor}\n`);
    }
    mkdirSync(join(root, 'intel_pstate'));
    writeFileSync(join(root, 'intel_pstate', 'no_turbo'), '0\n');
    assert.deepEqual(readCpuFrequencyState(root), { governors: ['performance', 'schedutil'], boost: true });
    const bare = tempDir();
    mkdirSync(join(bare, 'cpu0'));
    assert.deepEqual(readCpuFrequencyState(bare), { governors: [], boost: null });
  });

  it('takes a snapshot from a fabricated /proc', async () => {
    const proc = tempDir();
    writeFileSync(join(proc, 'loadavg'), '1.50 1.00 0.50 2/100 99\n');
    mkdirSync(join(proc, '7'));
    writeFileSync(join(proc, '7', 'stat'), '7 (still) S 1 7 7 0 -1 0 0 0 0 0 3 1 0 0 20 0 1 0 1\n');
    const shot = await takeSystemSnapshot({ procRoot: proc, sampleMs: 10 });
    assert.deepEqual(shot.loadAverage, [1.5, 1, 0.5]);
    assert.deepEqual(shot.busy, []);
  });
});

function fileWith(points: MeasuredPoint[], extra: Partial<ResultsFile> = {}): ResultsFile {
  return ResultsFileSchema.parse({
    version: 2,
    kind: 'n',
    profile: 'smoke',
    machineId: 'test-machine-00000000',
    machineFile: 'machines/test-machine-00000000.json',
    machine: { hostname: 'h', cpu: 'c', logicalCores: 2, totalMemoryBytes: 1 },
    node: '20',
    v8: '11',
    gitCommit: null,
    startedAt: 'a',
    updatedAt: 'b',
    parameters: {},
    harness: { overheadMs: 0, gcBetweenSamples: true, warmupRuns: 0, minSamples: 1, minTimeMs: 0, isolation: 'series' },
    points,
    ...extra,
  });
}

describe('the sample-order chart and the validity view', () => {
  const noisy = point('loop|n=1000', [10, 10, 10, 11, 11, 11, 12, 12, 15, 40]);
  const steady = point('loop|n=2000', [10, 10, 10]);
  const file = fileWith([steady, noisy], {
    warnings: [{ kind: 'cv', key: noisy.key, cv: 0.6, threshold: 0.1 }],
    system: { before: snapshot(0.2), after: null, frequency: { governors: [], boost: null }, glibc: '2.36' },
  });

  it('plots every sample in order, classed by Tukey’s fences, and names the outlier counts', () => {
    const chart = sampleOrderChart(file, noisy.key);
    const values = (chart.spec.data as { values: { sample: number; ms: number; outlier: string }[] }).values;
    assert.deepEqual(
      values.map((value) => value.sample),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    );
    assert.deepEqual(
      values.filter((value) => value.outlier !== 'none').map((value) => [value.ms, value.outlier]),
      [
        [15, 'mild'],
        [40, 'severe'],
      ],
    );
    assert.match(chart.notes[0] as string, /1 of 10 samples are mild outliers .* 1 severe/);
    assert.throws(() => sampleOrderChart(file, 'nope'), /no measured point "nope"/);
  });

  it('picks the noisiest point of a file', () => {
    assert.deepEqual(
      noisiestPoints(file).map((p) => p.key),
      [noisy.key],
    );
  });

  it('the data section’s view names the isolation, the load, the outliers and every warning', () => {
    const view = validityView(file);
    assert.equal(view.title, 'n sweep (smoke)');
    assert.ok(view.conditions.includes('measured in a fresh child process per series'));
    assert.ok(
      view.conditions.some((line) => /load average .* before 0\.20 \/ 0\.00 \/ 0\.00, after not recorded/.test(line)),
    );
    assert.ok(view.conditions.some((line) => /1 mild samples in 1 of 2 points, 1 severe in 1/.test(line)));
    assert.deepEqual(view.warnings, ['loop|n=1000: samples vary by 60% (coefficient of variation over 10%)']);
    const old = validityView(fileWith([steady], { harness: { ...file.harness, isolation: undefined } }));
    assert.ok(old.conditions.includes('measured in the sweep’s own process'));
    assert.ok(old.conditions.some((line) => /not recorded/.test(line)));
    assert.equal(old.warnings, null);
  });
});
