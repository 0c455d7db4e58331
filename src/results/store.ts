// The versioned results store on disk: <out>/results/<machine-id>/<kind>-<profile>.json.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../util/errors.js';
import { writeJsonAtomic } from '../util/atomic.js';
import {
  PROFILES,
  RESULTS_VERSION,
  SWEEP_KINDS,
  type PointParams,
  type Profile,
  type ResultsFile,
  type SweepKind,
} from './schema.js';

/** Where a sweep's results live: a pure function of the output folder, machine id, kind and profile. */
export function resultsPath(outDir: string, machineId: string, kind: SweepKind, profile: Profile): string {
  return join(outDir, 'results', machineId, `${kind}-${profile}.json`);
}

/**
 * The stable identity of a point within its file, from its params only: `variant|n=…` plus each
 * option it was run with, e.g. `chunked|n=1000000|chunk=20000`. Resuming matches points by it.
 */
export function pointKey(params: PointParams): string {
  const parts = [params.variant, `n=${params.n}`];
  if (params.chunk !== undefined) parts.push(`chunk=${params.chunk}`);
  if (params.workers !== undefined) parts.push(`workers=${params.workers}`);
  if (params.inner !== undefined) parts.push(`inner=${params.inner}`);
  return parts.join('|');
}

const LEAVE_IT = 'it was left untouched: move it away (or pick another --out folder) and re-run';

/**
 * Read the results file at `path`: undefined if there is none; a UserError naming the file and what
 * to do if it does not parse, is not a results file, or has another format version. Never modifies
 * the file.
 */
export function readResultsFile(path: string): ResultsFile | undefined {
  if (!existsSync(path)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UserError(`${path} is not valid JSON (${(error as Error).message}); ${LEAVE_IT}`);
  }
  const problem = describeProblem(value);
  if (problem !== null) throw new UserError(`${path} ${problem}; ${LEAVE_IT}`);
  return value as ResultsFile;
}

/** Why `value` is not a results file of this version, or null if it is one. */
function describeProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'is not a basel-lab results file (not a JSON object)';
  const file = value as Partial<Record<keyof ResultsFile, unknown>>;
  if (file.version !== RESULTS_VERSION) {
    return `has results format version ${JSON.stringify(file.version ?? null)}, but this basel-lab reads version ${RESULTS_VERSION}`;
  }
  if (!(SWEEP_KINDS as readonly unknown[]).includes(file.kind))
    return `has an unknown sweep kind ${JSON.stringify(file.kind)}`;
  if (!(PROFILES as readonly unknown[]).includes(file.profile))
    return `has an unknown profile ${JSON.stringify(file.profile)}`;
  if (typeof file.machineId !== 'string') return 'has no machineId';
  if (!Array.isArray(file.points)) return 'has no points array';
  for (const point of file.points as unknown[]) {
    const p = point as { key?: unknown; status?: unknown; params?: unknown } | null;
    if (typeof p !== 'object' || p === null || typeof p.key !== 'string' || typeof p.params !== 'object')
      return 'has a malformed point';
    if (p.status !== 'ok' && p.status !== 'skipped' && p.status !== 'failed')
      return `has a point with unknown status ${JSON.stringify(p.status)}`;
  }
  return null;
}

/** Write `file` to its path under `outDir`, atomically; returns the path. */
export function saveResults(outDir: string, file: ResultsFile): string {
  const path = resultsPath(outDir, file.machineId, file.kind, file.profile);
  writeJsonAtomic(path, file);
  return path;
}

export interface ResultsEntry {
  path: string;
  machineId: string;
  kind: SweepKind;
  profile: Profile;
}

const FILE_NAME = new RegExp(`^(${SWEEP_KINDS.join('|')})-(${PROFILES.join('|')})\\.json$`);

/** Every results file under `<outDir>/results/`, sorted by machine id, kind and profile. Reads names only. */
export function listResults(outDir: string): ResultsEntry[] {
  const root = join(outDir, 'results');
  if (!existsSync(root)) return [];
  const entries: ResultsEntry[] = [];
  for (const machine of readdirSync(root, { withFileTypes: true })) {
    if (!machine.isDirectory()) continue;
    for (const name of readdirSync(join(root, machine.name))) {
      const match = FILE_NAME.exec(name);
      if (match === null) continue;
      entries.push({
        path: join(root, machine.name, name),
        machineId: machine.name,
        kind: match[1] as SweepKind,
        profile: match[2] as Profile,
      });
    }
  }
  const order = (entry: ResultsEntry): string =>
    `${entry.machineId}\u0000${SWEEP_KINDS.indexOf(entry.kind)}\u0000${PROFILES.indexOf(entry.profile)}`;
  return entries.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}

/**
 * Load every results file under `<outDir>/results/` (see listResults). A file that does not parse or
 * has another version is a UserError naming it; nothing is modified.
 */
export function loadResults(outDir: string): ResultsFile[] {
  return listResults(outDir).map((entry) => readResultsFile(entry.path) as ResultsFile);
}
