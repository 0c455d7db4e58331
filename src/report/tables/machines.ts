// Tables of machine records, napkin math and the cache probe for the chapters and the report: pure functions.
import { VARIANTS } from '../../kernels/registry.js';
import { formatBytes } from '../../machine/format.js';
import { cacheBudgets, compareNapkin, reproduceArticleNapkin, type NapkinVariant } from '../../machine/napkin.js';
import type { MachineRecord, ProbeResult } from '../../machine/record.js';
import { formatN } from '../charts/chart-data.js';
import type { ResultsFile } from '../../results/schema.js';
import type { Table, TableCell } from '../../chapters/display.js';
import { round } from './cells.js';

const orUnknown = (value: string | number | null): string => (value === null ? 'unknown' : String(value));

/** One row per property, one column per machine (this one and the article's M1 Pro, say). */
export function machineSpecsTable(machines: readonly MachineRecord[]): Table {
  const caches = [
    ...new Set(machines.flatMap((m) => m.caches.filter((c) => c.type !== 'instruction').map((c) => c.name))),
  ];
  const cacheText = (m: MachineRecord, name: string): string => {
    const entries = m.caches.filter((c) => c.name === name);
    if (entries.length === 0) return 'none recorded';
    return entries
      .map(
        (c) =>
          `${c.coreType === null ? '' : `${c.coreType}: `}${formatBytes(c.sizeBytes)}${c.sharedByCores === null ? '' : c.sharedByCores === 1 ? ' per core' : ` per ${c.sharedByCores} cores`}`,
      )
      .join('; ');
  };
  const properties: Array<[string, (m: MachineRecord) => string]> = [
    ['recorded', (m) => m.provenance],
    ['CPU', (m) => orUnknown(m.cpu.brand)],
    ['architecture', (m) => orUnknown(m.cpu.arch)],
    ['cores', (m) => `${orUnknown(m.cores.physical)} physical, ${orUnknown(m.cores.logical)} logical`],
    ['performance / efficiency cores', (m) => `${orUnknown(m.cores.performance)} / ${orUnknown(m.cores.efficiency)}`],
    ...caches.map((name): [string, (m: MachineRecord) => string] => [name, (m) => cacheText(m, name)]),
    ['memory', (m) => formatBytes(m.memory.totalBytes)],
    ['OS', (m) => [m.os.distro ?? m.os.platform, m.os.release].filter((x) => x !== null).join(' ') || 'unknown'],
    [
      'Node / V8',
      (m) => (m.runtime.node === null ? 'not applicable' : `${m.runtime.node} / ${orUnknown(m.runtime.v8)}`),
    ],
    ['cache sizes from', (m) => m.cacheSource.name],
  ];
  const key = (i: number) => `m${i}`;
  return {
    title: 'The machines',
    columns: [{ key: 'property', label: '' }, ...machines.map((m, i) => ({ key: key(i), label: m.id }))],
    rows: properties.map(([label, value]) =>
      Object.fromEntries([['property', label], ...machines.map((m, i) => [key(i), value(m)])]),
    ),
    note: 'Cache sizes are per instance; "per core" / "per N cores" say how many cores share one.',
  };
}

/**
 * Predicted vs measured best chunk for `variant` (default chunked): for each cache, one core's budget and
 * the largest chunk whose live arrays fit it, beside the chunk sweep's measurement (in the note).
 */
export function napkinTable(
  machine: MachineRecord,
  chunkResults: ResultsFile,
  variant = 'chunked',
  variants: readonly NapkinVariant[] = VARIANTS,
): Table {
  const comparison = compareNapkin(machine, variants, chunkResults).find((c) => c.variant === variant);
  const budgets = cacheBudgets(machine);
  const columns = [
    { key: 'cache', label: 'cache' },
    { key: 'budget', label: 'one core\u2019s share' },
    { key: 'largestChunk', label: 'largest chunk that fits', unit: 'terms' },
    { key: 'vsMeasured', label: 'measured edge / prediction', unit: '×' },
    { key: 'basis', label: 'share worked out as' },
  ];
  const title = `Napkin math for ${variant} on ${machine.id}`;
  if (comparison === undefined) {
    return { title, columns, rows: [{ cache: `not measured: no ${variant} points in this chunk sweep` }] };
  }
  const m = comparison.measured;
  const rows = comparison.predicted.map((p, i): Record<string, TableCell> => ({
    cache: p.coreType === null ? p.cache : `${p.cache} (${p.coreType})`,
    budget: formatBytes(budgets[i]?.budgetBytes ?? null),
    largestChunk: p.largestChunk,
    vsMeasured: p.largestChunk === null || p.largestChunk === 0 ? null : round(m.nearBestMax / p.largestChunk),
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
      { key: 'budget', label: 'one core\u2019s share' },
      { key: 'fits', label: 'the 1.2 MB fit?' },
      { key: 'ratio', label: 'working set / share', unit: '×' },
    ],
    rows: napkin.against.map((a) => ({
      cache: a.cache,
      budget: formatBytes(a.budgetBytes),
      fits: a.fits === null ? 'unknown' : a.fits ? 'yes' : 'no',
      ratio: a.ratio === null ? null : round(a.ratio),
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
      { key: 'detected', label: 'detected' },
      { key: 'recorded', label: 'recorded (per instance)' },
      { key: 'ratio', label: 'detected / recorded', unit: '×' },
    ],
    rows: probe.boundaries.map((b) => ({
      level: b.name,
      detected:
        b.detectedBytes === null
          ? `not detected${b.reason === undefined ? '' : `: ${b.reason}`}`
          : formatBytes(b.detectedBytes),
      recorded: formatBytes(b.recordedBytes),
      ratio: b.ratio === null ? null : round(b.ratio),
    })),
    note: `${probe.points.length} working sets in ${round(probe.elapsedMs / 1000, 2)} s; method: ${probe.method}.`,
  };
}
