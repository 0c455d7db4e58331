// `basel-lab report`: record specs, run the sweeps and notebooks at a profile, render <out>/index.html.
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { DEFAULT_PROFILE } from '../measure/profiles.js';
import { buildReport, type BuildHooks } from '../pipeline/build-report.js';
import { PROFILES } from '../results/schema.js';
import { ArgumentError, UserError } from '../util/errors.js';
import { existsSync } from 'node:fs';
import { exitCodeFor, onInterrupt } from '../util/interrupt.js';
import { acquireLockOrRefuse } from '../util/file-lock.js';
import { checkOutDir, NOTEBOOKS_DIR, OUT_LOCK_FILE, resolveOutDir } from '../util/paths.js';
import { join } from 'node:path';
import { parseChoice } from './parse.js';

/** Exit code of a report that was built, but skipped invalid inputs (listed on stderr and in the page). */
export const EXIT_BUILT_WITH_WARNINGS = 3;

interface ReportCliOptions {
  profile: string;
  run: boolean;
  out?: string;
  quiet?: boolean;
  notebooks?: string;
}

/** Progress for steps 1–3 on stderr (bars on a TTY, lines otherwise, nothing with --quiet); loaded only when something runs. */
async function createBuildHooks(quiet: boolean): Promise<BuildHooks> {
  const [{ probeMachineProgress }, { createProgressReporter }, { createProgressHooks }, { chooseProgressMode }] =
    await Promise.all([
      import('./specs.js'),
      import('../measure/progress.js'),
      import('../jupyter/progress.js'),
      import('../util/progress.js'),
    ]);
  const probe = probeMachineProgress(quiet);
  const mode = chooseProgressMode(process.stderr, quiet);
  const say = (message: string) => (quiet ? undefined : process.stderr.write(`${message}\n`));
  return {
    onProbeProgress: probe.onProgress,
    onProbeEnd: probe.stop,
    onStage: say,
    onSweepProgress: createProgressReporter(process.stderr, mode),
    notebooks: createProgressHooks(mode),
    // Failures are reported as they happen, even with --quiet.
    onFailure: (message) => process.stderr.write(`basel-lab: ${message}\n`),
    onWarning: (message) => process.stderr.write(`basel-lab: warning: ${message}\n`),
  };
}

export function register(command: Command): void {
  command
    .option('--profile <profile>', `sweep and notebook size: ${PROFILES.join(', ')}`, DEFAULT_PROFILE)
    .option('--no-run', 'render from the stored results and executed notebooks only (record, measure and run nothing)')
    .option(
      '--out <dir>',
      'output folder: machines/, results/, notebooks/, index.html, results.csv (default: $BASEL_OUT, else reports/ in this project)',
    )
    .option('--notebooks <dir>', "execute every notebook of this folder instead of the package's declared chapters")
    .option('--quiet', 'no progress on stderr (failures are still reported)')
    .addHelpText(
      'after',
      '\nSteps: (1) record this machine\u2019s specs and cache probe once, (2) run the n, steps, chunk and workers\n' +
        'sweeps at the profile (they resume, so re-running is cheap), (3) execute the notebooks, (4) render\n' +
        '<out>/index.html and <out>/results.csv from disk. A failed sweep or notebook still renders the page,\n' +
        'then exits 1; an invalid input file is skipped and named (exit 3: built with warnings).\n' +
        'REPORT_DEBUG=1 also writes <out>/index.viewmodel.json.',
    )
    .action(async (options: ReportCliOptions) => {
      const profile = parseChoice('--profile', options.profile, PROFILES);
      const outDir = resolveOutDir(options.out);
      checkOutDir(outDir);
      if (options.notebooks?.trim() === '') throw new ArgumentError('--notebooks must name a folder (got "")');
      if (!options.run && !existsSync(outDir))
        throw new ArgumentError(
          `--out ${outDir}: no such folder, so --no-run has nothing to render; check the path, or drop --no-run to measure into it`,
        );
      // One report (or notebooks run) at a time per output folder: a second one is refused, naming the first.
      const releaseOut = acquireLockOrRefuse(
        join(outDir, OUT_LOCK_FILE),
        `report --profile ${profile}${options.run ? '' : ' --no-run'}`,
        `the output folder ${outDir}`,
      );
      const quiet = options.quiet === true;
      const hooks = options.run ? await createBuildHooks(quiet) : {};

      const interrupt = onInterrupt({
        onFirst: (signal) => {
          process.stderr.write(
            `\nbasel-lab: ${signal}: stopping the running sample or notebook now and rendering what was saved (again to quit at once)\n`,
          );
          void import('../jupyter/kernel-process.js').then(({ killAllKernelsSync }) => killAllKernelsSync());
        },
      });
      try {
        const { failures, warnings, report } = await buildReport({
          outDir,
          profile,
          run: options.run,
          notebooks:
            options.notebooks === undefined ? { chapters: NOTEBOOKS_DIR } : { folder: resolve(options.notebooks) },
          hooks,
          signal: interrupt.signal,
        });
        for (const warning of warnings) process.stderr.write(`basel-lab: warning: ${warning}\n`);
        if (!quiet)
          process.stderr.write(
            `report: wrote ${report.htmlPath}${warnings.length === 0 ? '' : ` (built with ${warnings.length} warning${warnings.length === 1 ? '' : 's'})`}\n`,
          );
        process.stdout.write(`${report.htmlPath}\n`);
        if (interrupt.received !== null) process.exitCode = exitCodeFor(interrupt.received);
        else if (failures.length > 0)
          throw new UserError(
            `the report was rendered, but ${failures.length} step${failures.length === 1 ? '' : 's'} failed:\n  ${failures.join('\n  ')}`,
          );
        else if (warnings.length > 0) process.exitCode = EXIT_BUILT_WITH_WARNINGS;
      } finally {
        interrupt.dispose();
        releaseOut();
      }
    });
}
