// The article's M1 Pro, as published in the reference article, with what we inferred kept apart in `notes`.
import { makeCacheLevel, MACHINE_VERSION, type MachineRecord } from './record.js';

export const REFERENCE_PROVENANCE = 'as published in the reference article';
export const REFERENCE_MACHINE_ID = 'reference-m1-pro';

/** The article's table, verbatim (article-python-basel.md, "Some Napkin Math"). */
export const REFERENCE_PUBLISHED_TABLE: ReadonlyArray<{ memoryType: string; size: string }> = [
  { memoryType: 'L1', size: '128KB (data cache, per core)' },
  { memoryType: 'L2', size: '24MB (shared between 6 performance cores)' },
  { memoryType: 'L3', size: '24MB' },
  { memoryType: 'Main', size: '16GB' },
];

const KIB = 1024;
const MIB = 1024 * KIB;
const GIB = 1024 * MIB;

/**
 * The published sizes turned into a record. "KB/MB/GB" are read as binary units (cache and RAM sizes
 * are powers of two). Fields the article does not give are null with a reason, except the core counts,
 * which are inferred (see notes) from "10 cores on my machine" and the 10-core M1 Pro's 8 P + 2 E.
 */
export const REFERENCE_M1_PRO: MachineRecord = {
  version: MACHINE_VERSION,
  id: REFERENCE_MACHINE_ID,
  provenance: REFERENCE_PROVENANCE,
  recordedAt: '2023-01-01T00:00:00.000Z',
  hostname: 'M1 Pro (reference article)',
  cpu: { brand: 'Apple M1 Pro', vendor: 'Apple', family: null, model: null, arch: 'arm64' },
  cores: { physical: 10, logical: 10, performance: 8, efficiency: 2 },
  cacheSource: {
    name: 'article',
    meaning: `${REFERENCE_PROVENANCE}: sizes from its table; see notes for what is inferred`,
  },
  caches: [
    makeCacheLevel(
      {
        level: 1,
        type: 'data',
        coreType: 'performance',
        sizeBytes: 128 * KIB,
        sharedByCores: 1,
        sharedByCpus: 1,
        instances: null,
        lineBytes: null,
        totalBytes: null,
      },
      {
        instances: 'the article gives the size per core only',
        lineBytes: 'not published',
        totalBytes: 'the article gives the size per core only',
      },
    ),
    makeCacheLevel(
      {
        level: 2,
        type: 'unified',
        coreType: 'performance',
        sizeBytes: 24 * MIB,
        sharedByCores: 6,
        sharedByCpus: 6,
        instances: 1,
        lineBytes: null,
      },
      { lineBytes: 'not published' },
    ),
    makeCacheLevel(
      {
        level: 3,
        type: 'unified',
        coreType: null,
        sizeBytes: 24 * MIB,
        sharedByCores: null,
        sharedByCpus: null,
        instances: 1,
        lineBytes: null,
      },
      { sharedByCores: 'not published', sharedByCpus: 'not published', lineBytes: 'not published' },
    ),
  ],
  memory: { totalBytes: 16 * GIB, availableBytes: null },
  os: { platform: 'darwin', distro: null, release: null, kernel: null },
  runtime: { node: null, v8: null },
  reasons: {
    'cpu.family': 'not published',
    'cpu.model': 'not published',
    'memory.availableBytes': 'not published',
    'os.distro': 'not published',
    'os.release': 'not published',
    'os.kernel': 'not published',
    'runtime.node': 'the article ran Python, not Node',
    'runtime.v8': 'the article ran Python, not Node',
  },
  notes: [
    `As published: L1 128KB data cache per core; L2 24MB shared between 6 performance cores; L3 24MB; main memory 16GB.`,
    'Inferred by us: 10 cores from the article\'s "NUM_CORES = 10 # 10 cores on my machine"; 8 performance + 2 efficiency because that is the only 10-core M1 Pro configuration.',
    "Inferred by us: KB/MB/GB read as KiB/MiB/GiB; the 128KB L1d is the performance cores' (efficiency cores have 64 KiB).",
    'Not as published, for comparison: Apple\'s M1 Pro has two 4-core P clusters with 12 MiB L2 each (sysctl hw.perflevel0.l2cachesize 12582912, cpusperl2 4), a 4 MiB E-cluster L2, and a 24 MiB system-level cache that the article calls L3. The article\'s "24MB shared between 6" is kept as published.',
  ],
  raw: { article: REFERENCE_PUBLISHED_TABLE.map((row) => `| ${row.memoryType} | ${row.size} |`).join('\n') },
  probe: null,
};
