// `basel-lab jupyter install|start`: the basel-lab kernelspec, and Jupyter started on notebooks/.
import type { Command } from 'commander';
import { spawn } from 'node:child_process';
import os from 'node:os';
import { existsSync } from 'node:fs';
import { UserError } from '../util/errors.js';
import { NOTEBOOKS_DIR } from '../util/paths.js';
import { findJupyterApp, installKernelspec, jupyterCommand } from '../jupyter/kernelspec.js';

/** Jupyter refuses to start as root unless told: add --allow-root when `uid` is 0 (and only then), once. */
export function jupyterArgs(args: readonly string[], uid: number | undefined): string[] {
  return uid === 0 && !args.includes('--allow-root') ? [...args, '--allow-root'] : [...args];
}

export function register(command: Command): void {
  command
    .command('install')
    .description("install the basel-lab kernelspec (this package's tslab) for the Python that `jupyter` uses")
    .action(() => {
      const dir = installKernelspec();
      process.stdout.write(`installed the basel-lab kernel in ${dir}\n`);
    });

  command
    .command('start')
    .description('install the kernelspec, then start JupyterLab (or the classic notebook) on notebooks/')
    .argument('[args...]', 'extra arguments passed to jupyter (e.g. --no-browser)')
    .allowUnknownOption()
    .action(async (args: string[]) => {
      if (!existsSync(NOTEBOOKS_DIR)) throw new UserError(`there is no notebooks folder at ${NOTEBOOKS_DIR}`);
      installKernelspec();
      const app = findJupyterApp();
      const child = spawn(jupyterCommand(), [app, ...jupyterArgs(args, process.getuid?.())], {
        cwd: NOTEBOOKS_DIR,
        stdio: 'inherit',
      });
      // Ctrl-C reaches Jupyter too (same process group); it decides when to stop, and we wait for it.
      // SIGTERM and SIGHUP are sent to us alone (kill, a closed terminal): pass them on, so the server
      // stops with us rather than listening on without its parent.
      const ignore = (): void => {};
      const forward = (signal: NodeJS.Signals): void => void child.kill(signal);
      process.on('SIGINT', ignore);
      process.on('SIGTERM', forward);
      process.on('SIGHUP', forward);
      const code = await new Promise<number>((resolve) => {
        child.once('exit', (status, signal) =>
          resolve(status ?? (signal === null ? 1 : 128 + (os.constants.signals[signal] ?? 0))),
        );
        child.once('error', () => resolve(1));
      });
      process.off('SIGINT', ignore);
      process.off('SIGTERM', forward);
      process.off('SIGHUP', forward);
      process.exitCode = code;
    });
}
