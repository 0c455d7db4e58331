// Test helper run as its own process: one small `n` sweep in this process (no children), so tests can
// run two at once against one results file. argv: outDir machineId variants(comma-separated) nGrid(comma-separated).
import { runSweep } from '../src/measure/sweep.js';
import { PROFILE_SETTINGS } from '../src/measure/profiles.js';

const [outDir, machineId, variants, grid] = process.argv.slice(2) as [string, string, string, string];
const smoke = PROFILE_SETTINGS.smoke;
const file = await runSweep('n', {
  profile: 'smoke',
  outDir,
  machineId,
  variants: variants.split(','),
  isolate: 'none',
  settings: {
    nGrid: grid.split(',').map(Number),
    busySampleMs: 10,
    measure: { ...smoke.measure, warmupRuns: 0, minSamples: 2, maxSamples: 3, minTimeMs: 0, minSampleMs: 0.05 },
  },
});
process.stdout.write(`${file.points.length}\n`);
