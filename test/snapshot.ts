// Snapshot assertions: compare a value with test/fixtures/snapshots/<name>.json; on a mismatch write
// <name>-changed.json beside it. To accept changes: UPDATE_SNAPSHOTS=1 npm test (then review the diff).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from './helpers.js';

export const SNAPSHOTS = join(FIXTURES, 'snapshots');

/** Assert `value` serialises (JSON, 2-space indent) exactly as the stored snapshot `name`. */
export function assertSnapshot(name: string, value: unknown): void {
  const expectedPath = join(SNAPSHOTS, `${name}.json`);
  const changedPath = join(SNAPSHOTS, `${name}-changed.json`);
  const actual = `${JSON.stringify(value, null, 2)}\n`;
  mkdirSync(SNAPSHOTS, { recursive: true });
  if (process.env.UPDATE_SNAPSHOTS === '1') {
    writeFileSync(expectedPath, actual);
    rmSync(changedPath, { force: true });
    return;
  }
  const expected = existsSync(expectedPath) ? readFileSync(expectedPath, 'utf8') : undefined;
  if (expected === actual) {
    rmSync(changedPath, { force: true });
    return;
  }
  writeFileSync(changedPath, actual);
  assert.fail(
    expected === undefined
      ? `snapshot ${name} does not exist; wrote ${changedPath}. Run UPDATE_SNAPSHOTS=1 npm test to create it.`
      : `snapshot ${name} differs; wrote ${changedPath}. Compare it with ${expectedPath}; if the change is intended, run UPDATE_SNAPSHOTS=1 npm test.`,
  );
}
