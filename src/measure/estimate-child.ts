// A fresh process that estimates a sweep's points (estimatePointsMs) and prints the estimates as JSON on
// stdout: the planner's small-N timings then do not depend on what the sweep's own process ran before
// (estimated after the steps sweep in the same process, the chunk sweep came out at 1m44s; it took 1m13s).
// The harness's cost per run is measured first, with only what a measuring child loads (child-entry.ts):
// a collection costs with the heap, and the planner's modules doubled it here (7.4 against 3.4 ms).
import '../kernels/registry.js';
import { dieWithParent } from '../util/parent-watch.js';
import { measureRunOverheadMs } from './measure.js';
import type { EstimateRequest } from './series-plan.js';

dieWithParent({ group: false });
const runOverheadMs = await measureRunOverheadMs();
let input = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) input += chunk as string;
const request = JSON.parse(input) as EstimateRequest;
const { estimatePointsMs } = await import('./series-plan.js');
const estimates = await estimatePointsMs(
  request.points,
  request.settings,
  request.timeSteps,
  request.budget,
  request.isolated,
  runOverheadMs,
);
process.stdout.write(JSON.stringify(estimates));
process.exit(0); // the parent watchdog's thread would keep the process alive
