// Which peers this machine can run: a C compiler on the PATH, a Python interpreter that imports numpy.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { z } from 'zod';
import type { CToolchain, NumpyToolchain, Unavailable } from './schema.js';
import { NUMPY_VERSION_SCRIPT } from './sources.js';

/** The compiler and the interpreter the peers use unless told otherwise (Debian's python3 with python3-numpy). */
export const DEFAULT_C_COMPILER = 'gcc';
export const DEFAULT_PYTHON = '/usr/bin/python3';

/** Environment variables dropped from the Python child's environment: tuning that is not Debian numpy's own. */
export const PYTHON_ENV_DROPPED = ['OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE'] as const;

/** How long a version query may take before it counts as failed (ms). */
const VERSION_TIMEOUT_MS = 30_000;
const ERROR_TAIL_CHARS = 300;

/** Where `command` runs from: itself when it names a path, else the first executable match on PATH; null if none. */
export function findExecutable(command: string, path = process.env.PATH ?? ''): string | null {
  const candidates = command.includes('/')
    ? [command]
    : path
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => join(dir, command));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/** The environment the Python peers run in: this one without PYTHON_ENV_DROPPED. */
export function pythonEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const copy = { ...env };
  for (const name of PYTHON_ENV_DROPPED) delete copy[name];
  return copy;
}

const tail = (text: string): string => text.trim().slice(-ERROR_TAIL_CHARS);

/** The C compiler `command` (default gcc) with its version (`-dumpfullversion`), or why it is not available. */
export function detectCCompiler(command = DEFAULT_C_COMPILER): CToolchain {
  const path = findExecutable(command);
  if (path === null) return { available: false, reason: { kind: 'not-found', command } };
  const run = spawnSync(path, ['-dumpfullversion'], { encoding: 'utf8', timeout: VERSION_TIMEOUT_MS });
  if (run.error !== undefined || run.status !== 0) {
    const error = run.error?.message ?? (tail(run.stderr) || `exit ${String(run.status)}`);
    return { available: false, reason: { kind: 'failed', command: `${command} -dumpfullversion`, error } };
  }
  return { available: true, compiler: command, path, version: run.stdout.trim() };
}

const VersionsSchema = z.object({ executable: z.string(), python: z.string().min(1), numpy: z.string().min(1) });

/** The interpreter (default /usr/bin/python3) with its Python and numpy versions, or why it is not available. */
export function detectNumpy(interpreter = DEFAULT_PYTHON): NumpyToolchain {
  const path = findExecutable(interpreter);
  if (path === null) return { available: false, reason: { kind: 'not-found', command: interpreter } };
  const run = spawnSync(path, ['-c', NUMPY_VERSION_SCRIPT], {
    encoding: 'utf8',
    env: pythonEnv(),
    timeout: VERSION_TIMEOUT_MS,
  });
  const failed = (error: string): NumpyToolchain => ({
    available: false,
    reason: { kind: 'failed', command: `${interpreter} -c "import numpy"`, error },
  });
  if (run.error !== undefined) return failed(run.error.message);
  if (run.status !== 0) {
    if (/ModuleNotFoundError|No module named/.test(run.stderr))
      return { available: false, reason: { kind: 'module-missing', module: 'numpy', interpreter } };
    return failed(tail(run.stderr) || `exit ${String(run.status)}`);
  }
  let versions: z.infer<typeof VersionsSchema>;
  try {
    versions = VersionsSchema.parse(JSON.parse(run.stdout));
  } catch {
    return failed(`unexpected output: ${tail(run.stdout)}`);
  }
  return { available: true, interpreter: path, python: versions.python, numpy: versions.numpy };
}

/** "gcc not found", "numpy not importable by /usr/bin/python3": the words after "not available — ". */
export function unavailableText(reason: Unavailable): string {
  switch (reason.kind) {
    case 'not-found':
      return `${reason.command} not found`;
    case 'module-missing':
      return `${reason.module} not importable by ${reason.interpreter}`;
    case 'failed':
      return `${reason.command} failed: ${reason.error}`;
  }
}
