// The plan `report` prints before it starts: every sweep's points, what is already stored, peers and chapters.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHAPTERS } from '../src/chapters/manifest.js';
import { runSweep } from '../src/measure/sweep.js';
import { machineId } from '../src/machine/id.js';
import { describePlan, planReport } from '../src/pipeline/plan.js';
import { recordMachineIfMissing } from '../src/pipeline/record-machine.js';
import { NOTEBOOKS_DIR } from '../src/util/paths.js';
import { tempDir } from './helpers.js';

test('the plan counts each sweep’s points and the ones already stored, the peer runs and the chapters', async () => {
  const out = tempDir();
  const empty = await planReport(out, 'smoke', NOTEBOOKS_DIR);
  assert.deepEqual(
    empty.sweeps.map((s) => s.kind),
    ['n', 'steps', 'chunk', 'workers'],
  );
  assert.ok(empty.sweeps.every((s) => s.points > 0 && s.stored === 0 && s.estimatedMs > 0));
  assert.equal(empty.chapters, CHAPTERS.length);
  assert.ok(empty.peerRuns > 0);
  assert.ok(empty.probeMs !== null && empty.probeMs > 0, 'no machine recorded yet: the probe is planned');
  assert.match(
    describePlan(empty),
    /^plan \(smoke\): specs and probe \(est\. ~\w+, from typical latencies and bandwidths\), /,
  );
  assert.match(describePlan(empty), /in all, from timing each series at small N; with the probe ~\w+\)/);

  const chunk = await runSweep('chunk', { profile: 'smoke', outDir: out, machineId: machineId() });
  await recordMachineIfMissing(out, 'smoke', {}); // a smoke probe, fine enough for smoke
  const after = await planReport(out, 'smoke', null);
  assert.equal(after.probeMs, null);
  const planned = after.sweeps.find((s) => s.kind === 'chunk')!;
  assert.equal(planned.stored, chunk.points.filter((p) => p.status !== 'failed').length);
  // Every point stored: nothing left to estimate.
  assert.equal(planned.stored, planned.points);
  assert.equal(planned.estimatedMs, 0);
  assert.equal(after.chapters, null);
  assert.match(
    describePlan(after),
    new RegExp(
      `^plan \\(smoke\\): specs and probe already recorded, sweeps n \\d+ points \\(est\\. ~\\w+\\).*chunk ${planned.points} points \\(${planned.stored} stored\\) .*est\\. ~\\w+ in all, from timing each series at small N.*the notebooks given, then the page \\(not planned: the peers and the chapters; each shows an ETA as it runs\\)$`,
    ),
  );
});
