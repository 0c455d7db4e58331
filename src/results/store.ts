// The versioned results store on disk: <out>/results/<machine-id>/<kind>-<profile>.json.
import { existsSync, readdirSync, readFileSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../util/errors.js';
import { writeJsonAtomic } from '../util/atomic.js';
import { withFileLock } from '../util/file-lock.js';
import type { z } from 'zod';
import {
  PROFILES,
  RESULTS_VERSION,
  ResultsFileSchema,
  SWEEP_KINDS,
  type Point,
  type PointParams,
  type Profile,
  type ResultsFile,
  type SweepKind,
} from './schema.js';
import { skipFromV1Reason } from './upgrade.js';

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
  if (params.memory !== undefined) parts.push(`memory=${params.memory}`);
  return parts.join('|');
}

const LEAVE_IT = 'it was left untouched: move it away (or pick another --out folder) and re-run';

/**
 * Read the results file at `path`: undefined if there is none; a UserError naming the file, the field
 * and what to do if it does not parse, is not a results file, or has an unknown format version. A
 * version-1 file is upgraded in memory (its skip sentences become structured skips; every point is
 * kept). Never modifies the file.
 */
export function readResultsFile(path: string): ResultsFile | undefined {
  if (!existsSync(path)) return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UserError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}; ${LEAVE_IT}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${path} is not valid JSON (${(error as Error).message}); ${LEAVE_IT}`);
  }
  return parseResultsFile(value, path);
}

/** Check `value` against the results schema (upgrading version 1); UserError naming `where` and the first bad field. */
export function parseResultsFile(value: unknown, where: string): ResultsFile {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UserError(`${where} is not a basel-lab results file (not a JSON object); ${LEAVE_IT}`);
  }
  const version = (value as { version?: unknown }).version;
  if (version !== RESULTS_VERSION && version !== 1) {
    throw new UserError(
      `${where} has results format version ${JSON.stringify(version ?? null)}, but this basel-lab reads versions 1 and ${RESULTS_VERSION}; ${LEAVE_IT}`,
    );
  }
  const parsed = ResultsFileSchema.safeParse(version === 1 ? upgradeV1(value as Record<string, unknown>) : value);
  if (!parsed.success) throw new UserError(`${where} ${describeIssue(parsed.error.issues[0])}; ${LEAVE_IT}`);
  return parsed.data;
}

/** A version-1 file in the version-2 shape: each skipped point gains its structured `skip`. Pure. */
function upgradeV1(file: Record<string, unknown>): Record<string, unknown> {
  const parameters = file.parameters as { maxSampleMs?: unknown } | undefined;
  const maxSampleMs = typeof parameters?.maxSampleMs === 'number' ? parameters.maxSampleMs : null;
  const points = Array.isArray(file.points)
    ? file.points.map((point: unknown) => {
        const p = point as { status?: unknown; reason?: unknown } | null;
        if (p === null || typeof p !== 'object' || p.status !== 'skipped' || typeof p.reason !== 'string') return point;
        return { ...p, skip: skipFromV1Reason(p.reason, maxSampleMs) };
      })
    : file.points;
  return { ...file, version: RESULTS_VERSION, points };
}

/** "has points[3].stats.medianMs: must be a finite number" from a zod issue. */
function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (issue === undefined) return 'is not a valid results file';
  const field = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('');
  return `has ${field === '' ? 'a bad top level' : field.replace(/^\./, '')}: ${issue.message}`;
}

/** What a results file must say it is to be read at a path: the machine, kind and profile its path names. */
export interface ResultsIdentity {
  machineId: string;
  kind: SweepKind;
  profile: Profile;
}

/**
 * readResultsFile, refusing (UserError) a file whose machine id, kind or profile disagrees with
 * `identity` — the one its path names —, which would otherwise be merged and shown as this one's data.
 */
export function readResultsAt(path: string, identity: ResultsIdentity): ResultsFile | undefined {
  const results = readResultsFile(path);
  if (results === undefined) return undefined;
  const mismatch = (['machineId', 'kind', 'profile'] as const).find((field) => results[field] !== identity[field]);
  if (mismatch !== undefined) {
    throw new UserError(
      `${path} has ${mismatch} ${JSON.stringify(results[mismatch])} but is stored as ${JSON.stringify(identity[mismatch])}; it was not used: move it to its own path or remove it`,
    );
  }
  return results;
}

/** The lock file that serialises writers of the results file at `path`. */
export function resultsLockPath(path: string): string {
  return `${path}.lock`;
}

export interface MergeOptions {
  /** Keys this run measured: ours win over the file's. */
  own: ReadonlySet<string>;
  /** Points this run threw away (--fresh), by key → finishedAt: the file's copy of exactly these is dropped. */
  discarded?: ReadonlyMap<string, string>;
  /** Recompute derived fields (crossovers, warnings) of the merged file. */
  finish?: (file: ResultsFile) => void;
}

/**
 * Our file merged with the one on disk, so concurrent writers keep each other's points: our own points
 * win; every other point on disk (another run's) is kept, except the copies a fresh start discarded;
 * points only we have are kept. Order: ours first, then the file's extra points. Pure.
 */
export function mergeResults(ours: ResultsFile, onDisk: ResultsFile | undefined, options: MergeOptions): ResultsFile {
  if (onDisk === undefined) return ours;
  const byKey = new Map<string, Point>(ours.points.map((point) => [point.key, point]));
  for (const point of onDisk.points) {
    if (options.own.has(point.key)) continue;
    if (options.discarded?.get(point.key) === point.finishedAt) continue;
    byKey.set(point.key, point);
  }
  const startedAt = onDisk.startedAt < ours.startedAt ? onDisk.startedAt : ours.startedAt;
  const merged: ResultsFile = { ...ours, startedAt, points: [...byKey.values()] };
  options.finish?.(merged);
  return merged;
}

/**
 * Save `file` under the results file's lock: re-read what is on disk (another run may have added
 * points since), merge (see mergeResults), write atomically. Returns the merged file as written.
 */
export function saveResultsMerged(outDir: string, file: ResultsFile, options: MergeOptions): ResultsFile {
  const path = resultsPath(outDir, file.machineId, file.kind, file.profile);
  return withFileLock(resultsLockPath(path), `saving ${file.kind}-${file.profile} results`, () => {
    const merged = mergeResults(file, readResultsAt(path, file), options);
    writeJsonAtomic(path, merged);
    return merged;
  });
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
  for (const machine of listFolder(root, { withFileTypes: true })) {
    if (!machine.isDirectory()) continue;
    for (const name of listFolder(join(root, machine.name))) {
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

function listFolder(dir: string): string[];
function listFolder(dir: string, options: { withFileTypes: true }): Dirent[];
/** readdirSync, with a UserError naming the folder (e.g. results/ is a file) instead of a raw errno. */
function listFolder(dir: string, options?: { withFileTypes: true }): string[] | Dirent[] {
  try {
    return options === undefined ? readdirSync(dir) : readdirSync(dir, options);
  } catch (error) {
    throw new UserError(
      `cannot list ${dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}; it must be a folder of results files`,
    );
  }
}

/**
 * Load every results file under `<outDir>/results/` (see listResults). A file that does not parse or
 * has another version is a UserError naming it; nothing is modified.
 */
export function loadResults(outDir: string): ResultsFile[] {
  return listResults(outDir).map((entry) => readResultsFile(entry.path) as ResultsFile);
}
