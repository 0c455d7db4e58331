// `basel-lab notebooks`: execute the notebooks headlessly, each in a fresh tslab kernel.
import type { Command } from 'commander';
import { join, resolve } from 'node:path';
import { chapterFiles } from '../chapters/manifest.js';
import { DEFAULT_PROFILE, PROFILE_SETTINGS } from '../measure/profiles.js';
import { PROFILES, type Profile } from '../results/schema.js';
import { exitCodeFor, STOP_SIGNALS, type StopSignal } from '../util/interrupt.js';
import { acquireLockOrRefuse } from '../util/file-lock.js';
import { checkOutDir, NOTEBOOKS_DIR, OUT_ENV, OUT_LOCK_FILE, resolveOutDir } from '../util/paths.js';
import { killAllKernelsSync } from '../jupyter/kernel-process.js';
import { createProgressHooks } from '../jupyter/progress.js';
import { chooseProgressMode } from '../util/progress.js';
import { formatFailure, listNotebooks, runNotebooks, selectNotebooks } from '../jupyter/runner.js';
import { ArgumentError } from '../util/errors.js';
import { parseChoice, parseInteger } from './parse.js';

const MS_PER_SECOND = 1000;
/** The longest per-cell limit: a day (Node's timers overflow past about 24.8 days and fire at once). */
export const MAX_TIMEOUT_S = 86_400;

interface NotebooksOptions {
  profile: string;
  out?: string;
  timeout?: string;
  quiet?: boolean;
  dir?: string;
}

export function register(command: Command): void {
  command
    .argument('[names...]', 'notebooks to run (file names with or without .ipynb); all when none are given')
    .option('--profile <profile>', `BASEL_PROFILE for the notebooks: ${PROFILES.join(', ')}`, DEFAULT_PROFILE)
    .option(
      '--out <dir>',
      'the output folder the notebooks read (BASEL_OUT) and whose notebooks/ gets the executed copies (default: $BASEL_OUT, else reports/ in this project)',
    )
    .option('--timeout <seconds>', "per-cell time limit in seconds (default: the profile's)")
    .option('--dir <dir>', "run the notebooks of this folder instead of the package's declared chapters")
    .option('--quiet', 'no progress output')
    .action(async (names: string[], options: NotebooksOptions) => {
      const profile: Profile = parseChoice('--profile', options.profile, PROFILES);
      const timeoutMs =
        options.timeout === undefined
          ? PROFILE_SETTINGS[profile].cellTimeoutMs
          : parseInteger('--timeout', options.timeout, { min: 1, max: MAX_TIMEOUT_S }) * MS_PER_SECOND;
      const outDir = resolveOutDir(options.out);
      checkOutDir(outDir);
      if (options.dir?.trim() === '') throw new ArgumentError('--dir must name a folder (got "")');
      const available =
        options.dir === undefined ? chapterFiles(NOTEBOOKS_DIR).chapters : listNotebooks(resolve(options.dir));
      const paths = selectNotebooks(available, names);
      if (paths.length === 0)
        throw new ArgumentError(`--dir ${resolve(options.dir ?? NOTEBOOKS_DIR)}: no notebooks (*.ipynb) in it`);
      acquireLockOrRefuse(join(outDir, OUT_LOCK_FILE), `notebooks --profile ${profile}`, `the output folder ${outDir}`);

      // Ctrl-C or a kill must not leave kernels behind: kill their process groups, then exit.
      const stop = (signal: StopSignal): void => {
        killAllKernelsSync();
        // Give a TTY its cursor back (the progress bar hides it) before the one-line message.
        if (process.stderr.isTTY) process.stderr.write('\u001b[?25h\n');
        process.stderr.write(`basel-lab: stopped by ${signal}; kernels killed\n`);
        process.exit(exitCodeFor(signal));
      };
      for (const signal of STOP_SIGNALS) process.once(signal, stop);

      const progress = createProgressHooks(chooseProgressMode(process.stderr, options.quiet === true));
      const runs = await runNotebooks(paths, {
        outDir,
        timeoutMs,
        env: { BASEL_PROFILE: profile, [OUT_ENV]: outDir },
        ...progress,
        onNotebookEnd: (run) => {
          progress.onNotebookEnd?.(run);
          // Failures are reported as they happen, even with --quiet.
          if (run.failure !== undefined)
            process.stderr.write(`basel-lab: ${formatFailure(run)}\n  (what ran is in ${run.output})\n`);
        },
      });
      for (const signal of STOP_SIGNALS) process.off(signal, stop);
      if (runs.some((run) => run.failure !== undefined)) process.exitCode = 1;
    });
}
