// The machine probe: latency staircase, TLB, bandwidth, first touch and compute ceilings at a profile's settings.
import os from 'node:os';
import type { Profile } from '../results/schema.js';
import { measureBandwidth } from './bandwidth.js';
import { LINE_BYTES } from './chase-order.js';
import { cacheSizeFindings, describeBoundaries, staircaseSeenEnough } from './cliffs.js';
import { COMPUTE_CHAINS, COMPUTE_KERNELS, measureCompute } from './compute.js';
import { FEWEST_REPEATS, LONG_SIZE_MS, measureFirstTouch } from './first-touch.js';
import { anonHugePagesBytes, describePages, measureLatency } from './latency.js';
import { estimatedLlcBytes, estimateProbeMs, type ProbePace, type ProbeTask } from './probe-estimate.js';
import { logGrid, planProbe, type ProbePlan } from './probe-settings.js';
import type { MachineRecord, ProbePoint, ProbeResult, ProbeSection, SpreadPoint, ProbeSettings } from './record.js';
import { ProbeMemory } from './wasm-probes.js';

/* The latency staircase alone with ad-hoc options (measureLoadLatency), for quick looks and tests. */
export const PROBE_MIN_BYTES = 4 * 1024;
export const PROBE_MAX_BYTES = 256 * 1024 * 1024;
export const PROBE_STEPS_PER_OCTAVE = 4;
export const PROBE_LOADS = 1 << 17;
export const PROBE_REPEATS = 7;

export interface ProbeOptions {
  minBytes?: number;
  maxBytes?: number;
  stepsPerOctave?: number;
  loads?: number;
  repeats?: number;
  /** Called after each working set, for progress. */
  onPoint?: (done: number, total: number, point: ProbePoint) => void;
}

/** Log-spaced working-set sizes from min to max inclusive, each a whole number of 64-byte lines. Pure. */
export function probeSizes(minBytes: number, maxBytes: number, stepsPerOctave: number): number[] {
  return logGrid(minBytes, maxBytes, stepsPerOctave, LINE_BYTES);
}

const latencyMethod = (layout: string, repeats: number, loads: number): string =>
  `dependent-load latency in WebAssembly, ${layout}, single-threaded; per working set a fresh random cycle, one untimed pass, then the median of ${repeats} × ${loads} loads, each repeat after the same loads over a 4 KiB L1-resident chain; cliffs found in the median ratio of the two`;

const PACKED = 'every 64-byte line of the working set in one random cycle (lines and pages in random order)';

/** The packed latency staircase alone, with ad-hoc options. Synchronous. */
export function measureLoadLatency(options: ProbeOptions = {}): ProbePoint[] {
  const sizes = probeSizes(
    options.minBytes ?? PROBE_MIN_BYTES,
    options.maxBytes ?? PROBE_MAX_BYTES,
    options.stepsPerOctave ?? PROBE_STEPS_PER_OCTAVE,
  );
  return measureLatency({
    layout: 'packed',
    sizes,
    loads: options.loads ?? PROBE_LOADS,
    repeats: options.repeats ?? PROBE_REPEATS,
    onPoint: (point, index) => options.onPoint?.(index + 1, sizes.length, point),
  });
}

/**
 * Progress of probeMachine in estimated milliseconds of work, so a bar can show time rather than a count:
 * the task that just finished, and how far the probe is (ProbePace: estimated ms done, in all and
 * measured — skipped tasks, past an early stop or of a failed section, took no time — and real ms since
 * the probe began, not since its caller did: a report collects the specs first).
 */
export interface ProbeProgress extends ProbePace {
  section: ProbeSection;
  /** The unit of work that just finished (a working set, a bandwidth kernel, an array size, a ceiling). */
  task: ProbeTask;
}

export interface ProbeMachineOptions {
  /** The profile whose settings these are, recorded with the result. */
  profile: Profile;
  /** What to measure and how finely: the profile's row of the profile table (PROFILE_SETTINGS[profile].probe). */
  settings: Readonly<ProbeSettings>;
  onProgress?: (progress: ProbeProgress) => void;
  /** Worker threads of the all-cores bandwidth run (default: available parallelism). */
  cores?: number;
  /** Bytes the probe may use (default: half the free memory). */
  memoryBudgetBytes?: number;
}

const describeError = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Measure everything at `options.settings` (the profile's probe settings), each section after the other
 * on an otherwise idle process: the packed latency staircase and its cache boundaries, the
 * one-line-per-page chase, bandwidth (1 thread and all cores), first touch and compute ceilings. A
 * section that throws records its error and the others still run. The result carries its profile,
 * settings and coverage, so probeSatisfies can tell later whether it is fine enough to reuse.
 */
export async function probeMachine(
  machine: Pick<MachineRecord, 'caches' | 'memory'>,
  options: ProbeMachineOptions,
): Promise<ProbeResult> {
  const started = performance.now();
  const plan = planFor(machine, options.settings, options.cores, options.memoryBudgetBytes);
  const { settings } = plan;
  const tasks = probeTasks(plan);
  const estimates = new Map(tasks.map((task) => [task, estimateProbeMs(task, machine.caches)]));
  const totalMs = [...estimates.values()].reduce((a, b) => a + b, 0);
  let doneMs = 0;
  let measuredMs = 0;
  const done = new Set<ProbeTask>();
  let lastTask: ProbeTask | undefined;
  let reportedMs = 0;
  const report = (task: ProbeTask): void => {
    reportedMs = doneMs;
    options.onProgress?.({
      section: task.section,
      task,
      doneMs,
      totalMs,
      measuredMs,
      elapsedMs: performance.now() - started,
    });
  };
  // A skipped task (measured false) is counted silently: the next measured one reports it, so no line
  // names a section that is only being skipped.
  const advance = (task: ProbeTask | undefined, measured = true): void => {
    if (task === undefined || done.has(task)) return;
    done.add(task);
    lastTask = task;
    doneMs += estimates.get(task)!;
    if (measured) {
      measuredMs += estimates.get(task)!;
      report(task);
    }
  };
  const taskList = (section: ProbeSection): ProbeTask[] => tasks.filter((task) => task.section === section);
  const errors: NonNullable<ProbeResult['errors']> = {};
  const attempt = async <T>(section: ProbeSection, run: () => T | Promise<T>): Promise<T | undefined> => {
    try {
      return await run();
    } catch (error) {
      errors[section] = describeError(error);
      for (const task of taskList(section)) advance(task, false);
      return undefined;
    }
  };

  // 1. Latency staircase (packed) and 2. the one-line-per-page chase, in one memory. The staircase ends
  // once it has seen every level and gone llcMultiple × past the last (staircaseSeenEnough).
  const hugeBefore = anonHugePagesBytes();
  let hugeGrowth: number | null = null;
  const memory = new ProbeMemory(0);
  const latencyTasks = taskList('latency');
  // An object, not a let: TypeScript does not see a callback's assignments.
  const stop: { reason: string | null } = { reason: null };
  const points =
    (await attempt('latency', () =>
      measureLatency(
        {
          layout: 'packed',
          sizes: plan.sizes,
          loads: settings.latencyLoads,
          repeats: settings.latencyRepeats,
          onPoint: (_point, index) => advance(latencyTasks[index]),
          stopAfter: (measured) => {
            if (measured.length === plan.sizes.length) return false;
            stop.reason = staircaseSeenEnough(measured, machine.caches, settings.llcMultiple, settings.floorBytes);
            return stop.reason !== null;
          },
        },
        memory,
      ),
    )) ?? [];
  // Sizes past an early stop are not measured by the bandwidth probe either: they would show main memory only.
  const lastSize = stop.reason === null ? Infinity : points[points.length - 1]!.workingSetBytes;
  const sizes = plan.sizes.filter((bytes) => bytes <= lastSize);
  const skip = (section: 'latency' | 'bandwidth'): void => {
    for (const task of taskList(section)) if (task.section === section && task.bytes > lastSize) advance(task, false);
  };
  // Both at once, so the progress's total drops as soon as the stop is known (the bandwidth sizes past
  // it were most of the estimate when the grid was sized from a 508 MiB reported L3).
  skip('latency');
  skip('bandwidth');
  const hugeAfter = anonHugePagesBytes();
  if (hugeBefore !== null && hugeAfter !== null) hugeGrowth = Math.max(0, hugeAfter - hugeBefore);
  const tlbStarted = performance.now();
  const spreadTasks = taskList('tlb');
  const spread = await attempt('tlb', () =>
    measureLatency(
      {
        layout: 'spread',
        sizes: plan.spreadSizes,
        loads: settings.latencyLoads,
        repeats: settings.latencyRepeats,
        onPoint: (_point, index) => advance(spreadTasks[index]),
      },
      memory,
    ).map((point): SpreadPoint => ({ ...point, pages: point.workingSetBytes / LINE_BYTES })),
  );
  const tlbMs = performance.now() - tlbStarted;

  // 3. Bandwidth: the latency memory is dropped first, so the threads have the room.
  const bandwidthStarted = performance.now();
  const bandwidthTasks = taskList('bandwidth').filter((task) => task.section === 'bandwidth' && task.bytes <= lastSize);
  let bandwidthIndex = 0;
  const curves = await attempt('bandwidth', () =>
    measureBandwidth({
      sizes,
      threads: plan.threads,
      bytesPerRepeat: settings.bandwidthBytes,
      repeats: settings.bandwidthRepeats,
      onPoint: () => advance(bandwidthTasks[bandwidthIndex++]),
    }),
  );
  const bandwidthMs = performance.now() - bandwidthStarted;

  // 4. First touch and 5. compute ceilings.
  const firstTouchStarted = performance.now();
  const firstTouchTasks = taskList('firstTouch');
  const firstTouch = await attempt('firstTouch', () =>
    measureFirstTouch({
      sizes: plan.firstTouchBytes,
      repeats: settings.firstTouchRepeats,
      onPoint: (_point, index) => advance(firstTouchTasks[index]),
    }),
  );
  const firstTouchMs = performance.now() - firstTouchStarted;
  const computeStarted = performance.now();
  const computeTasks = taskList('compute');
  const ceilings = await attempt('compute', () =>
    measureCompute({
      iterations: settings.computeIterations,
      repeats: settings.computeRepeats,
      onCeiling: (_ceiling, index) => advance(computeTasks[index]),
    }),
  );
  const computeMs = performance.now() - computeStarted;
  if (lastTask !== undefined && reportedMs < doneMs) report(lastTask); // the last tasks were skipped: still end at 100%

  const boundaries = describeBoundaries(points, machine.caches);
  const result: ProbeResult = {
    method: latencyMethod(PACKED, settings.latencyRepeats, settings.latencyLoads),
    points,
    boundaries,
    elapsedMs: performance.now() - started,
    profile: options.profile,
    settings,
    coverage:
      stop.reason === null ? plan.coverage : { ...plan.coverage, maxBytes: lastSize, stoppedEarly: stop.reason },
    findings: cacheSizeFindings(boundaries),
  };
  if (spread !== undefined)
    result.tlb = {
      method: latencyMethod(
        'one 64-byte line (at a random offset) in each of as many 4 KiB pages',
        settings.latencyRepeats,
        settings.latencyLoads,
      ),
      spread,
      pages: describePages(hugeGrowth),
      elapsedMs: tlbMs,
    };
  if (curves !== undefined)
    result.bandwidth = {
      method: `WebAssembly SIMD, 16-byte loads/stores, 8 per iteration; each thread streams its own working set (copy: half source, half destination, bytes read + written counted) for ${settings.bandwidthRepeats} repeats of ≥ ${settings.bandwidthBytes} bytes, the threads starting each repeat together; a repeat's rate is all threads' bytes over the slowest thread's time, the point's the best repeat (as STREAM), median beside it`,
      curves,
      elapsedMs: bandwidthMs,
    };
  if (firstTouch !== undefined)
    result.firstTouch = {
      method: `new Float64Array(n) then a JavaScript loop writing every element (fresh), then the same loop again (touched); median of ${settings.firstTouchRepeats} (of ${FEWEST_REPEATS} for a size whose repeats pass ${LONG_SIZE_MS / 1000} s), a full GC before each when --expose-gc is on; minor page faults from process.resourceUsage()`,
      pageBytes: 4096,
      points: firstTouch,
      elapsedMs: firstTouchMs,
    };
  if (ceilings !== undefined)
    result.compute = {
      method: `${COMPUTE_KERNELS.length} loops of ${COMPUTE_CHAINS} independent (or, for latency, dependent) float64 operations per iteration, scalar and f64x2 WebAssembly and JavaScript; the best of ${settings.computeRepeats} × ${settings.computeIterations} iterations`,
      ceilings,
      elapsedMs: computeMs,
    };
  if (Object.keys(errors).length > 0) result.errors = errors;
  return result;
}

/** The plan probeMachine measures by: the settings on this machine's cores and half its free memory. */
function planFor(
  machine: Pick<MachineRecord, 'caches' | 'memory'>,
  settings: Readonly<ProbeSettings>,
  cores = os.availableParallelism(),
  memoryBudgetBytes?: number,
): ProbePlan {
  const available = Math.min(os.freemem(), machine.memory.availableBytes ?? Infinity);
  return planProbe(settings, { caches: machine.caches, memoryBudgetBytes: memoryBudgetBytes ?? available / 2, cores });
}

/**
 * Estimated ms of probeMachine at `settings` on this machine, before it runs (an estimate, for a plan):
 * its tasks' estimates (estimateProbeMs), with the staircase and bandwidth expected to stop early at
 * llcMultiple × the last-level cache (estimatedLlcBytes: capped at ESTIMATE_LLC_CAP_BYTES) or the floor, whichever is more:
 * where a VM reports the socket's cache, the grid goes no further (staircaseSeenEnough).
 */
export function estimateProbeRunMs(
  machine: Pick<MachineRecord, 'caches' | 'memory'>,
  settings: Readonly<ProbeSettings>,
): number {
  const stopBytes = Math.max(settings.floorBytes, settings.llcMultiple * estimatedLlcBytes(machine.caches));
  return probeTasks(planFor(machine, settings))
    .filter((task) => (task.section !== 'latency' && task.section !== 'bandwidth') || task.bytes <= stopBytes)
    .reduce((sum, task) => sum + estimateProbeMs(task, machine.caches), 0);
}

/** Every unit of work of a plan, in the order probeMachine runs them. */
export function probeTasks(plan: ProbePlan): ProbeTask[] {
  const { settings } = plan;
  const latency = (layout: 'packed' | 'spread') => (bytes: number) => ({
    layout,
    bytes,
    loads: settings.latencyLoads,
    repeats: settings.latencyRepeats,
  });
  return [
    ...plan.sizes.map((bytes) => ({ section: 'latency' as const, ...latency('packed')(bytes) })),
    ...plan.spreadSizes.map((bytes) => ({ section: 'tlb' as const, ...latency('spread')(bytes) })),
    ...plan.threads.flatMap((threads) =>
      plan.sizes.flatMap((bytes) =>
        (['read', 'write', 'copy'] as const).map((kernel) => ({
          section: 'bandwidth' as const,
          kernel,
          threads,
          bytes,
          bytesPerRepeat: settings.bandwidthBytes,
          repeats: settings.bandwidthRepeats,
        })),
      ),
    ),
    ...plan.firstTouchBytes.map((bytes) => ({
      section: 'firstTouch' as const,
      bytes,
      repeats: settings.firstTouchRepeats,
    })),
    ...COMPUTE_KERNELS.map((kernel) => ({
      section: 'compute' as const,
      operation: kernel.operation,
      lanes: kernel.lanes,
      iterations: settings.computeIterations,
      repeats: settings.computeRepeats,
    })),
  ];
}
