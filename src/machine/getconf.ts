// Linux caches from `getconf -a` (glibc reads them from CPUID): sizes per instance, sharing not given.
import { makeCacheLevel, parsePositiveInteger, type CacheLevel, type CacheReading, type CacheType } from './record.js';

const GETCONF_CACHES: ReadonlyArray<{ prefix: string; level: number; type: CacheType }> = [
  { prefix: 'LEVEL1_DCACHE', level: 1, type: 'data' },
  { prefix: 'LEVEL1_ICACHE', level: 1, type: 'instruction' },
  { prefix: 'LEVEL2_CACHE', level: 2, type: 'unified' },
  { prefix: 'LEVEL3_CACHE', level: 3, type: 'unified' },
  { prefix: 'LEVEL4_CACHE', level: 4, type: 'unified' },
];

/** Parse `getconf -a` lines such as "LEVEL1_DCACHE_SIZE   49152". Empty or 0 sizes mean "no such cache". Pure; O(lines). */
export function parseGetconfCaches(text: string): CacheReading {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^(LEVEL\d_\w+?)\s+(\S*)\s*$/.exec(line);
    if (match) fields.set(match[1]!, match[2]!);
  }
  const caches: CacheLevel[] = [];
  for (const { prefix, level, type } of GETCONF_CACHES) {
    const size = parsePositiveInteger(fields.get(`${prefix}_SIZE`));
    if (size === null) continue;
    caches.push(
      makeCacheLevel(
        {
          level,
          type,
          coreType: null,
          sizeBytes: size,
          sharedByCores: null,
          sharedByCpus: null,
          instances: null,
          lineBytes: parsePositiveInteger(fields.get(`${prefix}_LINESIZE`)),
        },
        {
          sharedByCores: 'getconf does not say how many cores share an instance',
          sharedByCpus: 'getconf does not say which CPUs share an instance',
          instances: 'getconf does not count instances',
          lineBytes: `${prefix}_LINESIZE missing or 0`,
        },
      ),
    );
  }
  return {
    source: 'getconf',
    meaning:
      'per instance, as glibc reads it from CPUID; which cores share an instance is not given (inside a VM the hypervisor may report odd values)',
    caches,
    problems: caches.length === 0 ? ['getconf reported no cache sizes'] : [],
    raw: text
      .split('\n')
      .filter((line) => line.startsWith('LEVEL'))
      .join('\n'),
  };
}
