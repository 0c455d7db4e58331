// Text tables of a machine record and its probe, for the terminal. Formatting only; no measuring.
import { formatBytes } from '../util/format.js';
import type { MachineRecord } from './record.js';

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const orUnknown = (value: string | number | null): string => (value === null ? 'unknown' : String(value));

/** The record as a few aligned tables. */
export function formatMachineRecord(record: MachineRecord): string {
  const c = record.cores;
  const lines = [
    `machine   ${record.id} (${record.provenance})`,
    `cpu       ${orUnknown(record.cpu.brand)} · ${orUnknown(record.cpu.arch)} · vendor ${orUnknown(record.cpu.vendor)} family ${orUnknown(record.cpu.family)} model ${orUnknown(record.cpu.model)}`,
    `cores     ${orUnknown(c.physical)} physical, ${orUnknown(c.logical)} logical, ${orUnknown(c.performance)} performance, ${orUnknown(c.efficiency)} efficiency`,
    `memory    ${formatBytes(record.memory.totalBytes)} total, ${formatBytes(record.memory.availableBytes)} available`,
    `os        ${[record.os.platform, record.os.distro, record.os.release, record.os.kernel].map(orUnknown).join(' · ')}`,
    `runtime   node ${orUnknown(record.runtime.node)}, v8 ${orUnknown(record.runtime.v8)}`,
    `caches    from ${record.cacheSource.name}: ${record.cacheSource.meaning}`,
    '',
    table([
      ['cache', 'cores', 'per instance', 'shared by', 'instances', 'line', 'total'],
      ...record.caches.map((cache) => [
        cache.name,
        cache.coreType ?? 'all',
        formatBytes(cache.sizeBytes),
        cache.sharedByCores === null ? 'unknown' : `${cache.sharedByCores} core${cache.sharedByCores === 1 ? '' : 's'}`,
        orUnknown(cache.instances),
        cache.lineBytes === null ? 'unknown' : `${cache.lineBytes} B`,
        formatBytes(cache.totalBytes),
      ]),
    ]),
  ];
  if (record.probe) {
    lines.push('', `probe     ${record.probe.method} (${(record.probe.elapsedMs / 1000).toFixed(1)} s)`, '');
    lines.push(
      table([
        ['level', 'detected', 'recorded', 'detected/recorded'],
        ...record.probe.boundaries.map((b) => [
          b.name,
          formatBytes(b.detectedBytes),
          formatBytes(b.recordedBytes),
          b.ratio === null ? (b.reason ?? 'unknown') : b.ratio.toFixed(2),
        ]),
      ]),
    );
  }
  if (record.notes.length > 0) lines.push('', 'notes', ...record.notes.map((note) => `  - ${note}`));
  const unknown = Object.entries(record.reasons);
  if (unknown.length > 0) lines.push('', 'unknown', ...unknown.map(([field, why]) => `  - ${field}: ${why}`));
  return lines.join('\n') + '\n';
}
