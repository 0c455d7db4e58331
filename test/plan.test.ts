// The plan `report` prints before it starts: every sweep's points, what is already stored, peers and chapters.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHAPTERS } from '../src/chapters/manifest.js';
import { runSweep } from '../src/measure/sweep.js';
import { machineId } from '../src/machine/id.js';
import { describePlan, planReport } from '../src/pipeline/plan.js';
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

  const chunk = await runSweep('chunk', { profile: 'smoke', outDir: out, machineId: machineId() });
  const after = await planReport(out, 'smoke', null);
  const planned = after.sweeps.find((s) => s.kind === 'chunk')!;
  assert.equal(planned.stored, chunk.points.filter((p) => p.status !== 'failed').length);
  // Every point stored: nothing left to estimate.
  assert.equal(planned.stored, planned.points);
  assert.equal(planned.estimatedMs, 0);
  assert.equal(after.chapters, null);
  assert.match(
    describePlan(after),
    new RegExp(
      `^plan \\(smoke\\): .*n \\d+ points \\(est\\. ~\\w+\\).*chunk ${planned.points} points \\(${planned.stored} stored\\) .*est\\. ~\\w+ in all, from timing each series at small N.*the notebooks given, then the page \\(not planned: the probe, the peers and the chapters; each shows its progress as it runs\\)$`,
    ),
  );
});
