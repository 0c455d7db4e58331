// The last-resort cache source: systeminformation's cpuCache(), with what its numbers mean on each platform.
import { makeCacheLevel, type CacheLevel, type CacheReading, type CacheType } from './record.js';

export interface SiCache {
  l1d?: number | null;
  l1i?: number | null;
  l2?: number | null;
  l3?: number | null;
}

/**
 * What systeminformation's numbers are, by platform: on Linux it reads lscpu, whose new format gives
 * the sum over all instances; on macOS hw.*cachesize, one instance (one cluster on Apple Silicon);
 * elsewhere (Windows WMI, BSD) it is not documented, so sizes are kept only as totals-unknown.
 */
export function siCacheMeaning(platform: string): 'total' | 'per instance' | 'unknown' {
  if (platform === 'linux') return 'total';
  if (platform === 'darwin') return 'per instance';
  return 'unknown';
}

/** Turn cpuCache() output into cache entries, putting each number where its meaning says. Pure. */
export function readSiCaches(cache: SiCache, platform: string): CacheReading {
  const meaning = siCacheMeaning(platform);
  const caches: CacheLevel[] = [];
  const rows: ReadonlyArray<[keyof SiCache, number, CacheType]> = [
    ['l1d', 1, 'data'],
    ['l1i', 1, 'instruction'],
    ['l2', 2, 'unified'],
    ['l3', 3, 'unified'],
  ];
  for (const [key, level, type] of rows) {
    const value = cache[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) continue;
    const unknownSplit = 'systeminformation gives one number, not instances and sharing';
    caches.push(
      makeCacheLevel(
        {
          level,
          type,
          coreType: null,
          sizeBytes: meaning === 'per instance' ? value : null,
          sharedByCores: null,
          sharedByCpus: null,
          instances: null,
          lineBytes: null,
          totalBytes: meaning === 'total' ? value : null,
        },
        {
          sizeBytes:
            meaning === 'total'
              ? `systeminformation's ${value} bytes is the total over all instances on ${platform}; the instance count is unknown`
              : `systeminformation's meaning on ${platform} is undocumented (${value} bytes)`,
          totalBytes:
            meaning === 'per instance'
              ? 'number of instances unknown'
              : `systeminformation's meaning on ${platform} is undocumented (${value} bytes)`,
          sharedByCores: unknownSplit,
          sharedByCpus: unknownSplit,
          instances: unknownSplit,
          lineBytes: 'systeminformation does not give line sizes',
        },
      ),
    );
  }
  return {
    source: 'systeminformation',
    meaning: `systeminformation cpuCache() on ${platform}: ${meaning === 'unknown' ? 'per instance or total is not documented' : meaning === 'total' ? 'total over all instances' : 'one instance'}`,
    caches,
    problems: caches.length === 0 ? ['systeminformation cpuCache() reported no cache sizes'] : [],
    raw: JSON.stringify(cache),
  };
}
