// Text tables of a machine record and its probe, for the terminal. Formatting only; no measuring.
import { formatBytes } from '../util/format.js';
import { detectStaircase, latencyCurve } from './cliffs.js';
import { bandwidthTable, levelSizes, pageWalkEstimate, translationCosts } from './levels.js';
import type { PredictionSkip, VariantPrediction } from './predictions.js';
import type { MachineRecord, ProbeResult } from './record.js';

export function table(rows: string[][]): string {
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
  if (record.probe) lines.push('', ...formatProbe(record.probe, record));
  else lines.push('', 'probe     none recorded (basel-lab specs --probe)');
  if (record.notes.length > 0) lines.push('', 'notes', ...record.notes.map((note) => `  - ${note}`));
  const unknown = Object.entries(record.reasons);
  if (unknown.length > 0) lines.push('', 'unknown', ...unknown.map(([field, why]) => `  - ${field}: ${why}`));
  return lines.join('\n') + '\n';
}

const fixed = (value: number | null, digits: number): string => (value === null ? '–' : value.toFixed(digits));
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** The probe as text: what it ran at, the staircase and its boundaries, then each later section or why it is missing. */
export function formatProbe(probe: ProbeResult, machine: Pick<MachineRecord, 'caches' | 'cores' | 'probe'>): string[] {
  const lines = [
    `probe     ${probe.profile === undefined ? 'no profile recorded' : `profile ${probe.profile}`}, ${seconds(probe.elapsedMs)}` +
      (probe.coverage
        ? `, working sets up to ${formatBytes(probe.coverage.maxBytes)}${probe.coverage.truncated ? ` (cut short: ${probe.coverage.reason})` : ''}${probe.coverage.stoppedEarly === undefined ? '' : ` (${probe.coverage.stoppedEarly})`}`
        : ''),
    `latency   ${probe.method}`,
    '',
    table([
      ['plateau', 'from', 'to', 'ns per load'],
      ...detectStaircase(latencyCurve(probe.points)).plateaus.map((p, i) => {
        const ns = probe.points.filter((q) => q.workingSetBytes >= p.fromBytes && q.workingSetBytes <= p.toBytes);
        const median = ns.map((q) => q.nsPerLoad).sort((a, b) => a - b)[ns.length >> 1] ?? null;
        return [String(i + 1), formatBytes(p.fromBytes), formatBytes(p.toBytes), fixed(median, 1)];
      }),
    ]),
    '',
    table([
      ['level', 'measured', 'reported', 'measured/reported'],
      ...probe.boundaries.map((b) => [
        b.name,
        formatBytes(b.detectedBytes),
        formatBytes(b.recordedBytes),
        b.ratio === null ? (b.reason ?? 'unknown') : b.ratio.toFixed(2),
      ]),
    ]),
  ];
  for (const f of probe.findings ?? [])
    lines.push(
      `finding   ${f.level}: measured ${formatBytes(f.measuredBytes)} is ${f.ratio.toFixed(2)}× the reported ${formatBytes(f.reportedBytes)}`,
    );
  const largest = probe.points[probe.points.length - 1];
  if (largest)
    lines.push(`largest   ${formatBytes(largest.workingSetBytes)}: ${largest.nsPerLoad.toFixed(1)} ns per load`);
  lines.push('');
  if (probe.tlb) {
    const walk = pageWalkEstimate(probe);
    lines.push(`pages     ${probe.tlb.pages.hugePages.reason}`);
    const costs = translationCosts(probe);
    const shown = costs.filter((c, i) => i === costs.length - 1 || Math.log2(c.pages) % 2 === 0);
    lines.push(
      '',
      table([
        ['pages', 'one line per page ns', 'packed ns', 'translation ns'],
        ...shown.map((c) => [
          String(c.pages),
          fixed(c.spreadNsPerLoad, 1),
          fixed(c.packedNsPerLoad, 1),
          fixed(c.translationNs, 1),
        ]),
      ]),
    );
    if (walk)
      lines.push(
        `page walk ≈ ${walk.translationNs.toFixed(1)} ns (${(walk.share * 100).toFixed(0)}%) of the ${walk.nsPerLoad.toFixed(1)} ns at ${formatBytes(walk.workingSetBytes)} (${walk.pages} pages): the translation cost at ${walk.fromPages}–${walk.toPages} pages, an upper estimate`,
      );
  } else lines.push('tlb       no TLB probe recorded');
  const levels = levelSizes(machine);
  const bandwidth = probe.bandwidth ? bandwidthTable(probe, levels) : [];
  if (bandwidth.length > 0) {
    const names = bandwidth[0]!.levels.map((l) => l.level);
    lines.push(
      '',
      table([
        ['GB/s', ...names],
        ...bandwidth.map((row) => [`${row.kernel} ×${row.threads}`, ...row.levels.map((l) => fixed(l.gbPerSecond, 1))]),
      ]),
    );
  } else lines.push('bandwidth no bandwidth probe recorded');
  if (probe.firstTouch)
    lines.push(
      '',
      table([
        ['first touch', 'fresh GB/s', 'touched GB/s', 'ns per 4 KiB page', 'faults per page'],
        ...probe.firstTouch.points.map((p) => [
          formatBytes(p.bytes),
          fixed(p.freshGbPerSecond, 2),
          fixed(p.touchedGbPerSecond, 2),
          fixed(p.nsPerPage, 0),
          fixed(p.faultsPerPage, 2),
        ]),
      ]),
    );
  else lines.push('first     no first-touch probe recorded');
  if (probe.compute)
    lines.push(
      '',
      table([
        ['operation', 'width', 'engine', 'ops per ns', 'ns per op'],
        ...probe.compute.ceilings.map((c) => [
          c.dependent
            ? `${c.operation} (dependent chain)`
            : c.operation === 'element'
              ? 'element (typed-array loop)'
              : c.operation,
          c.lanes === 2 ? 'f64x2' : 'f64',
          c.engine,
          fixed(c.opsPerNs, 3),
          fixed(1 / c.opsPerNs, 3),
        ]),
      ]),
    );
  else lines.push('compute   no compute probe recorded');
  for (const [section, error] of Object.entries(probe.errors ?? {})) lines.push(`failed    ${section}: ${error}`);
  return lines;
}

/** Predicted vs measured time per term, one row per variant, and the variants left out with why. */
export function formatPredictions(
  predictions: readonly VariantPrediction[],
  skipped: readonly PredictionSkip[],
): string {
  const levels = predictions[0]?.traffic.map((t) => t.level) ?? [];
  const rows = [
    [
      'variant',
      'N',
      'flops/term',
      ...levels.map((l) => `B/term ${l}`),
      'predicted ns',
      'bound',
      'measured ns',
      'ratio',
    ],
    ...predictions.map((p) => [
      p.variant,
      String(p.n),
      String(p.prediction.flopsPerTerm),
      ...p.traffic.map((t) => String(t.bytesPerTerm)),
      fixed(p.prediction.nsPerTerm, 2),
      p.prediction.bound,
      fixed(p.measuredNsPerTerm, 2),
      fixed(p.ratio, 2),
    ]),
  ];
  return [table(rows), ...skipped.map((s) => `  - ${s.variant}: ${s.reason}`)].join('\n') + '\n';
}
