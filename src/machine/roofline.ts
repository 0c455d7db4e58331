// Napkin math 2.0: a variant's time per term predicted from the probe's ceilings, and the roofline it sits under. Pure.
import type { VariantWork, WorkPass } from '../kernels/types.js';
import type {
  BandwidthCurve,
  BandwidthKernel,
  ComputeCeiling,
  ComputeOperation,
  FirstTouchPoint,
  ProbeResult,
} from './record.js';

/** The ceilings a prediction reads: the probe's bandwidth curves, compute ceilings and first-touch costs. */
export interface Ceilings {
  bandwidth: readonly BandwidthCurve[];
  compute: readonly ComputeCeiling[];
  /** May be empty: fresh pages then cost nothing in the prediction (and the prediction says so). */
  firstTouch: readonly FirstTouchPoint[];
}

/** The ceilings of a probe, or null when it lacks the bandwidth or compute section (recorded before schema 2). */
export function ceilingsOf(probe: ProbeResult | null): Ceilings | null {
  if (!probe?.bandwidth || !probe.compute) return null;
  return {
    bandwidth: probe.bandwidth.curves,
    compute: probe.compute.ceilings,
    firstTouch: probe.firstTouch?.points ?? [],
  };
}

/**
 * y at x on the polyline through (xs, ys), interpolated linearly in log x; clamped to the first and
 * last point outside the range. Needs xs ascending and non-empty. Pure; O(n).
 */
export function interpolateLog(xs: readonly number[], ys: readonly number[], x: number): number {
  if (x <= xs[0]!) return ys[0]!;
  for (let i = 1; i < xs.length; i++) {
    if (x <= xs[i]!) {
      const t = Math.log(x / xs[i - 1]!) / Math.log(xs[i]! / xs[i - 1]!);
      return ys[i - 1]! + t * (ys[i]! - ys[i - 1]!);
    }
  }
  return ys[ys.length - 1]!;
}

/**
 * GB/s (= bytes per ns) of `kernel` for `threads` threads each on `workingSetBytes`: the curve of the
 * largest measured thread count ≤ threads (more threads than were measured share what was measured),
 * interpolated. Null when there is no such curve.
 */
export function bandwidthAt(
  curves: readonly BandwidthCurve[],
  kernel: BandwidthKernel,
  threads: number,
  workingSetBytes: number,
): number | null {
  const candidates = curves.filter((c) => c.kernel === kernel && c.threads <= threads && c.points.length > 0);
  if (candidates.length === 0) return null;
  const curve = candidates.reduce((a, b) => (b.threads > a.threads ? b : a));
  const xs = curve.points.map((p) => p.workingSetBytes);
  return interpolateLog(
    xs,
    curve.points.map((p) => p.gbPerSecond),
    Math.max(workingSetBytes, 1),
  );
}

/** Operations per ns of a throughput ceiling (or, with `dependent`, the inverse add latency); null when not measured. */
export function computeRate(
  ceilings: readonly ComputeCeiling[],
  operation: ComputeOperation,
  lanes: 1 | 2,
  engine: 'js' | 'wasm',
  dependent = false,
): number | null {
  const match = (e: string) =>
    ceilings.find((c) => c.operation === operation && c.lanes === lanes && c.engine === e && c.dependent === dependent);
  return (match(engine) ?? match(engine === 'js' ? 'wasm' : 'js'))?.opsPerNs ?? null;
}

/**
 * ns per 4 KiB page that the first write to a fresh array of `bytes` adds: the cost per fault,
 * interpolated over the sizes where the probe's arrays did fault (≥ half a fault per page). The
 * probe allocates one array at a time, and for a few MB the allocator then often hands back the
 * pages it just freed; the variants keep several such arrays live at once and get fresh pages, so
 * a fault per page is what they pay. Falls back to the cost per page when no size faulted, 0 when
 * the probe has no first-touch section.
 */
export function faultNsPerPage(points: readonly FirstTouchPoint[], bytes: number): number {
  if (points.length === 0) return 0;
  const faulting = points.filter((p) => p.faultsPerPage >= 0.5 && p.nsPerFault !== null);
  const sorted = (faulting.length > 0 ? faulting : [...points]).sort((a, b) => a.bytes - b.bytes);
  const cost = (p: FirstTouchPoint): number => (faulting.length > 0 ? p.nsPerFault! : p.nsPerPage);
  return Math.max(
    0,
    interpolateLog(
      sorted.map((p) => p.bytes),
      sorted.map(cost),
      bytes,
    ),
  );
}

/** What sets a pass's time: the memory system, the arithmetic units, an add chain's latency, or first-touch page faults. */
export type Bound = 'memory' | 'compute' | 'latency' | 'first touch';

export interface PassPrediction {
  step: string;
  /** Wall ns per term: the memory time (bytes over the bandwidth at the working set) ... */
  memoryNs: number;
  /** ...the arithmetic time (the slowest unit, each thread doing its share) ... */
  computeNs: number;
  /** ...the add-chain time (dependent adds × add latency) ... */
  latencyNs: number;
  /** ...plus the page faults of fresh arrays, which overlap nothing. */
  faultNs: number;
  /** max(memory, compute, latency) + faults. */
  ns: number;
  bound: Bound;
}

export interface TermPrediction {
  /** Wall ns per term: the passes' times added (each pass runs after the last). */
  nsPerTerm: number;
  passes: PassPrediction[];
  /** What takes most of the time over all passes (each pass's slowest part, and all page faults). */
  bound: Bound;
  flopsPerTerm: number;
  bytesPerTerm: number;
  /** What the prediction could not price, e.g. a ceiling the probe lacks. */
  gaps: string[];
}

export interface PredictionInput {
  work: VariantWork;
  /** Bytes of arrays live at once, all threads together (the variant's footprintBytes). */
  footprintBytes: number;
  /** Terms, for the size of fresh arrays (page-fault cost depends on it). */
  n: number;
}

const PAGE_BYTES = 4096;

/** Float64 operations and array bytes per term of a pass. */
export const passFlops = (p: WorkPass): number => p.div + p.mul + p.add;
export const passBytes = (p: WorkPass): number => p.readBytes + p.writeBytes;

/**
 * The napkin's time per term: for each pass, the larger of its memory time (reads over the read
 * bandwidth, writes over the write bandwidth, both together over the copy bandwidth, at the
 * working set each thread keeps live), its arithmetic time (divides, multiplies and adds each over
 * their own throughput, and for a JavaScript pass over arrays its array accesses at the typed-array
 * loop's rate, half an element each — the slowest unit setting the pace) and its add-chain time (dependent adds × the add latency),
 * plus the page faults of its fresh arrays; the passes run one after another, so
 * their times add. With T threads, each does 1/T of the terms at the all-cores bandwidth. A
 * ceiling the probe lacks is left out and named in `gaps`. Pure.
 */
export function predictTerm(input: PredictionInput, ceilings: Ceilings): TermPrediction {
  const { work } = input;
  const threads = Math.max(1, work.threads);
  const maxThreads = Math.max(1, ...ceilings.bandwidth.map((c) => c.threads));
  const parallel = Math.min(threads, maxThreads);
  const workingSet = input.footprintBytes / threads;
  const gaps = new Set<string>();
  const rate = (operation: ComputeOperation, lanes: 1 | 2, dependent = false): number => {
    const value = computeRate(ceilings.compute, operation, lanes, work.engine, dependent);
    if (value === null) gaps.add(`no ${dependent ? 'dependent ' : ''}${operation} ×${lanes} ceiling`);
    return value ?? Infinity;
  };
  const bandwidth = (kernel: BandwidthKernel): number => {
    const value = bandwidthAt(ceilings.bandwidth, kernel, threads, workingSet);
    if (value === null) gaps.add(`no ${kernel} bandwidth`);
    return value ?? Infinity;
  };
  if (ceilings.firstTouch.length === 0 && work.passes.some((p) => p.freshBytes > 0))
    gaps.add('no first-touch cost: fresh pages priced at 0');
  const perPage = faultNsPerPage(ceilings.firstTouch, (input.n * 8) / threads);
  const totals = new Map<Bound, number>([
    ['compute', 0],
    ['memory', 0],
    ['latency', 0],
    ['first touch', 0],
  ]);
  const passes = work.passes.map((pass): PassPrediction => {
    const memoryNs =
      pass.readBytes > 0 && pass.writeBytes > 0
        ? passBytes(pass) / bandwidth('copy')
        : pass.readBytes > 0
          ? pass.readBytes / bandwidth('read')
          : pass.writeBytes > 0
            ? pass.writeBytes / bandwidth('write')
            : 0;
    // The element ceiling's loop makes two array accesses (a load and a store) per element.
    const accesses = work.engine === 'js' ? passBytes(pass) / 8 : 0;
    const units = [
      pass.div > 0 ? pass.div / rate('div', pass.lanes) : 0,
      pass.mul > 0 ? pass.mul / rate('mul', pass.lanes) : 0,
      pass.add > 0 ? pass.add / rate('add', pass.lanes) : 0,
      accesses > 0 ? accesses / (2 * rate('element', 1)) : 0,
    ];
    const computeNs = Math.max(...units) / parallel;
    const latencyNs = pass.dependentAdds > 0 ? pass.dependentAdds / rate('add', 1, true) / parallel : 0;
    const faultNs = ((pass.freshBytes / PAGE_BYTES) * perPage) / parallel;
    const slowest = Math.max(memoryNs, computeNs, latencyNs);
    const core: Bound =
      slowest === memoryNs && memoryNs > 0
        ? 'memory'
        : slowest === latencyNs && latencyNs > computeNs
          ? 'latency'
          : 'compute';
    const bound: Bound = faultNs > slowest ? 'first touch' : core;
    totals.set(core, totals.get(core)! + slowest);
    totals.set('first touch', totals.get('first touch')! + faultNs);
    return { step: pass.step, memoryNs, computeNs, latencyNs, faultNs, ns: slowest + faultNs, bound };
  });
  const bound = [...totals].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
  return {
    nsPerTerm: passes.reduce((sum, p) => sum + p.ns, 0),
    passes,
    bound,
    flopsPerTerm: work.passes.reduce((sum, p) => sum + passFlops(p), 0),
    bytesPerTerm: work.passes.reduce((sum, p) => sum + passBytes(p), 0),
    gaps: [...gaps],
  };
}

/** A prediction beside a measurement: measured ÷ predicted (1 = the napkin is right; 3 = three times slower than the ceilings allow). */
export function predictionRatio(prediction: TermPrediction, measuredNsPerTerm: number): number {
  return measuredNsPerTerm / prediction.nsPerTerm;
}

/** Bytes per term that cross each level, from the level the working set lives in up to L1. */
export interface LevelTraffic {
  level: string;
  bytesPerTerm: number;
}

/**
 * Bytes moved per term at each level: every byte passes through L1; a level beyond it sees the bytes
 * only when the working set per thread exceeds every level before it (sizes: `levels`, smallest
 * first, e.g. the measured boundaries with the reported sizes where none was measured). The last
 * entry is memory ("DRAM"). Write-allocate reads are not counted. Pure.
 */
export function trafficByLevel(
  work: VariantWork,
  footprintBytes: number,
  levels: ReadonlyArray<{ name: string; bytes: number }>,
): LevelTraffic[] {
  const bytes = work.passes.reduce((sum, p) => sum + passBytes(p), 0);
  const workingSet = footprintBytes / Math.max(1, work.threads);
  const names = [...levels.map((l) => l.name), 'DRAM'];
  return names.map((level, i) => ({
    level,
    bytesPerTerm: i === 0 || workingSet > levels[i - 1]!.bytes ? bytes : 0,
  }));
}

/** A roof: a compute ceiling in GFLOP/s (= flops per ns), or a bandwidth ceiling in GB/s (= bytes per ns). */
export interface RooflineCeiling {
  kind: 'compute' | 'memory';
  /** e.g. "f64x2 add (wasm)", "L2 read ×1", "DRAM read ×2". */
  name: string;
  value: number;
}

export interface RooflinePoint {
  variant: string;
  /** Flops per byte of array traffic; null for a variant that moves no array bytes (drawn at the right edge). */
  intensity: number | null;
  flopsPerTerm: number;
  bytesPerTerm: number;
  predictedNsPerTerm: number;
  measuredNsPerTerm: number | null;
  /** flopsPerTerm ÷ ns per term: GFLOP/s, predicted and (when measured) achieved. */
  predictedGflops: number;
  achievedGflops: number | null;
  bound: Bound;
}

export interface RooflineEntry extends PredictionInput {
  variant: string;
  measuredNsPerTerm: number | null;
}

/**
 * The roofline of a probe: compute roofs (throughput ceilings of each operation and width, and the
 * add latency as the roof of a single running sum), memory roofs (read bandwidth per level for 1
 * thread and all cores, from `levelBandwidths`), and one point per entry with its operational
 * intensity, predicted and achieved GFLOP/s. Pure.
 */
export function rooflineData(
  ceilings: Ceilings,
  levelBandwidths: ReadonlyArray<{
    kernel: BandwidthKernel;
    threads: number;
    levels: ReadonlyArray<{ level: string; gbPerSecond: number | null }>;
  }>,
  entries: readonly RooflineEntry[],
): { ceilings: RooflineCeiling[]; points: RooflinePoint[] } {
  const roofs: RooflineCeiling[] = [
    ...ceilings.compute.map((c) => ({
      kind: 'compute' as const,
      name: `${c.lanes === 2 ? 'f64x2' : 'f64'} ${c.operation}${c.dependent ? ' chain' : ''} (${c.engine})`,
      value: c.opsPerNs,
    })),
    ...levelBandwidths
      .filter((table) => table.kernel === 'read')
      .flatMap((table) =>
        table.levels.flatMap((l) =>
          l.gbPerSecond === null
            ? []
            : [{ kind: 'memory' as const, name: `${l.level} read ×${table.threads}`, value: l.gbPerSecond }],
        ),
      ),
  ];
  const points = entries.map((entry): RooflinePoint => {
    const prediction = predictTerm(entry, ceilings);
    const { flopsPerTerm, bytesPerTerm } = prediction;
    return {
      variant: entry.variant,
      intensity: bytesPerTerm > 0 ? flopsPerTerm / bytesPerTerm : null,
      flopsPerTerm,
      bytesPerTerm,
      predictedNsPerTerm: prediction.nsPerTerm,
      measuredNsPerTerm: entry.measuredNsPerTerm,
      predictedGflops: flopsPerTerm / prediction.nsPerTerm,
      achievedGflops: entry.measuredNsPerTerm === null ? null : flopsPerTerm / entry.measuredNsPerTerm,
      bound: prediction.bound,
    };
  });
  return { ceilings: roofs, points };
}
