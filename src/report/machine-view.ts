// Machine records as finished text: a one-machine summary for the front page and all machines side by side.
import { formatBytes } from '../machine/format.js';
import type { CacheLevel, MachineRecord } from '../machine/record.js';
import type { TextTable } from './summary-tables.js';

/** "unknown (<reason>)" for a null value, so no spec is ever a blank. */
function known(value: string | number | null, reason: string | undefined): string {
  return value === null ? `unknown (${reason ?? 'not recorded'})` : String(value);
}

function cacheLabel(cache: CacheLevel): string {
  return cache.coreType === null ? cache.name : `${cache.name} (${cache.coreType} cores)`;
}

/** "48 KiB × 2, shared by 1 core, 64 B lines". */
export function describeCache(cache: CacheLevel): string {
  const size =
    cache.sizeBytes === null
      ? `size unknown (${cache.reasons.sizeBytes ?? 'not recorded'})`
      : formatBytes(cache.sizeBytes);
  const instances = cache.instances === null ? '' : ` × ${cache.instances}`;
  const shared =
    cache.sharedByCores === null
      ? ''
      : `, shared by ${cache.sharedByCores} core${cache.sharedByCores === 1 ? '' : 's'}`;
  const line = cache.lineBytes === null ? '' : `, ${cache.lineBytes} B lines`;
  return `${size}${instances}${shared}${line}`;
}

function describeCores(record: MachineRecord): string {
  const c = record.cores;
  const parts = [
    `${known(c.physical, record.reasons['cores.physical'])} physical`,
    `${known(c.logical, record.reasons['cores.logical'])} logical`,
  ];
  if (c.performance !== null || c.efficiency !== null)
    parts.push(`${c.performance ?? 0} performance + ${c.efficiency ?? 0} efficiency`);
  return parts.join(', ');
}

export interface MachineSummary {
  id: string;
  provenance: string;
  recordedAt: string;
  hostname: string;
  cpu: string;
  cores: string;
  memory: string;
  os: string;
  runtime: string;
  caches: { name: string; text: string }[];
  probe: string;
}

/** The front page's facts about one machine, every field finished text. */
export function summarizeMachine(record: MachineRecord): MachineSummary {
  const os = [
    record.os.distro,
    record.os.release,
    record.os.kernel === null ? null : `kernel ${record.os.kernel}`,
    record.os.platform,
  ]
    .filter((x) => x !== null)
    .join(' · ');
  const probe =
    record.probe === null
      ? 'no cache probe recorded'
      : record.probe.boundaries
          .map(
            (b) =>
              `${b.name}: ${b.detectedBytes === null ? `not detected${b.reason === undefined ? '' : ` (${b.reason})`}` : `cliff after ${formatBytes(b.detectedBytes)}`}`,
          )
          .join('; ');
  return {
    id: record.id,
    provenance: record.provenance,
    recordedAt: record.recordedAt,
    hostname: known(record.hostname, record.reasons.hostname),
    cpu: `${known(record.cpu.brand, record.reasons['cpu.brand'])} (${known(record.cpu.arch, record.reasons['cpu.arch'])})`,
    cores: describeCores(record),
    memory: `${formatBytes(record.memory.totalBytes)} total`,
    os: os === '' ? 'unknown' : os,
    runtime: `Node ${known(record.runtime.node, record.reasons['runtime.node'])}, V8 ${known(record.runtime.v8, record.reasons['runtime.v8'])}`,
    caches: record.caches.map((cache) => ({ name: cacheLabel(cache), text: describeCache(cache) })),
    probe,
  };
}

const SPEC_ROWS: readonly { label: string; value: (s: MachineSummary) => string }[] = [
  { label: 'source', value: (s) => s.provenance },
  { label: 'recorded', value: (s) => s.recordedAt },
  { label: 'hostname', value: (s) => s.hostname },
  { label: 'CPU', value: (s) => s.cpu },
  { label: 'cores', value: (s) => s.cores },
  { label: 'memory', value: (s) => s.memory },
  { label: 'OS', value: (s) => s.os },
  { label: 'runtime', value: (s) => s.runtime },
];

/** Every machine as a column (the reference first), a row per spec and per cache level any of them has. */
export function buildMachineSpecsTable(records: readonly MachineRecord[]): TextTable {
  const summaries = records.map(summarizeMachine);
  const columns = [{ key: 'spec', label: 'spec' }, ...summaries.map((s, i) => ({ key: `m${i}`, label: s.id }))];
  const row = (label: string, value: (s: MachineSummary) => string): Record<string, string> =>
    Object.fromEntries([['spec', label], ...summaries.map((s, i) => [`m${i}`, value(s)])]);
  const cacheNames = [...new Set(summaries.flatMap((s) => s.caches.map((c) => c.name)))];
  const rows = [
    ...SPEC_ROWS.map(({ label, value }) => row(label, value)),
    ...cacheNames.map((name) =>
      row(
        name,
        (s) =>
          s.caches
            .filter((c) => c.name === name)
            .map((c) => c.text)
            .join('; ') || 'none recorded',
      ),
    ),
    row('cache probe', (s) => s.probe),
  ];
  return {
    title: 'Machines recorded under machines/, beside the article\u2019s reference machine',
    columns,
    rows,
    note: 'Sizes are per instance (× the number of instances). The reference M1 Pro\u2019s figures are as published in the reference article, not measured here.',
  };
}
