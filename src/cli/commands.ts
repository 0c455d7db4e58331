// The table of basel-lab's commands. Each lives in src/cli/<module>.ts and is loaded only when used.
import type { Command } from 'commander';

export interface CommandSpec {
  /** What the user types: `basel-lab <name>`. */
  name: string;
  /** One line for `basel-lab --help`. */
  summary: string;
  /** File under src/cli/ (without extension) exporting `register`. */
  module: string;
}

/** What every command module exports: add options and an action to the command it is given. */
export interface CommandModule {
  register(command: Command): void;
}

export const COMMANDS: readonly CommandSpec[] = [
  { name: 'bench', summary: 'time one variant of the sum at one N (or --list the variants)', module: 'bench' },
  {
    name: 'sweep',
    summary: 'measure a sweep over N, steps, chunk size or workers, and store the results',
    module: 'sweep',
  },
  {
    name: 'compare',
    summary: 'compare two results files point by point, with a confidence interval and a significance test',
    module: 'compare',
  },
  { name: 'export', summary: 'write every stored result as one tidy CSV', module: 'export' },
  {
    name: 'specs',
    summary: "record this machine's cache and core sizes (optionally probe the caches)",
    module: 'specs',
  },
  { name: 'notebooks', summary: 'execute the notebooks headlessly in fresh tslab kernels', module: 'notebooks' },
  {
    name: 'jupyter',
    summary: 'install the basel-lab Jupyter kernel, or start Jupyter on notebooks/',
    module: 'jupyter',
  },
  { name: 'report', summary: 'record specs, run the notebooks and render the static HTML report', module: 'report' },
];
