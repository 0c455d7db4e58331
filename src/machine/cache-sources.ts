// The cache sources, best first: each reads one OS interface and says what its numbers mean.
import { parseGetconfCaches } from './getconf.js';
import { parseLscpuCaches } from './lscpu.js';
import type { CacheReading, CacheSource } from './record.js';
import { readSiCaches, type SiCache } from './si-caches.js';
import { parseSysctlCaches } from './sysctl.js';
import { parseSysfsCaches, SYSFS_CPU_ROOT } from './sysfs.js';
import { fsTreeReader } from './tree.js';

/** Runs a command and resolves to its stdout, or null if it fails or times out. Injected in tests. */
export type CommandRunner = (command: string, args: readonly string[]) => Promise<string | null>;

/** What a source may use: the /sys root, a command runner, systeminformation's cpuCache() result. */
export interface SourceContext {
  platform: string;
  sysfsRoot: string;
  runCommand: CommandRunner;
  siCache: SiCache | null;
}

interface CacheSourceSpec {
  source: CacheSource;
  /** The platforms it exists on; empty: every platform. */
  platforms: readonly string[];
  read(context: SourceContext): CacheReading | Promise<CacheReading>;
}

/** A reading that found nothing, with why. */
export function failedReading(source: CacheSource, problem: string): CacheReading {
  return { source, meaning: 'not available', caches: [], problems: [problem], raw: '' };
}

async function fromCommand(
  context: SourceContext,
  source: CacheSource,
  command: string,
  args: readonly string[],
  parse: (text: string) => CacheReading,
): Promise<CacheReading> {
  const text = await context.runCommand(command, args);
  return text === null ? failedReading(source, `${[command, ...args].join(' ')} could not be run`) : parse(text);
}

/**
 * Where cache sizes come from, in order of preference: the first that reports any cache wins and the
 * ones before it are noted as skipped. Add a source here (and its parser beside it).
 */
export const CACHE_SOURCE_TABLE: readonly CacheSourceSpec[] = [
  { source: 'sysfs', platforms: ['linux'], read: (c) => parseSysfsCaches(fsTreeReader(c.sysfsRoot)) },
  { source: 'lscpu', platforms: ['linux'], read: (c) => fromCommand(c, 'lscpu', 'lscpu', [], parseLscpuCaches) },
  {
    source: 'getconf',
    platforms: ['linux'],
    read: (c) => fromCommand(c, 'getconf', 'getconf', ['-a'], parseGetconfCaches),
  },
  {
    source: 'sysctl',
    platforms: ['darwin'],
    read: (c) => fromCommand(c, 'sysctl', 'sysctl', ['hw', 'machdep.cpu.brand_string'], parseSysctlCaches),
  },
  {
    source: 'systeminformation',
    platforms: [],
    read: (c) =>
      c.siCache === null
        ? failedReading('systeminformation', 'cpuCache() gave nothing')
        : readSiCaches(c.siCache, c.platform),
  },
];

/** Every source of the table that exists on the context's platform, read in order. */
export async function readCacheSources(context: SourceContext): Promise<CacheReading[]> {
  const readings: CacheReading[] = [];
  for (const spec of CACHE_SOURCE_TABLE) {
    if (spec.platforms.length > 0 && !spec.platforms.includes(context.platform)) continue;
    readings.push(await spec.read(context));
  }
  return readings;
}

export { SYSFS_CPU_ROOT };
