// The `basel-lab` Jupyter kernelspec: this package's own tslab by absolute path, installed via `jupyter`.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { UserError } from '../util/errors.js';
import { writeJsonAtomic } from '../util/atomic.js';
import { kernelEntry } from './tslab-entry.js';
import { BASEL_KERNELSPEC } from './ipynb.js';

/** The `jupyter` executable (override with $JUPYTER, e.g. a virtualenv's). */
export function jupyterCommand(): string {
  return process.env.JUPYTER ?? 'jupyter';
}

/** How to get Jupyter, for error messages. */
export const JUPYTER_HINT =
  'install it: on Debian/Ubuntu `sudo apt-get install jupyter-notebook jupyter-client jupyter-nbconvert`, ' +
  'elsewhere `pip install notebook` (or `conda install notebook`)';

export interface KernelJson {
  argv: string[];
  display_name: string;
  language: string;
  interrupt_mode: 'signal';
  metadata: Record<string, unknown>;
}

/**
 * The kernel.json: Node (this one, by absolute path) running this package's tslab entry, so no
 * PATH lookup or global install is involved. tslab is interrupted by SIGINT, not by a message.
 */
export function createKernelJson(): KernelJson {
  return {
    argv: [process.execPath, kernelEntry(), 'kernel', '--config-path', '{connection_file}'],
    display_name: BASEL_KERNELSPEC.display_name,
    language: BASEL_KERNELSPEC.language,
    interrupt_mode: 'signal',
    metadata: { 'basel-lab': { installedBy: 'basel-lab jupyter install' } },
  };
}

/** Run `jupyter <args>`; throws UserError with install instructions when jupyter is missing. */
export function runJupyter(args: readonly string[], options: { inherit?: boolean } = {}): SpawnSyncReturns<string> {
  const result = spawnSync(jupyterCommand(), args, { encoding: 'utf8', stdio: options.inherit ? 'inherit' : 'pipe' });
  if (result.error !== undefined) {
    const code = (result.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`\`${jupyterCommand()}\` was not found on PATH; ${JUPYTER_HINT}`);
    throw new UserError(`cannot run \`${jupyterCommand()} ${args.join(' ')}\`: ${result.error.message}`);
  }
  return result;
}

/** True when `jupyter` can be run. */
export function hasJupyter(): boolean {
  const result = spawnSync(jupyterCommand(), ['--version'], { encoding: 'utf8', stdio: 'pipe' });
  return result.error === undefined && result.status === 0;
}

/** The installed kernelspecs: name → folder, from `jupyter kernelspec list --json`. */
export function listKernelspecs(): Record<string, string> {
  const result = runJupyter(['kernelspec', 'list', '--json']);
  if (result.status !== 0) throw new UserError(`\`jupyter kernelspec list\` failed: ${firstLine(result.stderr)}`);
  let parsed: { kernelspecs?: unknown };
  try {
    parsed = JSON.parse(result.stdout) as { kernelspecs?: unknown };
  } catch {
    parsed = {};
  }
  const specs = parsed.kernelspecs;
  if (typeof specs !== 'object' || specs === null)
    throw new UserError(
      `\`${jupyterCommand()} kernelspec list --json\` printed no kernelspec list (its output: ${result.stdout.trim() === '' ? 'empty' : JSON.stringify(firstLine(result.stdout))}); is it Jupyter? ${JUPYTER_HINT}`,
    );
  return Object.fromEntries(
    Object.entries(specs as Record<string, { resource_dir?: unknown }>).flatMap(([name, spec]) =>
      typeof spec?.resource_dir === 'string' ? [[name, spec.resource_dir]] : [],
    ),
  );
}

/**
 * Install (or replace) the `basel-lab` kernelspec for the user, for the Python that `jupyter`
 * runs on (honouring $JUPYTER_DATA_DIR). Returns the folder it was installed into.
 */
export function installKernelspec(): string {
  const staging = mkdtempSync(join(os.tmpdir(), 'basel-lab-kernelspec-'));
  try {
    const specDir = join(staging, BASEL_KERNELSPEC.name);
    writeJsonAtomic(join(specDir, 'kernel.json'), createKernelJson());
    const result = runJupyter([
      'kernelspec',
      'install',
      '--user',
      '--replace',
      '--name',
      BASEL_KERNELSPEC.name,
      specDir,
    ]);
    if (result.status !== 0)
      throw new UserError(`\`jupyter kernelspec install\` failed: ${firstLine(result.stderr)}; ${JUPYTER_HINT}`);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  const installed = listKernelspecs()[BASEL_KERNELSPEC.name];
  if (installed === undefined)
    throw new UserError('the basel-lab kernelspec was installed but `jupyter kernelspec list` does not show it');
  return installed;
}

/** Which Jupyter front end is installed: JupyterLab if present, else the classic notebook. */
export function findJupyterApp(): 'lab' | 'notebook' {
  for (const app of ['lab', 'notebook'] as const) {
    const result = spawnSync(jupyterCommand(), [app, '--version'], { encoding: 'utf8', stdio: 'pipe' });
    if (result.error === undefined && result.status === 0) return app;
  }
  throw new UserError(`neither JupyterLab nor the Jupyter notebook is installed; ${JUPYTER_HINT}`);
}

function firstLine(text: string | null): string {
  return (
    (text ?? '')
      .trim()
      .split('\n')
      .filter((line) => line.trim().length > 0)
      .pop() ?? '(no message)'
  );
}
