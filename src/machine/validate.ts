// Checking a machine record read from disk, which may come from another (possibly hostile) machine or an older basel-lab.
import { UserError } from '../util/errors.js';
import { MACHINE_VERSION, type MachineRecord } from './record.js';
import { formatIssuePath, MACHINE_RECORD, MACHINE_RECORD_V1 } from './schema.js';
import { upgradeMachineRecord } from './upgrade.js';

const REMEDY = 're-run `basel-lab specs` on that machine or remove the file';

/**
 * The record in `value` as the current version: a version 2 record checked against MACHINE_RECORD,
 * a version 1 record checked against MACHINE_RECORD_V1 and upgraded. Throws UserError naming `file`,
 * the first bad field and what it must be, or the unknown version.
 */
export function validateMachineRecord(value: unknown, file: string): MachineRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new UserError(`${file}: the record must be an object; ${REMEDY}`);
  const version = (value as { version?: unknown }).version;
  if (version !== 1 && version !== MACHINE_VERSION) {
    throw new UserError(
      `${file}: machine record version ${JSON.stringify(version)} is not ${MACHINE_VERSION} (or 1, which is upgraded); ${REMEDY}`,
    );
  }
  const parsed = version === 1 ? MACHINE_RECORD_V1.safeParse(value) : MACHINE_RECORD.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UserError(`${file}: ${formatIssuePath(issue.path)} ${issue.message}; ${REMEDY}`);
  }
  return parsed.data.version === 1 ? upgradeMachineRecord(parsed.data) : parsed.data;
}
