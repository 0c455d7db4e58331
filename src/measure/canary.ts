// The machine's speed right now, from a fixed compute loop the sweep runs in its own process between
// points (no child is measuring then). On a VM the host can slow the guest for minutes — more time for
// other guests, a lower clock — and the guest sees no steal time; a fixed loop that takes longer says so.
import { nowNs, elapsedMs } from './clock.js';
import { median } from './stats.js';

/** Terms of the canary loop: ≈ 4 ms on a 2020s core (one divide per term). */
export const CANARY_TERMS = 3_500_000;
/** Runs per reading, of which the median counts (a run that lost the core to another process does not). */
export const CANARY_RUNS = 5;

/** Where every canary sum goes, exported like measure.ts's resultSink so the JIT cannot drop the loop. */
export let canarySink = 0;

/**
 * Its own loop rather than the `loop` kernel's, on purpose: the canary must stay the same code when the
 * kernels are tuned, or readings from two versions of the package would not compare.
 */
function canaryLoop(terms: number): number {
  let sum = 0;
  for (let i = 1; i <= terms; i++) sum += 1 / (i * i);
  return sum;
}

/** One reading: the median milliseconds of CANARY_RUNS runs of the canary loop (≈ 20 ms in all). */
export function measureCanaryMs(terms = CANARY_TERMS, runs = CANARY_RUNS): number {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = nowNs();
    canarySink += canaryLoop(terms);
    times.push(elapsedMs(start, nowNs()));
  }
  return median(times);
}
