// Saving this machine's record and loading every recorded machine (plus the article's reference) for the report.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../util/errors.js';
import { writeJsonAtomic } from '../util/atomic.js';
import { withFileLock } from '../util/file-lock.js';
import { machineFilePath } from '../util/paths.js';
import type { MachineRecord } from './record.js';
import { REFERENCE_M1_PRO } from './reference-m1-pro.js';
import { validateMachineRecord } from './validate.js';

/** Write the record atomically, one writer at a time (under `<file>.lock`), and return where it went. */
export function saveMachine(outDir: string, record: MachineRecord): string {
  const path = machineFilePath(outDir, record.id);
  withFileLock(`${path}.lock`, `saving machine ${record.id}`, () => writeJsonAtomic(path, record));
  return path;
}

/** Read and check one record file; UserError naming the file when it is unreadable, not JSON or not a record. */
export function loadMachineFile(path: string): MachineRecord {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UserError(
      `cannot read machine record ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UserError(`${path}: not valid JSON; re-run \`basel-lab specs\` on that machine or remove the file`);
  }
  return validateMachineRecord(value, path);
}

/**
 * Every machine recorded under `<outDir>/machines/`, sorted by id, after the article's reference
 * machine. A missing folder means no local machines. A bad file is a UserError naming it, unless
 * `onBadFile` is given: then it is skipped and `onBadFile` gets the one-line reason.
 */
export function loadMachines(outDir: string, onBadFile?: (message: string) => void): MachineRecord[] {
  const dir = join(outDir, 'machines');
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [REFERENCE_M1_PRO];
    throw new UserError(`cannot list ${dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const records: MachineRecord[] = [];
  for (const name of names) {
    try {
      records.push(loadMachineFile(join(dir, name)));
    } catch (error) {
      if (onBadFile === undefined || !(error instanceof UserError)) throw error;
      onBadFile(error.message);
    }
  }
  return [REFERENCE_M1_PRO, ...records];
}
