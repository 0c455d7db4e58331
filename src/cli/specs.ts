// `basel-lab specs [--json] [--out DIR] [--probe] [--profile P] [--quiet]`: record this machine, optionally probe it.
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { formatMachineRecord, formatPredictions } from '../machine/format.js';
import { predictVariants } from '../machine/predictions.js';
import type { ProbeTask } from '../machine/probe-estimate.js';
import { probeMachine, type ProbeProgress } from '../machine/probe.js';
import { formatBytes } from '../util/format.js';
import { checkOutDir, machineFilePath, resolveOutDir } from '../util/paths.js';
import { collectMachine } from '../machine/specs.js';
import { loadMachineFile, saveMachine } from '../machine/store.js';
import { DEFAULT_PROFILE, PROFILE_SETTINGS } from '../measure/profiles.js';
import { PROFILES, type Profile } from '../results/schema.js';
import { chooseProgressMode, createBar } from '../util/progress.js';
import { parseChoice } from './parse.js';

interface SpecsOptions {
  json?: boolean;
  out?: string;
  probe?: boolean;
  profile: string;
  quiet?: boolean;
}

/** The N at which `specs --probe` prints each variant's predicted time per term. */
export const PREDICTION_N = 1e8;

/** One line for a unit of probe work, e.g. "bandwidth: read ×2 at 1 MiB". */
export function describeTask(task: ProbeTask): string {
  switch (task.section) {
    case 'latency':
      return `latency at ${formatBytes(task.bytes)}`;
    case 'tlb':
      return `one line per page, ${task.bytes / 64} pages`;
    case 'bandwidth':
      return `bandwidth: ${task.kernel} ×${task.threads} at ${formatBytes(task.bytes)}`;
    case 'firstTouch':
      return `first touch of ${formatBytes(task.bytes)}`;
    case 'compute':
      return `compute: ${task.operation} ×${task.lanes}`;
  }
}

/**
 * Progress for the full probe, counted in estimated time rather than in steps (a DRAM-sized working
 * set takes a hundred times longer than an L1 one): a bar with its ETA on a TTY, a line per section
 * otherwise, nothing when quiet.
 */
export function probeMachineProgress(quiet: boolean): {
  onProgress: (progress: ProbeProgress) => void;
  stop: () => void;
} {
  const mode = chooseProgressMode(process.stderr, quiet);
  if (mode === 'none') return { onProgress: () => undefined, stop: () => undefined };
  if (mode === 'bar') {
    const bar = createBar(process.stderr, 'probing [{bar}] {percentage}% | ETA {eta_formatted} | {label}');
    let started = false;
    return {
      onProgress: ({ doneMs, totalMs, task }) => {
        if (!started) bar.start(Math.round(totalMs), 0, { label: '' });
        started = true;
        bar.update(Math.round(doneMs), { label: describeTask(task) });
      },
      stop: () => bar.stop(),
    };
  }
  let section = '';
  const started = performance.now();
  return {
    onProgress: (progress) => {
      if (progress.section === section) return;
      section = progress.section;
      const elapsed = (performance.now() - started) / 1000;
      process.stderr.write(
        `probe: ${section} (${elapsed.toFixed(1)} s in, about ${Math.round((100 * progress.doneMs) / progress.totalMs)}% done)\n`,
      );
    },
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
      'also measure latency (4 KiB up to 4× the last-level cache, or 4× the last level it sees), TLB, bandwidth, first touch and compute ceilings (about 30 s at quick); without it a stored probe is kept',
    )
    .option('--profile <profile>', `probe resolution: ${PROFILES.join(', ')}`, DEFAULT_PROFILE)
    .option('--quiet', 'no progress on stderr')
    .action(async (opts: SpecsOptions) => {
      const profile: Profile = parseChoice('--profile', opts.profile, PROFILES);
      const outDir = resolveOutDir(opts.out);
      checkOutDir(outDir);
      const record = await collectMachine();
      // Without --probe the stored probe is kept: re-recording the specs must not throw away minutes of
      // measurement. A stored file that does not load is replaced, as its load error advises.
      const storedPath = machineFilePath(outDir, record.id);
      if (!opts.probe && existsSync(storedPath)) {
        let stored: ReturnType<typeof loadMachineFile> | undefined;
        try {
          stored = loadMachineFile(storedPath);
        } catch {
          stored = undefined;
        }
        if (stored?.probe) {
          record.probe = stored.probe;
          if (opts.quiet !== true)
            process.stderr.write(`specs: kept the probe stored in ${storedPath} (--probe measures it again)\n`);
        }
      }
      if (opts.probe) {
        const progress = probeMachineProgress(opts.quiet === true);
        try {
          record.probe = await probeMachine(record, {
            profile,
            settings: PROFILE_SETTINGS[profile].probe,
            onProgress: progress.onProgress,
          });
        } finally {
          progress.stop();
        }
      }
      const path = saveMachine(outDir, record);
      if (opts.json) {
        process.stdout.write(JSON.stringify(record, null, 2) + '\n');
        return;
      }
      process.stdout.write(formatMachineRecord(record) + `\nrecorded ${path}\n`);
      if (opts.probe) {
        const { VARIANTS, defaultKernelOptions } = await import('../kernels/registry.js');
        const { predictions, skipped } = predictVariants(
          record,
          VARIANTS,
          PREDICTION_N,
          defaultKernelOptions({ workers: os.availableParallelism() }),
        );
        process.stdout.write(
          `\npredicted time per term at N = ${PREDICTION_N} (napkin math from the probe's ceilings)\n`,
        );
        process.stdout.write(formatPredictions(predictions, skipped));
      }
    });
}
