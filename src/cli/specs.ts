// `basel-lab specs [--json] [--out DIR] [--probe] [--quiet]`: record this machine, optionally probe its caches.
import type { Command } from 'commander';
import { checkOutDir, resolveOutDir } from '../util/paths.js';
import { formatMachineRecord } from '../machine/format.js';
import { formatBytes } from '../util/format.js';
import { probeCaches } from '../machine/probe.js';
import { collectMachine } from '../machine/specs.js';
import { saveMachine } from '../machine/store.js';
import type { ProbePoint } from '../machine/record.js';
import { chooseProgressMode, createBar } from '../util/progress.js';

interface SpecsOptions {
  json?: boolean;
  out?: string;
  probe?: boolean;
  quiet?: boolean;
}

/** Progress for the probe on stderr: a bar on a TTY, one line per working set otherwise, nothing when quiet. */
export function probeProgress(quiet: boolean): {
  onPoint: (done: number, total: number, point: ProbePoint) => void;
  stop: () => void;
} {
  const mode = chooseProgressMode(process.stderr, quiet);
  if (mode === 'none') return { onPoint: () => undefined, stop: () => undefined };
  if (mode === 'bar') {
    const bar = createBar(
      process.stderr,
      'probing caches [{bar}] {value}/{total} working sets | ETA {eta_formatted} | {size}',
    );
    let started = false;
    return {
      onPoint: (done, total, point) => {
        if (!started) {
          bar.start(total, 0, { size: '' });
          started = true;
        }
        bar.update(done, {
          size: `${formatBytes(point.workingSetBytes)}: ${point.nsPerLoad.toFixed(1)} ns/load, ×${point.relativeLatency.toFixed(2)} L1`,
        });
      },
      stop: () => bar.stop(),
    };
  }
  return {
    onPoint: (done, total, point) =>
      process.stderr.write(
        `probe ${done}/${total}: ${formatBytes(point.workingSetBytes)} ${point.nsPerLoad.toFixed(2)} ns/load, ×${point.relativeLatency.toFixed(2)} L1\n`,
      ),
    stop: () => undefined,
  };
}

export function register(command: Command): void {
  command
    .option('--json', 'print the record as JSON on stdout instead of a table')
    .option(
      '--out <dir>',
      'output folder; the record goes to <dir>/machines/<machine-id>.json (default: $BASEL_OUT, else reports/ in this project)',
    )
    .option(
      '--probe',
      'also measure load latency over 4 KiB..256 MiB working sets and detect the cache sizes (< 1 minute)',
    )
    .option('--quiet', 'no progress on stderr')
    .action(async (opts: SpecsOptions) => {
      const outDir = resolveOutDir(opts.out);
      checkOutDir(outDir);
      const record = await collectMachine();
      if (opts.probe) {
        const progress = probeProgress(opts.quiet === true);
        try {
          record.probe = probeCaches(record.caches, { onPoint: progress.onPoint });
        } finally {
          progress.stop();
        }
      }
      const path = saveMachine(outDir, record);
      if (opts.json) process.stdout.write(JSON.stringify(record, null, 2) + '\n');
      else process.stdout.write(formatMachineRecord(record) + `\nrecorded ${path}\n`);
    });
}
