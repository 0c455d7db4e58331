// A fresh process that estimates a sweep's points (estimatePointsMs) and prints the estimates as JSON on
// stdout: the planner's small-N timings then do not depend on what the sweep's own process ran before
// (estimated after the steps sweep in the same process, the chunk sweep came out at 1m44s; it took 1m13s).
import { dieWithParent } from '../util/parent-watch.js';
import type { EstimateRequest } from './series-plan.js';
import { estimatePointsMs } from './series-plan.js';

dieWithParent({ group: false });
let input = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) input += chunk as string;
const request = JSON.parse(input) as EstimateRequest;
const estimates = await estimatePointsMs(
  request.points,
  request.settings,
  request.timeSteps,
  request.budget,
  request.isolated,
);
process.stdout.write(JSON.stringify(estimates));
process.exit(0); // the parent watchdog's thread would keep the process alive
