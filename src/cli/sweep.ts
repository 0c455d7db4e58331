// `basel-lab sweep`: run one or all sweeps into the results store, with progress, resume and Ctrl-C.
import type { Command } from 'commander';
import { getVariant } from '../kernels/registry.js';
import { shutdownWorkers } from '../kernels/workers.js';
import { findCrossovers } from '../measure/crossover.js';
import { createProgressReporter } from '../measure/progress.js';
import { formatN } from '../util/format.js';
import { chooseProgressMode } from '../util/progress.js';
import { getSweepKindSpec } from '../measure/sweep-kinds.js';
import { runSweep } from '../measure/sweep.js';
import { checkOutDir, resolveOutDir } from '../util/paths.js';
import { exitCodeFor, onInterrupt } from '../util/interrupt.js';
import { machineId } from '../machine/id.js';
import { readResultsFile, resultsPath } from '../results/store.js';
import { warningLines } from '../results/warnings.js';
import {
  ISOLATIONS,
  MEMORY_STATES,
  PROFILES,
  SWEEP_KINDS,
  type MemoryState,
  type ResultsFile,
  type SweepKind,
} from '../results/schema.js';
import { DEFAULT_ISOLATION } from '../measure/child-protocol.js';
import { parseChoice, parseInteger } from './parse.js';
import { MAX_PROCESSES } from '../measure/processes.js';
import { PROFILE_SETTINGS } from '../measure/profiles.js';
import { parseVariantList } from './variant-names.js';
import { ArgumentError } from '../util/errors.js';

interface SweepCliOptions {
  kind: string;
  profile: string;
  variants?: string;
  out?: string;
  fresh?: boolean;
  quiet?: boolean;
  json?: boolean;
  isolate: string;
  memory?: string;
  processes?: string;
}

export function register(command: Command): void {
  command
    .option('--kind <kind>', `what to sweep: ${[...SWEEP_KINDS, 'all'].join(', ')}`, 'all')
    .option('--profile <profile>', `grid size: ${PROFILES.join(', ')}`, 'quick')
    .option(
      '--variants <names>',
      'comma-separated variants instead of the sweep\u2019s defaults; a module file (./mine.mjs) adds your lab.variant',
    )
    .option(
      '--out <dir>',
      'output folder; results go to <dir>/results/<machine-id>/ (default: $BASEL_OUT, else reports/ in this project)',
    )
    .option('--fresh', 'start over instead of resuming the stored results')
    .option('--quiet', 'no progress on stderr')
    .option('--json', 'print the results file(s) as JSON on stdout')
    .option(
      '--isolate <where>',
      `${ISOLATIONS.join(', ')}: a fresh child process per series (one variant and options over N), per point, or none`,
      DEFAULT_ISOLATION,
    )
    .option(
      '--memory <states>',
      `memory states for array variants: ${[...MEMORY_STATES, 'both'].join(', ')} (default: the sweep's; needs a child)`,
    )
    .option(
      '--processes <k>',
      `fresh processes each point's samples are spread over, in [1, ${MAX_PROCESSES}] (default: the profile's: ${profileProcesses()})`,
    )
    .addHelpText(
      'after',
      '\nResults are saved after every point; re-running the same sweep resumes where it stopped.\n' +
        'Ctrl-C (or SIGTERM) kills the measuring child at once, keeps every finished point and exits with 130\n' +
        '(143); with --isolate none it waits for the sample in progress (twice: quit at once).\n' +
        'A results file that does not load (corrupt or another format version) is never overwritten, not even\n' +
        'with --fresh: move it away first.\n' +
        'Garbage is collected before every sample when Node runs with --expose-gc, as the basel-lab bin does\n' +
        '(results record it as harness.gcBetweenSamples).',
    )
    .action(async (options: SweepCliOptions) => {
      const kindChoice = parseChoice('--kind', options.kind, [...SWEEP_KINDS, 'all'] as const);
      const profile = parseChoice('--profile', options.profile, PROFILES);
      const names = options.variants === undefined ? undefined : await parseVariantList('--variants', options.variants);
      const kinds: readonly SweepKind[] = kindChoice === 'all' ? SWEEP_KINDS : [kindChoice];
      const isolate = parseChoice('--isolate', options.isolate, ISOLATIONS);
      const memory = parseMemory(options.memory, isolate !== 'none');
      const processes = parseProcesses(options.processes, isolate !== 'none');
      const outDir = resolveOutDir(options.out);
      checkOutDir(outDir);
      const onProgress = createProgressReporter(
        process.stderr,
        chooseProgressMode(process.stderr, options.quiet === true),
      );

      // Refuse a file that does not load before measuring anything, rather than after the sweeps before it.
      const id = machineId();
      for (const kind of kinds) readResultsFile(resultsPath(outDir, id, kind, profile));

      const interrupt = onInterrupt({
        onFirst: (signal) => {
          if (options.quiet !== true)
            process.stderr.write(
              `\nbasel-lab: ${signal}: ${isolate === 'none' ? 'stopping after the current sample' : 'stopping'} (again to quit at once)\n`,
            );
        },
      });
      const files: ResultsFile[] = [];
      try {
        for (const kind of kinds) {
          const variants = kindChoice === 'all' ? variantsFor(kind, names) : names;
          if (variants !== undefined && variants.length === 0) continue;
          files.push(
            await runSweep(kind, {
              profile,
              variants,
              outDir,
              machineId: id,
              fresh: options.fresh === true,
              onProgress,
              signal: interrupt.signal,
              isolate,
              memory,
              ...(processes === undefined ? {} : { settings: { processes } }),
            }),
          );
          if (interrupt.signal.aborted) break;
        }
      } finally {
        interrupt.dispose();
        await shutdownWorkers(); // the warm pool's threads, so the process can exit
      }
      process.stdout.write(
        options.json === true
          ? JSON.stringify(kindChoice === 'all' ? files : files[0], null, 2) + '\n'
          : summarize(files),
      );
      if (interrupt.received !== null) process.exitCode = exitCodeFor(interrupt.received);
    });
}

/** `--processes k` as a count, refused with more than one process to spread over but no child. */
function parseProcesses(text: string | undefined, inChild: boolean): number | undefined {
  if (text === undefined) return undefined;
  const processes = parseInteger('--processes', text, { min: 1, max: MAX_PROCESSES });
  if (processes > 1 && !inChild)
    throw new ArgumentError('--processes above 1 needs child processes: use --isolate series or point, not none');
  return processes;
}

/** Each profile's process count, for the help: "smoke 1, quick 2, full 5". */
function profileProcesses(): string {
  return PROFILES.map((profile) => `${profile} ${PROFILE_SETTINGS[profile].processes}`).join(', ');
}

/** `--memory fresh|reused|both` as the states to measure; refused without a child process. */
function parseMemory(text: string | undefined, inChild: boolean): MemoryState[] | undefined {
  if (text === undefined) return undefined;
  const choice = parseChoice('--memory', text, [...MEMORY_STATES, 'both'] as const);
  if (!inChild) throw new ArgumentError('--memory needs a child process: use --isolate series or point, not none');
  return choice === 'both' ? [...MEMORY_STATES] : [choice];
}

/** With `--kind all --variants …`, each sweep runs the listed variants it can take. */
function variantsFor(kind: SweepKind, names: readonly string[] | undefined): string[] | undefined {
  if (names === undefined) return undefined;
  const spec = getSweepKindSpec(kind);
  return names.filter((name) => spec.refuse(getVariant(name)) === null);
}

/** One line per file: counts by status, and for the workers sweep where each series overtakes chunked. */
function summarize(files: readonly ResultsFile[]): string {
  const lines: string[] = [];
  for (const file of files) {
    const count = (status: string): number => file.points.filter((point) => point.status === status).length;
    lines.push(
      `${file.kind}-${file.profile}: ${count('ok')} measured, ${count('skipped')} skipped, ${count('failed')} failed (machine ${file.machineId})`,
      ...warningLines(file.warnings ?? []),
    );
    if (file.kind !== 'workers') continue;
    for (const crossover of findCrossovers(file)) {
      const where =
        crossover.crossoverN === null
          ? 'never beats it on this grid'
          : `beats it from N=${formatN(crossover.crossoverN)}` +
            (crossover.interpolatedN === null ? '' : ` (crossing ≈ ${formatN(Math.round(crossover.interpolatedN))})`);
      lines.push(`  ${crossover.variant} ×${crossover.workers} vs ${crossover.baseline}: ${where}`);
    }
  }
  return lines.join('\n') + '\n';
}
