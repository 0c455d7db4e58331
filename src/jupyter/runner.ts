// The headless notebook runner: each notebook in a fresh tslab kernel, executed copies written atomically.
import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ArgumentError, UserError } from '../util/errors.js';
import {
  BASEL_KERNELSPEC,
  joinText,
  readNotebook,
  stripOutputs,
  writeNotebook,
  type Cell,
  type CodeCell,
  type Notebook,
  type Output,
} from './ipynb.js';
import { KernelClient } from './kernel-client.js';
import { errorOutput, OutputCollector, summarizeError } from './outputs.js';

/** `interrupted`: a stop signal (RunOptions.signal) ended the notebook. */
export type FailureKind = 'error' | 'timeout' | 'died' | 'start' | 'interrupted';

export interface CellFailure {
  kind: FailureKind;
  /** 1-based position of the failing cell among all cells of the notebook (0: the kernel did not start). */
  cell: number;
  /** One line: what went wrong. */
  message: string;
  /** For `interrupted`: the executed copy already on disk was left as it was. */
  kept?: boolean;
}

export interface NotebookRun {
  /** File name without `.ipynb`. */
  name: string;
  source: string;
  /** Where the executed copy was written. */
  output: string;
  codeCells: number;
  cellsRun: number;
  failure?: CellFailure;
  elapsedMs: number;
}

/** A notebook's place in a run of several: 0-based `index` of `total`, and `etaMs` from this one on. */
export interface NotebookPlace {
  index: number;
  total: number;
  etaMs: number | null;
}

export interface RunHooks {
  /** `place`: which of how many notebooks this run executes, and the rest's time at the mean so far (null first). */
  onNotebookStart?(name: string, codeCells: number, place?: NotebookPlace): void;
  onCellStart?(name: string, codeCellIndex: number, codeCells: number): void;
  onNotebookEnd?(run: NotebookRun): void;
}

export interface RunOptions extends RunHooks {
  /** Folder receiving `notebooks/<name>.ipynb`. */
  outDir: string;
  /** Per-cell time limit (the profile table says how long a chapter cell may take). */
  timeoutMs: number;
  /** Environment for the kernel on top of this process's (e.g. BASEL_PROFILE). */
  env?: NodeJS.ProcessEnv;
  /** Where kernels' connection files go (default: the OS temp folder). */
  connectionDir?: string;
  /**
   * A stop (Ctrl-C, SIGTERM): the running kernel is killed at once, the notebooks after it do not start,
   * and an interrupted notebook's partial copy never replaces an executed copy already on disk.
   */
  signal?: AbortSignal;
}

/** The notebook files in `dir`, sorted by file name (which is chapter order). */
export function listNotebooks(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    throw new UserError(`cannot list notebooks in ${dir}: ${(error as Error).message}`);
  }
  return names
    .filter((name) => name.endsWith('.ipynb'))
    .sort()
    .map((name) => join(dir, name));
}

/** The notebooks named in `names` (with or without `.ipynb`), in file order; all of them when none are named. */
export function selectNotebooks(paths: readonly string[], names: readonly string[]): string[] {
  if (names.length === 0) return [...paths];
  const available = paths.map((path) => basename(path, '.ipynb'));
  const wanted = new Set(names.map((name) => basename(name, '.ipynb')));
  for (const name of wanted) {
    if (!available.includes(name)) {
      throw new ArgumentError(`unknown notebook "${name}"; available: ${available.join(', ') || '(none)'}`);
    }
  }
  return paths.filter((path) => wanted.has(basename(path, '.ipynb')));
}

/**
 * Run notebooks one after another, each in its own kernel; a failing cell in one does not stop the
 * next. Throws UserError up front if any notebook is malformed.
 */
export async function runNotebooks(paths: readonly string[], options: RunOptions): Promise<NotebookRun[]> {
  // A malformed notebook is found before any kernel starts, not after minutes of running others.
  for (const path of paths) readNotebook(path);
  const runs: NotebookRun[] = [];
  for (const [index, path] of paths.entries()) {
    if (options.signal?.aborted === true) break;
    // The rest at the mean time of the notebooks run so far: an estimate, and none before the first.
    const meanMs = runs.length === 0 ? null : runs.reduce((sum, run) => sum + run.elapsedMs, 0) / runs.length;
    const etaMs = meanMs === null ? null : meanMs * (paths.length - index);
    runs.push(await runNotebook(path, options, { index, total: paths.length, etaMs }));
  }
  return runs;
}

/**
 * Execute one notebook in a fresh tslab kernel started in the notebook's folder, and write the
 * executed copy to `<outDir>/notebooks/<name>.ipynb`. Execution stops at the first failing cell
 * (error, timeout or kernel death), whose error is recorded in its outputs; what ran is written
 * either way. The source file is only read.
 */
export async function runNotebook(path: string, options: RunOptions, place?: NotebookPlace): Promise<NotebookRun> {
  const started = Date.now();
  const name = basename(path, '.ipynb');
  const notebook = stripOutputs(readNotebook(path));
  notebook.metadata.kernelspec ??= { ...BASEL_KERNELSPEC };
  const codeCells = notebook.cells.filter(isRunnable);
  const output = join(options.outDir, 'notebooks', `${name}.ipynb`);
  options.onNotebookStart?.(name, codeCells.length, place);

  const collector = new OutputCollector();
  let failure: CellFailure | undefined;
  let cellsRun = 0;
  let kernel: KernelClient | undefined;
  const stop = (): void => kernel?.killNow();
  options.signal?.addEventListener('abort', stop, { once: true });
  try {
    kernel = await KernelClient.start({
      cwd: dirname(path),
      env: options.env,
      connectionDir: options.connectionDir,
      onIopub: (message) => collector.handle(message),
    });
    if (options.signal?.aborted === true) kernel.killNow(); // stopped while it started
    for (const cell of codeCells) {
      options.onCellStart?.(name, cellsRun, codeCells.length);
      failure = await runCell(kernel, collector, cell, notebook.cells.indexOf(cell) + 1, options.timeoutMs);
      cellsRun += 1;
      if (failure !== undefined) break;
    }
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    failure = { kind: 'start', cell: 0, message: error.message };
  } finally {
    options.signal?.removeEventListener('abort', stop);
    await kernel?.shutdown();
  }
  const interrupted = options.signal?.aborted === true;
  // An interrupted run is worse than any finished one: it is written only where there was no copy yet.
  const kept = interrupted && existsSync(output);
  if (interrupted)
    failure = { kind: 'interrupted', cell: failure?.cell ?? 0, message: stopMessage(options.signal), kept };
  if (!kept) writeExecuted(output, notebook);
  const run: NotebookRun = {
    name,
    source: path,
    output,
    codeCells: codeCells.length,
    cellsRun,
    elapsedMs: Date.now() - started,
  };
  if (failure !== undefined) run.failure = failure;
  options.onNotebookEnd?.(run);
  return run;
}

async function runCell(
  kernel: KernelClient,
  collector: OutputCollector,
  cell: CodeCell,
  position: number,
  timeoutMs: number,
): Promise<CellFailure | undefined> {
  const outputs: Output[] = cell.outputs;
  const result = await kernel.execute(joinText(cell.source), {
    timeoutMs,
    beforeSend: (msgId) => collector.track(msgId, outputs),
  });
  cell.execution_count = result.executionCount;
  switch (result.status) {
    case 'ok':
      return undefined;
    case 'error':
      return { kind: 'error', cell: position, message: summarizeError(outputs) };
    case 'timeout': {
      const message = `cell did not finish within ${timeoutMs / 1000} s; the kernel was interrupted and the notebook stopped`;
      outputs.push(errorOutput('CellTimeout', message));
      return { kind: 'timeout', cell: position, message };
    }
    case 'died': {
      const message = `the kernel died (${result.exitDescription ?? 'unknown cause'}) while running this cell`;
      outputs.push(errorOutput('KernelDied', message));
      return { kind: 'died', cell: position, message };
    }
  }
}

function isRunnable(cell: Cell): cell is CodeCell {
  return cell.cell_type === 'code' && joinText(cell.source).trim().length > 0;
}

function writeExecuted(path: string, notebook: Notebook): void {
  try {
    writeNotebook(path, notebook);
  } catch (error) {
    throw new UserError(`cannot write the executed notebook ${path}: ${(error as Error).message}`);
  }
}

/** "stopped by SIGINT before it finished", from the abort reason when it names the signal. */
function stopMessage(signal: AbortSignal | undefined): string {
  const reason = signal?.reason instanceof Error ? signal.reason.message : 'stopped';
  return `${reason} before it finished; the kernel was killed`;
}

/** The one- or two-line report of a failed notebook: notebook, cell number and the error. */
export function formatFailure(run: NotebookRun): string {
  const failure = run.failure;
  if (failure === undefined) return '';
  if (failure.kind === 'start') return `${run.name}.ipynb: the kernel did not start: ${failure.message}`;
  if (failure.kind === 'interrupted') {
    const kept = failure.kept === true ? '; the executed copy from before was kept' : '';
    return `${run.name}.ipynb${failure.cell > 0 ? `, cell ${failure.cell}` : ''}: ${failure.message}${kept}`;
  }
  return `${run.name}.ipynb, cell ${failure.cell}: ${failure.message}`;
}
