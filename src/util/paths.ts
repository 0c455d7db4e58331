// Where things are: the package root and its notebooks, the one output-folder resolver, file names from ids.
import {
  accessSync,
  constants,
  existsSync,
  lstatSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  statSync,
} from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArgumentError } from './errors.js';

/** The package root (the folder holding package.json), found from this file in src/ or dist/src/. */
export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

export const PACKAGE_VERSION: string = (
  JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;

/** The notebooks shipped with the package. */
export const NOTEBOOKS_DIR = join(PACKAGE_ROOT, 'notebooks');

/** The environment variable that names the output folder, as `--out` does. */
export const OUT_ENV = 'BASEL_OUT';

/** The lock file in an output folder while a report or a notebooks run writes into it. */
export const OUT_LOCK_FILE = '.basel-lab.lock';

/** The output folder's name inside a project when neither `--out` nor BASEL_OUT says otherwise. */
export const DEFAULT_OUT_NAME = 'reports';

/**
 * The output folder every command reads and writes (machines/, results/, notebooks/, index.html): the
 * `--out` flag when given, else $BASEL_OUT, else reports/ in the project — the nearest folder at or above
 * `cwd` that holds a package.json (so a notebook running in notebooks/ and a command in the repository's
 * root agree), or `cwd` itself when there is none. Relative paths resolve against `cwd`. An empty flag is
 * an ArgumentError (it would mean the current folder); an empty BASEL_OUT counts as unset.
 */
export function resolveOutDir(flag?: string, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  if (flag !== undefined) {
    if (flag.trim() === '') throw new ArgumentError('--out must name a folder (got "")');
    return resolve(cwd, flag);
  }
  const fromEnv = env[OUT_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return resolve(cwd, fromEnv);
  return join(projectRoot(cwd), DEFAULT_OUT_NAME);
}

/** The nearest folder at or above `start` holding a package.json, else `start`. */
export function projectRoot(start: string): string {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(start);
    dir = parent;
  }
}

/** Kernel pseudo-filesystems, where nothing of ours belongs (Node's recursive mkdir spins on procfs). */
const FORBIDDEN_ROOTS = ['/proc', '/sys', '/dev'];

/**
 * Check, before any work, that `dir` can be the output folder: not under /proc, /sys or /dev, and either
 * an existing writable folder or creatable (its nearest existing ancestor is a writable folder).
 * Throws ArgumentError naming `option`, the path and the reason. Creates nothing.
 */
export function checkOutDir(dir: string, option = '--out'): void {
  const fail = (why: string): never => {
    throw new ArgumentError(`${option} ${dir}: ${why}`);
  };
  let existing = resolve(dir);
  while (!existsSync(existing)) {
    if (isSymlink(existing)) fail(`${existing} is a symbolic link to nothing (${readlinkSync(existing)})`);
    const parent = dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  let real: string;
  try {
    real = realpathSync(existing);
  } catch {
    return fail(`cannot resolve ${existing}`);
  }
  for (const root of FORBIDDEN_ROOTS) {
    if (real === root || real.startsWith(root + sep))
      fail(`is under ${root}, a kernel filesystem; choose a folder of your own`);
  }
  if (!statSync(real).isDirectory()) fail(`${existing} is not a folder`);
  try {
    accessSync(real, constants.W_OK | constants.X_OK);
  } catch {
    fail(`${existing} is not writable`);
  }
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Lower-case a name and keep only [a-z0-9-], at most 40 characters, never empty: safe as a file name. */
export function slug(text: string): string {
  const cleaned = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return cleaned.length > 0 ? cleaned : 'machine';
}

/** A machine record's path relative to the output folder: `machines/<slug of id>.json`. */
export function machineFileRelative(id: string): string {
  return `machines/${slug(id)}.json`;
}

/** A machine record's path: `<outDir>/machines/<slug of id>.json`, a pure function of the id. */
export function machineFilePath(outDir: string, id: string): string {
  return join(outDir, ...machineFileRelative(id).split('/'));
}

function findPackageRoot(start: string): string {
  let dir = start;
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'basel-lab') return dir;
    } catch {
      // not here; keep climbing
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`basel-lab: cannot find the package root above ${start}`);
    dir = parent;
  }
}
