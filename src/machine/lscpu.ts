// Caches from `lscpu` text, in both forms: old "per core" sizes (48K) and new totals ("96 KiB (2 instances)").
import {
  makeCacheLevel,
  parsePositiveInteger,
  parseSizeText,
  type CacheLevel,
  type CacheReading,
  type CacheType,
} from './record.js';

const LSCPU_CACHES: ReadonlyArray<{ label: string; level: number; type: CacheType }> = [
  { label: 'L1d cache', level: 1, type: 'data' },
  { label: 'L1i cache', level: 1, type: 'instruction' },
  { label: 'L2 cache', level: 2, type: 'unified' },
  { label: 'L3 cache', level: 3, type: 'unified' },
  { label: 'L4 cache', level: 4, type: 'unified' },
];

/** Split "Key:   value" lines into a map (first occurrence wins). */
export function parseColonFields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const at = line.indexOf(':');
    if (at <= 0) continue;
    const key = line.slice(0, at).trim();
    if (!fields.has(key)) fields.set(key, line.slice(at + 1).trim());
  }
  return fields;
}

/**
 * Parse lscpu's summary. New util-linux prints the sum over all instances with a count
 * ("96 KiB (2 instances)"): the size per instance is total / count. Old util-linux prints one
 * instance ("48K") with no sharing information. Pure; O(lines).
 */
export function parseLscpuCaches(text: string): CacheReading {
  const fields = parseColonFields(text);
  const problems: string[] = [];
  const coresPerSocket = parsePositiveInteger(fields.get('Core(s) per socket'));
  const sockets = parsePositiveInteger(fields.get('Socket(s)'));
  const physical = coresPerSocket !== null && sockets !== null ? coresPerSocket * sockets : null;
  const logical = parsePositiveInteger(fields.get('CPU(s)'));
  const caches: CacheLevel[] = [];
  const forms = new Set<string>();

  for (const { label, level, type } of LSCPU_CACHES) {
    // util-linux ≥ 2.37 prints "L1d:" under "Caches (sum of all):"; older versions print "L1d cache:".
    const value = fields.get(label) ?? fields.get(label.replace(' cache', ''));
    if (value === undefined || value === '') continue;
    const summed = /^(.*?)\s*\((\d+) instances?\)\s*$/.exec(value);
    if (summed) {
      forms.add('sum of all instances');
      const total = parseSizeText(summed[1]!);
      const count = parsePositiveInteger(summed[2]);
      const reasons: Record<string, string> = {};
      const size = total !== null && count !== null && total % count === 0 ? total / count : null;
      if (size === null) reasons.sizeBytes = `cannot split "${value}" into equal instances`;
      const shared = physical !== null && count !== null && physical % count === 0 ? physical / count : null;
      if (shared === null)
        reasons.sharedByCores =
          physical === null
            ? 'lscpu did not give the number of cores'
            : `${physical} cores do not divide evenly into ${count} instances`;
      reasons.sharedByCpus = 'lscpu summary does not list the CPUs sharing an instance';
      reasons.lineBytes = 'lscpu summary does not give line sizes';
      if (total === null) problems.push(`${label}: malformed size "${value}"`);
      caches.push(
        makeCacheLevel(
          {
            level,
            type,
            coreType: null,
            sizeBytes: size,
            sharedByCores: shared,
            sharedByCpus: null,
            instances: count,
            lineBytes: null,
            totalBytes: total,
          },
          reasons,
        ),
      );
      continue;
    }
    const size = parseSizeText(value);
    if (size === null) problems.push(`${label}: malformed size "${value}"`);
    const ambiguous = /iB\s*$/.test(value);
    if (ambiguous) forms.add('size without instance count');
    else forms.add('per instance');
    caches.push(
      makeCacheLevel(
        {
          level,
          type,
          coreType: null,
          sizeBytes: ambiguous ? null : size,
          sharedByCores: null,
          sharedByCpus: null,
          instances: null,
          lineBytes: null,
          totalBytes: null,
        },
        {
          sizeBytes: ambiguous
            ? `"${value}" has binary units but no instance count: per instance or total is unclear`
            : 'malformed size',
          sharedByCores: 'old lscpu format does not say how many cores share an instance',
          sharedByCpus: 'old lscpu format does not say which CPUs share an instance',
          instances: 'old lscpu format does not count instances',
          lineBytes: 'lscpu summary does not give line sizes',
          totalBytes: 'number of instances unknown',
        },
      ),
    );
  }
  if (caches.length === 0) problems.push('lscpu printed no cache lines');
  return {
    source: 'lscpu',
    meaning:
      forms.size === 0
        ? 'no caches reported'
        : `lscpu ${[...forms].join(' and ')} form: ${forms.has('sum of all instances') ? 'totals split by instance count into per-instance sizes' : 'sizes are one instance each'}`,
    caches,
    cores: { physical, logical, performance: null, efficiency: null },
    problems,
    raw: text,
  };
}
