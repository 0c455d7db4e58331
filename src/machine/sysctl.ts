// macOS caches from `sysctl hw` text: hw.perflevelN.* per core type on Apple Silicon, hw.*cachesize otherwise.
import { makeCacheLevel, parsePositiveInteger, type CacheLevel, type CacheReading, type CoreType } from './record.js';

/** Split "key: value" or "key = value" lines into a map. */
export function parseSysctlText(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^\s*([\w.]+)\s*(?::|=)\s*(.*?)\s*$/.exec(line);
    if (match && !fields.has(match[1]!)) fields.set(match[1]!, match[2]!);
  }
  return fields;
}

const PERF_LEVEL_TYPES: readonly CoreType[] = ['performance', 'efficiency'];

/**
 * Parse `sysctl hw` (plus machdep.cpu.*). On Apple Silicon, hw.l1dcachesize / hw.l2cachesize describe
 * one cluster only, so the per-perf-level keys are used: L1 per core, L2 shared by cpusperl2 cores.
 * Pure; O(lines).
 */
export function parseSysctlCaches(text: string): CacheReading {
  const fields = parseSysctlText(text);
  const number = (key: string): number | null => parsePositiveInteger(fields.get(key));
  const problems: string[] = [];
  const caches: CacheLevel[] = [];
  const lineBytes = number('hw.cachelinesize');
  const levels = number('hw.nperflevels');
  const cores = {
    physical: number('hw.physicalcpu'),
    logical: number('hw.logicalcpu'),
    performance: null as number | null,
    efficiency: null as number | null,
  };

  if (levels !== null) {
    for (let perf = 0; perf < Math.min(levels, PERF_LEVEL_TYPES.length); perf++) {
      const prefix = `hw.perflevel${perf}`;
      const coreType = PERF_LEVEL_TYPES[perf]!;
      const physical = number(`${prefix}.physicalcpu`);
      cores[coreType] = physical;
      const perCore = (key: string, type: 'data' | 'instruction'): void => {
        const size = number(`${prefix}.${key}`);
        if (size === null) problems.push(`${prefix}.${key} missing or malformed`);
        caches.push(
          makeCacheLevel(
            {
              level: 1,
              type,
              coreType,
              sizeBytes: size,
              sharedByCores: 1,
              sharedByCpus: 1,
              instances: physical,
              lineBytes,
            },
            {
              sizeBytes: `${prefix}.${key} missing or malformed`,
              instances: `${prefix}.physicalcpu missing or malformed`,
              lineBytes: 'hw.cachelinesize missing',
            },
          ),
        );
      };
      perCore('l1dcachesize', 'data');
      perCore('l1icachesize', 'instruction');
      for (const level of [2, 3]) {
        const size = number(`${prefix}.l${level}cachesize`);
        if (size === null && level === 3) continue;
        const shared = number(`${prefix}.cpusperl${level}`);
        const instances = physical !== null && shared !== null && physical % shared === 0 ? physical / shared : null;
        caches.push(
          makeCacheLevel(
            {
              level,
              type: 'unified',
              coreType,
              sizeBytes: size,
              sharedByCores: shared,
              sharedByCpus: shared,
              instances,
              lineBytes,
            },
            {
              sizeBytes: `${prefix}.l${level}cachesize missing or malformed`,
              sharedByCores: `${prefix}.cpusperl${level} missing or malformed`,
              sharedByCpus: `${prefix}.cpusperl${level} missing or malformed`,
              instances: `cannot divide ${prefix}.physicalcpu by ${prefix}.cpusperl${level}`,
              lineBytes: 'hw.cachelinesize missing',
            },
          ),
        );
      }
    }
  } else {
    for (const [key, level, type] of [
      ['hw.l1dcachesize', 1, 'data'],
      ['hw.l1icachesize', 1, 'instruction'],
      ['hw.l2cachesize', 2, 'unified'],
      ['hw.l3cachesize', 3, 'unified'],
    ] as const) {
      const size = number(key);
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
            lineBytes,
          },
          {
            sharedByCores: `${key} does not say how many cores share it`,
            sharedByCpus: `${key} does not say which CPUs share it`,
            instances: 'sysctl hw.* keys do not count instances',
            lineBytes: 'hw.cachelinesize missing',
          },
        ),
      );
    }
    if (caches.length === 0) problems.push('no hw.perflevel* or hw.*cachesize keys');
  }
  return {
    source: 'sysctl',
    meaning:
      levels !== null
        ? 'per instance, per core type: hw.perflevel0 = performance cores, hw.perflevel1 = efficiency cores'
        : 'per instance: hw.*cachesize keys, sharing not reported',
    caches,
    cores,
    problems,
    raw: text,
  };
}
