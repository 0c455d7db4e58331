// The versioned machine record: cores, caches (sizes in bytes), memory, OS and runtime, with reasons for unknowns.

/** Bump when the record's format changes; loading a record of another version fails with a clear message. */
export const MACHINE_VERSION = 1;

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

/** One working-set size the probe measured. */
export interface ProbePoint {
  workingSetBytes: number;
  /** Nanoseconds per dependent load, fastest of the repeats. */
  nsPerLoad: number;
  /** Median over the repeats of (time per load here) ÷ (time per load on an L1-resident chain just before): 1 ≈ L1. */
  relativeLatency: number;
}

/** A detected cache boundary: the largest working set still on the faster plateau. */
export interface ProbeBoundary {
  name: string;
  detectedBytes: number | null;
  /** The recorded per-instance size of the same level, for comparison. */
  recordedBytes: number | null;
  /** detected / recorded, when both are known. */
  ratio: number | null;
  reason?: string;
}

export interface ProbeResult {
  method: string;
  points: ProbePoint[];
  boundaries: ProbeBoundary[];
  elapsedMs: number;
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
