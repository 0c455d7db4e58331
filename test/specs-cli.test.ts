// `basel-lab specs` end to end: writes the record, prints a table or exactly the record as JSON.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { machineId } from '../src/machine/id.js';
import { loadMachines } from '../src/machine/store.js';
import { runCli, tempDir } from './helpers.js';

describe('basel-lab specs', () => {
  it('--json prints exactly the record it writes to <out>/machines/<id>.json', () => {
    const out = tempDir();
    const result = runCli(['specs', '--json', '--out', out]);
    assert.equal(result.status, 0, result.stderr);
    const printed = JSON.parse(result.stdout) as { id: string; version: number };
    const file = join(out, 'machines', `${machineId()}.json`);
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), printed);
    assert.equal(printed.id, machineId());
    assert.deepEqual(
      loadMachines(out).map((m) => m.id),
      ['reference-m1-pro', machineId()],
    );
  });

  it('keeps the stored probe when run again without --probe, and says so', () => {
    const out = tempDir();
    assert.equal(runCli(['specs', '--probe', '--profile', 'smoke', '--quiet', '--out', out]).status, 0);
    const file = join(out, 'machines', `${machineId()}.json`);
    const probed = JSON.parse(readFileSync(file, 'utf8')) as { probe: unknown };
    assert.notEqual(probed.probe, null);
    const again = runCli(['specs', '--out', out]);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stderr, /specs: kept the probe stored in .*\(--probe measures it again\)/);
    assert.deepEqual((JSON.parse(readFileSync(file, 'utf8')) as { probe: unknown }).probe, probed.probe);
  });

  it('prints a readable table and where it recorded', () => {
    const out = tempDir();
    const result = runCli(['specs', '--out', out]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^machine {3}/);
    assert.match(result.stdout, /cache +cores +per instance/);
    assert.ok(result.stdout.includes(`recorded ${join(out, 'machines', `${machineId()}.json`)}`));
  });
});
