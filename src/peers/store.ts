// The peers file on disk, beside the sweeps' results: <out>/results/<machine-id>/peers-<profile>.json.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Profile } from '../results/schema.js';
import { writeJsonAtomic } from '../util/atomic.js';
import { UserError } from '../util/errors.js';
import { PEERS_VERSION, PeersFileSchema, type PeersFile } from './schema.js';

/** Where a machine's peers at a profile live: a pure function of the output folder, machine id and profile. */
export function peersPath(outDir: string, machineId: string, profile: Profile): string {
  return join(outDir, 'results', machineId, `peers-${profile}.json`);
}

const LEAVE_IT = 'it was left untouched: move it away (or pick another --out folder) and re-run';

/**
 * Check `value` against the peers schema; a UserError naming `where`, the first bad field and what to do
 * if it is not a peers file of this version.
 */
export function parsePeersFile(value: unknown, where: string): PeersFile {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new UserError(`${where} is not a basel-lab peers file (not a JSON object); ${LEAVE_IT}`);
  const version = (value as { version?: unknown }).version;
  if (version !== PEERS_VERSION)
    throw new UserError(
      `${where} has peers format version ${JSON.stringify(version ?? null)}, but this basel-lab reads version ${PEERS_VERSION}; ${LEAVE_IT}`,
    );
  const parsed = PeersFileSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('') ?? '';
  throw new UserError(
    `${where} has ${field === '' ? 'a bad top level' : field.replace(/^\./, '')}: ${issue?.message ?? 'not a peers file'}; ${LEAVE_IT}`,
  );
}

/** The peers file at `path`: undefined if there is none, else parsed and checked (UserError naming it). */
export function readPeersFile(path: string): PeersFile | undefined {
  if (!existsSync(path)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UserError(`${path} is not readable JSON (${(error as Error).message}); ${LEAVE_IT}`);
  }
  return parsePeersFile(value, path);
}

/** Write `file` to its path under `outDir`, atomically; returns the path. */
export function savePeers(outDir: string, file: PeersFile): string {
  const path = peersPath(outDir, file.machineId, file.profile);
  writeJsonAtomic(path, file);
  return path;
}
