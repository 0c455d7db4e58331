// The versioned machine record: cores, caches (sizes in bytes), memory, OS and runtime, with reasons for unknowns.
import type { Profile } from '../results/schema.js';

/**
 * Bump when the record's format changes. Version 2 added the probe's profile, settings, coverage, TLB,
 * bandwidth, first-touch and compute sections; version 1 records are upgraded on load (upgrade.ts);
 * any other version fails with a clear message.
 */
export const MACHINE_VERSION = 2;

export const CACHE_TYPES = ['data', 'instruction', 'unified'] as const;
export type CacheType = (typeof CACHE_TYPES)[number];

export const CORE_TYPES = ['performance', 'efficiency'] as const;
export type CoreType = (typeof CORE_TYPES)[number];

/** Where cache sizes came from, in order of preference. */
export const CACHE_SOURCES = ['sysfs', 'sysctl', 'lscpu', 'getconf', 'systeminformation', 'article'] as const;
export type CacheSource = (typeof CACHE_SOURCES)[number];

/**
 * One kind of cache instance: e.g. "L2, unified, 1 MiB, one per core, 2 of them". A hybrid CPU has
 * one entry per distinct instance shape (P-core L2 and E-core L2 are two entries).
 * Invariant: a null field has an entry in `reasons` saying why it is unknown.
 */
export interface CacheLevel {
  /** L1d, L1i, L2, L3, L4. */
  name: string;
  level: number;
  type: CacheType;
  /** The core type the instances serve, when the source says so (Apple perf levels); else null. */
  coreType: CoreType | null;
  /** Bytes of one instance. */
  sizeBytes: number | null;
  /** Physical cores sharing one instance. */
  sharedByCores: number | null;
  /** Logical CPUs sharing one instance (differs from cores with SMT). */
  sharedByCpus: number | null;
  /** How many instances of this shape the machine has. */
  instances: number | null;
  /** Cache line (coherency) size in bytes. */
  lineBytes: number | null;
  /** sizeBytes × instances. */
  totalBytes: number | null;
  /** Field name → why it is null. */
  reasons: Record<string, string>;
}

/** What parsing one OS source gave: the caches found, the problems met, and the text it read. */
export interface CacheReading {
  source: CacheSource;
  /** One sentence: how the sizes from this source are to be read (per instance, total, …). */
  meaning: string;
  caches: CacheLevel[];
  /** Cores the source reports (null when it does not say). */
  cores?: { physical: number | null; logical: number | null; performance: number | null; efficiency: number | null };
  /** Why the source gave nothing, or what it could not read. Empty when all went well. */
  problems: string[];
  /** The text it parsed, kept so a record can be re-checked later. */
  raw: string;
}

/** One working-set size the latency probe measured. */
export interface ProbePoint {
  workingSetBytes: number;
  /**
   * Nanoseconds per dependent load: the fastest repeat in records before schema 2, the median
   * repeat since (min/max beside it).
   */
  nsPerLoad: number;
  /** Median over the repeats of (time per load here) ÷ (time per load on an L1-resident chain just before): 1 ≈ L1. */
  relativeLatency: number;
  /** Fastest and slowest repeat, ns per load (schema 2). */
  minNsPerLoad?: number;
  maxNsPerLoad?: number;
}

/** A detected cache boundary: where latency leaves one plateau for the next. */
export interface ProbeBoundary {
  name: string;
  detectedBytes: number | null;
  /** The recorded per-instance size of the same level, for comparison. */
  recordedBytes: number | null;
  /** detected / recorded, when both are known. */
  ratio: number | null;
  reason?: string;
}

/**
 * The resolution a probe runs at: one row of PROBE_SETTINGS (src/machine/probe-settings.ts). For
 * every field but `minBytes`, larger is finer; a stored probe is reused only by a profile whose
 * settings it meets in every field (probeSatisfies).
 */
export interface ProbeSettings {
  /** Smallest working set of the latency and bandwidth grid, bytes. */
  minBytes: number;
  /** The grid ends at max(floorBytes, llcMultiple × the largest recorded cache), bytes... */
  llcMultiple: number;
  /** ...and at least here, bytes (also the end when no cache size is recorded). */
  floorBytes: number;
  /** Working sets per doubling of the grid. */
  stepsPerOctave: number;
  /** Dependent loads per timed repeat of the latency chase. */
  latencyLoads: number;
  /** Timed repeats per working set of the latency chase (median kept). */
  latencyRepeats: number;
  /** Largest data footprint of the one-line-per-page chase, bytes (its pages span 64× that); 0 skips it. */
  spreadMaxBytes: number;
  /** Bytes each thread reads, writes or copies per timed bandwidth repeat (at least one pass). */
  bandwidthBytes: number;
  /** Timed repeats per working set, kernel and thread count of the bandwidth probe. */
  bandwidthRepeats: number;
  /** Float64Array lengths (terms, 8 bytes each) whose first touch is timed: the array variants' N. */
  firstTouchTerms: readonly number[];
  /** Fresh allocations timed per length. */
  firstTouchRepeats: number;
  /** Loop iterations per timed repeat of each compute kernel (8 operations per iteration and lane). */
  computeIterations: number;
  /** Timed repeats per compute kernel. */
  computeRepeats: number;
}

/** Where the probe's grid ended, against where its settings asked it to end. */
export interface ProbeCoverage {
  /** The largest working set measured, bytes. */
  maxBytes: number;
  /** max(floorBytes, llcMultiple × largest recorded cache), bytes. */
  wantedMaxBytes: number;
  /** The largest recorded cache the grid was sized from, bytes (null when none was recorded). */
  llcBytes: number | null;
  /** True when a limit cut the grid short of wantedMaxBytes: memory or the 2 GiB WebAssembly limit. */
  truncated: boolean;
  /** Why it was cut short; null when it was not. */
  reason: string | null;
  /**
   * Set when the staircase ended before wantedMaxBytes because it had seen every cache level and gone
   * llcMultiple × past the last (staircaseSeenEnough): the sentence saying so. Not a shortfall — a
   * re-run would stop at the same place. Absent in probes recorded before it existed.
   */
  stoppedEarly?: string;
}

/** The one-line-per-page chase: the same number of lines as a working set of the staircase, each in its own 4 KiB page. */
export interface SpreadPoint extends ProbePoint {
  /** Pages the chase touches (one line each); their span is pages × pageBytes. */
  pages: number;
}

/** Page sizes: what the OS offers and what the probe's memory got. */
export interface PageInfo {
  /** The base page size the chase layouts assume, bytes. */
  pageBytes: number;
  /** /sys/kernel/mm/transparent_hugepage/enabled: the bracketed mode, or null when unreadable (not Linux). */
  transparentHugePages: 'always' | 'madvise' | 'never' | null;
  /** Growth of AnonHugePages (/proc/self/smaps_rollup) while the chase memory was allocated and linked, bytes; null when unreadable. */
  hugePagesUsedBytes: number | null;
  /** Whether the staircase itself ran on 2 MiB pages, and why (or why a huge-page chase is not possible here). */
  hugePages: { used: boolean; reason: string };
}

/** The TLB's part: the staircase's lines packed into as few pages as possible vs one line per page. */
export interface TlbProbe {
  method: string;
  /** One line per 4 KiB page at the staircase's working sets up to spreadMaxBytes; compare with `ProbeResult.points`. */
  spread: SpreadPoint[];
  pages: PageInfo;
  elapsedMs: number;
}

export const BANDWIDTH_KERNELS = ['read', 'write', 'copy'] as const;
/** read: sum 16-byte loads; write: fill with 16-byte stores; copy: load and store (bytes counted = read + written). */
export type BandwidthKernel = (typeof BANDWIDTH_KERNELS)[number];

export interface BandwidthPoint {
  /** Bytes each thread streams over (copy: source + destination). */
  workingSetBytes: number;
  /**
   * All threads together, 1e9 bytes per second (= bytes per ns): the best repeat, as STREAM reports
   * a ceiling (interference only ever slows a repeat down); the median and slowest beside it.
   */
  gbPerSecond: number;
  medianGbPerSecond: number;
  minGbPerSecond: number;
}

export interface BandwidthCurve {
  kernel: BandwidthKernel;
  /** Worker threads running at once, each on its own working set. */
  threads: number;
  points: BandwidthPoint[];
}

export interface BandwidthProbe {
  method: string;
  curves: BandwidthCurve[];
  elapsedMs: number;
}

/** Writing `bytes` of Float64Array once fresh from the allocator, then again. */
export interface FirstTouchPoint {
  bytes: number;
  /** Median time to write a freshly allocated array, ms. */
  freshMs: number;
  /** Median time to write the same array again, ms. */
  touchedMs: number;
  /** 1e9 bytes per second, fresh and touched. */
  freshGbPerSecond: number;
  touchedGbPerSecond: number;
  /** (freshMs − touchedMs) per 4 KiB page, ns: what touching a page for the first time adds. */
  nsPerPage: number;
  /** Minor page faults counted per 4 KiB page during the fresh write (≈ 1 when the allocator handed out untouched memory). */
  faultsPerPage: number;
  /** (freshMs − touchedMs) per page fault, ns: the price of one fault; null when there were none (the allocator reused memory). */
  nsPerFault: number | null;
  /** Repeats the medians are over (fewer than asked when the size was long: LONG_SIZE_MS); absent in older probes. */
  repeats?: number;
}

export interface FirstTouchProbe {
  method: string;
  pageBytes: number;
  points: FirstTouchPoint[];
  elapsedMs: number;
}

/**
 * div, mul, add: float64 arithmetic. element: one iteration of a JavaScript typed-array loop
 * (out[i] = a[i] * a[i] over arrays in L1: one load and one store) — the JIT's per-element cost of
 * bounds-checked loads and stores and the loop itself, a ceiling below the arithmetic and bandwidth
 * ones for every JS pass over arrays (as a roofline draws "no SIMD" below the peak).
 */
export const COMPUTE_OPERATIONS = ['div', 'mul', 'add', 'element'] as const;
export type ComputeOperation = (typeof COMPUTE_OPERATIONS)[number];

/** One arithmetic ceiling: float64 operations (or loop elements) per ns (an f64x2 instruction counts as 2). */
export interface ComputeCeiling {
  operation: ComputeOperation;
  /** 1 scalar, 2 for f64x2. */
  lanes: 1 | 2;
  /** Where the loop ran: compiled WebAssembly or JavaScript (V8's optimising JIT). */
  engine: 'wasm' | 'js';
  /** True for one dependent chain (each operation waits for the last): a latency, not a throughput. */
  dependent: boolean;
  /** The best repeat, operations per ns (a ceiling: interference only slows a repeat); median and slowest beside it. */
  opsPerNs: number;
  medianOpsPerNs: number;
  minOpsPerNs: number;
}

export interface ComputeProbe {
  method: string;
  ceilings: ComputeCeiling[];
  elapsedMs: number;
}

/** A measured cache size more than a factor of 2 away from the reported one: shown, never silently preferred. */
export interface CacheSizeFinding {
  kind: 'cache-size-disagrees';
  level: string;
  reportedBytes: number;
  measuredBytes: number;
  /** measured / reported. */
  ratio: number;
}

export const PROBE_SECTIONS = ['latency', 'tlb', 'bandwidth', 'firstTouch', 'compute'] as const;
export type ProbeSection = (typeof PROBE_SECTIONS)[number];

/**
 * What the probe measured. The latency staircase (method, points, boundaries) is in every record;
 * the rest came with schema 2 and is absent from older records and from latency-only runs
 * (measureLoadLatency): a report says "no bandwidth probe recorded" rather than guessing.
 */
export interface ProbeResult {
  /** The latency staircase: how it was measured, its points, and the cache boundaries found in them. */
  method: string;
  points: ProbePoint[];
  boundaries: ProbeBoundary[];
  /** Wall time of the whole probe, ms. */
  elapsedMs: number;
  /** The profile whose settings it ran at; absent when run with ad-hoc options or before schema 2. */
  profile?: Profile;
  /** The resolution it ran at; absent before schema 2. */
  settings?: ProbeSettings;
  coverage?: ProbeCoverage;
  tlb?: TlbProbe;
  bandwidth?: BandwidthProbe;
  firstTouch?: FirstTouchProbe;
  compute?: ComputeProbe;
  /** Measured cache sizes that disagree with the reported ones by more than 2×. */
  findings?: CacheSizeFinding[];
  /** A section that failed: its error, so the rest of the probe is still kept. */
  errors?: Partial<Record<ProbeSection, string>>;
}

export interface MachineRecord {
  version: typeof MACHINE_VERSION;
  id: string;
  /** "recorded by basel-lab specs" for local machines; "as published in the reference article" for the reference. */
  provenance: string;
  recordedAt: string;
  hostname: string | null;
  cpu: {
    brand: string | null;
    vendor: string | null;
    family: string | null;
    model: string | null;
    arch: string | null;
  };
  cores: { physical: number | null; logical: number | null; performance: number | null; efficiency: number | null };
  /** Which source the cache sizes came from, and how to read them. */
  cacheSource: { name: CacheSource; meaning: string };
  caches: CacheLevel[];
  memory: { totalBytes: number | null; availableBytes: number | null };
  os: { platform: string | null; distro: string | null; release: string | null; kernel: string | null };
  runtime: { node: string | null; v8: string | null };
  /** Dotted field path → why that field is null (e.g. "cores.efficiency"). */
  reasons: Record<string, string>;
  /** Things worth knowing when reading the record: sources that failed, values inferred rather than read. */
  notes: string[];
  /** Source name → the raw text parsed. */
  raw: Record<string, string>;
  probe: ProbeResult | null;
}

/** Build a cache entry; every null field gets the reason given (or a generic one). */
export function makeCacheLevel(
  fields: Omit<CacheLevel, 'reasons' | 'name' | 'totalBytes'> & { totalBytes?: number | null },
  reasons: Record<string, string> = {},
): CacheLevel {
  const totalBytes =
    fields.totalBytes !== undefined
      ? fields.totalBytes
      : fields.sizeBytes !== null && fields.instances !== null
        ? fields.sizeBytes * fields.instances
        : null;
  const entry: CacheLevel = { name: cacheName(fields.level, fields.type), ...fields, totalBytes, reasons: {} };
  for (const key of ['sizeBytes', 'sharedByCores', 'sharedByCpus', 'instances', 'lineBytes', 'totalBytes'] as const) {
    if (entry[key] === null) entry.reasons[key] = reasons[key] ?? defaultReason(key, entry);
  }
  return entry;
}

function defaultReason(key: string, entry: CacheLevel): string {
  if (key === 'totalBytes')
    return entry.sizeBytes === null ? 'size per instance unknown' : 'number of instances unknown';
  return 'not reported by the source';
}

/** L1d / L1i for level 1 split caches, else L<level>. */
export function cacheName(level: number, type: CacheType): string {
  if (level === 1 && type === 'data') return 'L1d';
  if (level === 1 && type === 'instruction') return 'L1i';
  return `L${level}`;
}

/** Parse "48K", "1024K", "32 MiB", "1.25M", "512KB" (binary units) into bytes; null when it is not a size. */
export function parseSizeText(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(?:i?B)?\s*$/i.exec(text);
  if (!match) return null;
  const unit = (match[2] ?? '').toUpperCase();
  const scale = unit === '' ? 1 : 1024 ** ('KMGT'.indexOf(unit) + 1);
  const bytes = Number(match[1]) * scale;
  return Number.isFinite(bytes) && Number.isInteger(bytes) && bytes > 0 ? bytes : null;
}

/** Parse a positive integer written in decimal; null otherwise. */
export function parsePositiveInteger(text: string | undefined | null): number | null {
  if (text === undefined || text === null || !/^\s*\d+\s*$/.test(text)) return null;
  const value = Number(text.trim());
  return Number.isSafeInteger(value) && value > 0 ? value : null;
}

/** Parse a CPU list such as "0-3,8,10-11" into sorted CPU numbers; null when malformed. */
export function parseCpuList(text: string): number[] | null {
  const cpus = new Set<number>();
  const trimmed = text.trim();
  if (trimmed === '') return null;
  for (const part of trimmed.split(',')) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!match) return null;
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    if (last < first) return null;
    for (let cpu = first; cpu <= last; cpu++) cpus.add(cpu);
  }
  return [...cpus].sort((a, b) => a - b);
}
