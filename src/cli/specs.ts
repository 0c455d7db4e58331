// `basel-lab specs [--json] [--out DIR] [--probe] [--profile P] [--quiet]`: record this machine, optionally probe it.
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { formatMachineRecord, formatPredictions } from '../machine/format.js';
import { predictVariants } from '../machine/predictions.js';
import { probeLeftMs, probeShareDone, type ProbeTask } from '../machine/probe-estimate.js';
import { probeMachine, type ProbeProgress } from '../machine/probe.js';
import { formatBytes, formatDuration } from '../util/format.js';
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

/** Plain progress lines come at each new section, and within one at most this often. */
export const PROBE_LINE_EVERY_MS = 10_000;

/** "probe: tlb (4.6 s in, about 24% done, ~14s left)": one plain progress line. Pure. */
export function probeLine(progress: ProbeProgress): string {
  const { elapsedMs } = progress;
  const leftMs = probeLeftMs(progress);
  const percent = Math.round(100 * probeShareDone(progress));
  const left = leftMs === null ? '' : `, ~${formatDuration(leftMs)} left`;
  return `probe: ${progress.section} (${(elapsedMs / 1000).toFixed(1)} s in, about ${percent}% done${left})`;
}

/**
 * Progress for the full probe, counted in estimated time rather than in steps (a DRAM-sized working
 * set takes a hundred times longer than an L1 one), with the time left at the pace so far (probeLeftMs):
 * a bar on a TTY, otherwise a line per section (and every PROBE_LINE_EVERY_MS within one), nothing
 * when quiet.
 */
export function probeMachineProgress(quiet: boolean): {
  onProgress: (progress: ProbeProgress) => void;
  stop: () => void;
} {
  const mode = chooseProgressMode(process.stderr, quiet);
  if (mode === 'none') return { onProgress: () => undefined, stop: () => undefined };
  if (mode === 'bar') {
    // Its own share and ETA, not cli-progress's: skipped tasks take no time and are not work to do.
    const bar = createBar(process.stderr, 'probing [{bar}] {percentage}% | ETA {left} | {label}');
    let begun = false;
    return {
      onProgress: (progress) => {
        if (!begun) bar.start(1000, 0, { label: '', left: '…' });
        begun = true;
        const leftMs = probeLeftMs(progress);
        bar.update(Math.round(1000 * probeShareDone(progress)), {
          label: describeTask(progress.task),
          left: leftMs === null ? '…' : formatDuration(leftMs),
        });
      },
      stop: () => bar.stop(),
    };
  }
  let section = '';
  let lastLineMs = -Infinity;
  return {
    onProgress: (progress) => {
      if (progress.section === section && progress.elapsedMs - lastLineMs < PROBE_LINE_EVERY_MS) return;
      section = progress.section;
      lastLineMs = progress.elapsedMs;
      process.stderr.write(probeLine(progress) + '\n');
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
