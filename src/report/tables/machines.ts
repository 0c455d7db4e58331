// Machine records, napkin math and the cache probe as tables, for the chapters and the report alike, and the
// one wording of caches and cores that every view of a machine uses.
import { BASELINE, VARIANTS } from '../../kernels/registry.js';
import { cacheBudgets, compareNapkin, reproduceArticleNapkin, type NapkinVariant } from '../../machine/napkin.js';
import type { CacheLevel, MachineRecord, ProbeResult } from '../../machine/record.js';
import type { ResultsFile } from '../../results/schema.js';
import { formatBytes, formatN, formatTime } from '../../util/format.js';
import { missing, type Cell, type Table } from '../table/model.js';

/** A value, or "unknown (<why>)", so no spec is ever blank. */
export function known(value: string | number | null, reason?: string): string {
  return value === null ? `unknown (${reason ?? 'not recorded'})` : String(value);
}

/** "L2" or "L2 (performance cores)" for a hybrid CPU's per-core-type entry. */
export function cacheLabel(cache: CacheLevel): string {
  return cache.coreType === null ? cache.name : `${cache.name} (${cache.coreType} cores)`;
}

/** "1 MiB per core × 2, 64 B lines" or "32 MiB shared by 2 cores": size, sharing, instances, line. */
export function describeCache(cache: CacheLevel): string {
  const size =
    cache.sizeBytes === null
      ? `size unknown (${cache.reasons.sizeBytes ?? 'not recorded'})`
      : formatBytes(cache.sizeBytes);
  const shared =
    cache.sharedByCores === null
      ? ''
      : cache.sharedByCores === 1
        ? ' per core'
        : ` shared by ${cache.sharedByCores} cores`;
  const instances = cache.instances === null || cache.instances === 1 ? '' : ` × ${cache.instances}`;
  const line = cache.lineBytes === null ? '' : `, ${cache.lineBytes} B lines`;
  return `${size}${shared}${instances}${line}`;
}

/** "2 physical, 2 logical" plus "8 performance + 2 efficiency" on a hybrid CPU. */
export function describeCores(record: MachineRecord): string {
  const c = record.cores;
  const parts = [
    `${known(c.physical, record.reasons['cores.physical'])} physical`,
    `${known(c.logical, record.reasons['cores.logical'])} logical`,
  ];
  if (c.performance !== null || c.efficiency !== null)
    parts.push(`${c.performance ?? 0} performance + ${c.efficiency ?? 0} efficiency`);
  return parts.join(', ');
}

/** "Debian GNU/Linux 12 · kernel 6.1 · linux". */
export function describeOs(record: MachineRecord): string {
  const os = record.os;
  const text = [os.distro, os.release, os.kernel === null ? null : `kernel ${os.kernel}`, os.platform]
    .filter((x) => x !== null)
    .join(' · ');
  return text === '' ? 'unknown' : text;
}

/** "Node 20.20.2, V8 11.3…", or "not applicable" for a machine recorded without Node (the article's). */
export function describeRuntime(record: MachineRecord): string {
  if (record.runtime.node === null) return 'not applicable';
  return `Node ${record.runtime.node}, V8 ${known(record.runtime.v8, record.reasons['runtime.v8'])}`;
}

/**
 * What the cache probe found: "L1d: cliff after 30 KiB; L2: …", or that there is none; then how far its
 * grid went when a limit cut it short or it stopped once every level was seen.
 */
export function describeProbe(record: MachineRecord): string {
  if (record.probe === null) return 'no cache probe recorded (basel-lab specs --probe)';
  const cliffs = record.probe.boundaries
    .map(
      (b) =>
        `${b.name}: ${b.detectedBytes === null ? `not detected${b.reason === undefined ? '' : ` (${b.reason})`}` : `cliff after ${formatBytes(b.detectedBytes)}`}`,
    )
    .join('; ');
  const coverage = record.probe.coverage;
  if (coverage === undefined) return cliffs;
  const upTo = `working sets up to ${formatBytes(coverage.maxBytes)}`;
  if (coverage.truncated) return `${cliffs} (${upTo}, cut short: ${coverage.reason ?? 'no reason recorded'})`;
  if (coverage.stoppedEarly !== undefined) {
    const multiple = record.probe.settings === undefined ? '' : ` ${record.probe.settings.llcMultiple}×`;
    return `${cliffs} (${upTo}, not ${formatBytes(coverage.wantedMaxBytes)}: it stopped${multiple} past the last level it saw)`;
  }
  return cliffs;
}

const SPEC_ROWS: readonly [string, (m: MachineRecord) => string][] = [
  ['source', (m) => m.provenance],
  ['recorded', (m) => m.recordedAt],
  ['hostname', (m) => known(m.hostname, m.reasons.hostname)],
  ['CPU', (m) => `${known(m.cpu.brand, m.reasons['cpu.brand'])} (${known(m.cpu.arch, m.reasons['cpu.arch'])})`],
  ['cores', describeCores],
  ['memory', (m) => `${formatBytes(m.memory.totalBytes)} total`],
  ['OS', describeOs],
  ['runtime', describeRuntime],
  ['cache sizes from', (m) => m.cacheSource.name],
];

/** One row per spec and per cache level any of them has, one column per machine, in the order given. */
export function machineSpecsTable(machines: readonly MachineRecord[]): Table {
  const cacheNames = [...new Set(machines.flatMap((m) => m.caches.map(cacheLabel)))];
  const cacheText = (m: MachineRecord, name: string): string =>
    m.caches
      .filter((c) => cacheLabel(c) === name)
      .map(describeCache)
      .join('; ') || 'none recorded';
  const rows: [string, (m: MachineRecord) => string][] = [
    ...SPEC_ROWS,
    ...cacheNames.map((name): [string, (m: MachineRecord) => string] => [name, (m) => cacheText(m, name)]),
    ['cache probe', describeProbe],
  ];
  const key = (i: number) => `m${i}`;
  return {
    title: 'The machines',
    columns: [{ key: 'spec', label: 'spec' }, ...machines.map((m, i) => ({ key: key(i), label: m.id }))],
    rows: rows.map(([label, value]) =>
      Object.fromEntries([['spec', label], ...machines.map((m, i) => [key(i), value(m)])]),
    ),
    note: 'Cache sizes are per instance; "per core" and "shared by N cores" say how many cores share one, "× N" how many there are. The reference M1 Pro\u2019s figures are as published in the reference article, not measured here.',
  };
}

/**
 * Predicted vs measured best chunk for `variant` (default: the baseline): for each cache, one core's
 * budget and the largest chunk whose live arrays fit it, beside the chunk sweep's measurement (in the note).
 */
export function napkinTable(
  machine: MachineRecord,
  chunkResults: ResultsFile,
  variant = BASELINE.name,
  variants: readonly NapkinVariant[] = VARIANTS,
): Table {
  const comparison = compareNapkin(machine, variants, chunkResults).find((c) => c.variant === variant);
  const budgets = cacheBudgets(machine);
  const columns = [
    { key: 'cache', label: 'cache' },
    { key: 'budget', label: 'one core\u2019s share', unit: 'bytes' as const },
    { key: 'largestChunk', label: 'largest chunk that fits', unit: 'count' as const },
    { key: 'vsMeasured', label: 'measured edge / prediction', unit: '×' as const },
    { key: 'basis', label: 'share worked out as' },
  ];
  const title = `Napkin math for ${variant} on ${machine.id}`;
  if (comparison === undefined) {
    return {
      title,
      columns,
      rows: [{ cache: missing({ kind: 'absent', what: `no ${variant} points in this chunk sweep` }) }],
    };
  }
  const m = comparison.measured;
  const rows = comparison.predicted.map((p, i): Record<string, Cell> => ({
    cache: p.coreType === null ? p.cache : `${p.cache} (${p.coreType})`,
    budget: budgets[i]?.budgetBytes ?? 'unknown',
    largestChunk: p.largestChunk ?? 'unknown',
    vsMeasured: p.largestChunk === null || p.largestChunk === 0 ? 'unknown' : m.nearBestMax / p.largestChunk,
    basis: budgets[i]?.basis ?? '',
  }));
  return {
    title,
    columns,
    rows,
    note:
      `${comparison.arrays} float64 arrays live per chunk, so a chunk of C terms needs 8·${comparison.arrays}·C bytes. ` +
      `Measured at N=${formatN(comparison.n)}: best chunk ${m.bestChunk}; within 10% of the best from ${m.nearBestMin} to ${m.nearBestMax}. ` +
      `Verdict: ${comparison.verdict}.`,
  };
}

/** The article's own napkin sum (51 000 terms × 8 bytes × 3 arrays) against each cache of its M1 Pro. */
export function articleNapkinTable(machine?: MachineRecord): Table {
  const napkin = reproduceArticleNapkin(machine);
  return {
    title: `The article's napkin math: ${napkin.chunk} × 8 × ${napkin.arrays} = ${napkin.bytes} bytes`,
    columns: [
      { key: 'cache', label: 'cache' },
      { key: 'budget', label: 'one core\u2019s share', unit: 'bytes' },
      { key: 'fits', label: 'the 1.2 MB fit?' },
      { key: 'ratio', label: 'working set / share', unit: '×' },
    ],
    rows: napkin.against.map((a) => ({
      cache: a.cache,
      budget: a.budgetBytes ?? 'unknown',
      fits: a.fits === null ? 'unknown' : a.fits ? 'yes' : 'no',
      ratio: a.ratio ?? 'unknown',
    })),
    note: `Chunk size and array count as published in the reference article; the article says: ${napkin.articleSays}.`,
  };
}

/** The probe's detected cache boundaries beside the recorded sizes. */
export function probeTable(probe: ProbeResult): Table {
  return {
    title: 'Cache boundaries found by the probe',
    columns: [
      { key: 'level', label: 'level' },
      { key: 'detected', label: 'detected', unit: 'bytes' },
      { key: 'recorded', label: 'recorded (per instance)', unit: 'bytes' },
      { key: 'ratio', label: 'detected / recorded', unit: '×' },
    ],
    rows: probe.boundaries.map((b) => ({
      level: b.name,
      detected:
        b.detectedBytes === null ? `not detected${b.reason === undefined ? '' : `: ${b.reason}`}` : b.detectedBytes,
      recorded: b.recordedBytes ?? 'unknown',
      ratio: b.ratio ?? 'unknown',
    })),
    note: `${probe.points.length} working sets in ${formatTime(probe.elapsedMs)}; method: ${probe.method}.`,
  };
}
