// `basel-lab notebooks`: execute the notebooks headlessly, each in a fresh tslab kernel.
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { defaultOutDir, NOTEBOOKS_DIR } from '../util/paths.js';
import { PROFILES, type Profile } from '../results/schema.js';
import { killAllKernelsSync } from '../jupyter/kernel-process.js';
import { createProgressHooks } from '../jupyter/progress.js';
import { chooseProgressMode } from '../util/progress.js';
import { formatFailure, listNotebooks, runNotebooks, selectNotebooks } from '../jupyter/runner.js';
import { parseChoice, parseInteger } from './parse.js';

/** Exit code when the runner itself is stopped by SIGINT (128 + 2, as shells report it). */
const EXIT_INTERRUPTED = 130;
const MS_PER_SECOND = 1000;

interface NotebooksOptions {
  profile: string;
  out?: string;
  timeout: string;
  quiet?: boolean;
  dir?: string;
}

export function register(command: Command): void {
  command
    .argument('[names...]', 'notebooks to run (file names with or without .ipynb); all when none are given')
    .option('--profile <profile>', `BASEL_PROFILE for the notebooks: ${PROFILES.join(', ')}`, 'quick')
    .option('--out <dir>', 'write executed copies to <dir>/notebooks/ (default: reports/)')
    .option('--timeout <seconds>', 'per-cell time limit in seconds', '600')
    .option('--dir <dir>', "folder of notebooks to run (default: the package's notebooks/)")
    .option('--quiet', 'no progress output')
    .action(async (names: string[], options: NotebooksOptions) => {
      const profile: Profile = parseChoice('--profile', options.profile, PROFILES);
      const timeoutMs = parseInteger('--timeout', options.timeout, { min: 1 }) * MS_PER_SECOND;
      const outDir = options.out === undefined ? defaultOutDir() : resolve(options.out);
      const paths = selectNotebooks(listNotebooks(resolve(options.dir ?? NOTEBOOKS_DIR)), names);

      // Ctrl-C or a kill must not leave kernels behind: kill their process groups, then exit.
      const stop = (signal: NodeJS.Signals): void => {
        killAllKernelsSync();
        // Give a TTY its cursor back (the progress bar hides it) before the one-line message.
        if (process.stderr.isTTY) process.stderr.write('\u001b[?25h\n');
        process.stderr.write(`basel-lab: stopped by ${signal}; kernels killed\n`);
        process.exit(EXIT_INTERRUPTED);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);

      const progress = createProgressHooks(chooseProgressMode(process.stderr, options.quiet === true));
      const runs = await runNotebooks(paths, {
        outDir,
        timeoutMs,
        env: { BASEL_PROFILE: profile },
        ...progress,
        onNotebookEnd: (run) => {
          progress.onNotebookEnd?.(run);
          // Failures are reported as they happen, even with --quiet.
          if (run.failure !== undefined)
            process.stderr.write(`basel-lab: ${formatFailure(run)}\n  (what ran is in ${run.output})\n`);
        },
      });
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      if (runs.some((run) => run.failure !== undefined)) process.exitCode = 1;
    });
}
