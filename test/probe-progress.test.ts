// The probe's progress: the time it has left at its pace so far, and the plain line that says so.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { probeLine } from '../src/cli/specs.js';
import { PROBE_PACE_MIN_MS, probeLeftMs, probeShareDone } from '../src/machine/probe-estimate.js';
import type { ProbeProgress } from '../src/machine/probe.js';

const task = { section: 'tlb', layout: 'spread', bytes: 4096, loads: 1, repeats: 1 } as const;
const progress = (doneMs: number, measuredMs: number, totalMs = 100, elapsedMs = 0): ProbeProgress => ({
  section: 'tlb',
  task,
  doneMs,
  totalMs,
  measuredMs,
  elapsedMs,
});

describe('the probe’s time left', () => {
  it('scales what is left by real time over the estimated time measured so far', () => {
    // 10 estimated s measured in 20 real s: twice the estimate, so the 60 left take 120.
    assert.equal(probeLeftMs(progress(40_000, 10_000, 100_000, 20_000)), 120_000);
  });

  it('does not count skipped tasks in the pace (they took no time)', () => {
    // 30 of the 40 done were skipped past an early stop: the pace is still 2× the estimate.
    assert.equal(probeLeftMs(progress(40_000, 10_000, 100_000, 20_000)), 2 * 60_000);
    // Counted as measured, the same 40 would have claimed a pace twice as fast as the estimate.
    assert.equal(probeLeftMs(progress(40_000, 40_000, 100_000, 20_000)), 30_000);
  });

  it('says nothing before a task was measured or in the first seconds, and nothing left at the end', () => {
    assert.equal(probeLeftMs(progress(30, 0, 100, 5_000)), null);
    assert.equal(probeLeftMs(progress(1, 1, 100, PROBE_PACE_MIN_MS - 1)), null, 'one tiny size is no pace');
    assert.equal(probeLeftMs(progress(100, 80, 100, 5_000)), 0);
  });

  it('counts the share done of the work to do, skipped tasks out of both', () => {
    assert.equal(probeShareDone(progress(50, 50)), 0.5);
    assert.equal(probeShareDone(progress(80, 20)), 0.5, '60 skipped of 100: 20 of the 40 to do');
    assert.equal(probeShareDone(progress(100, 0)), 1, 'everything skipped');
  });

  it('prints a line with the section, time in, share done and time left', () => {
    // 66 of the 76 done were skipped: 10 of the 34 to do are done.
    assert.equal(probeLine(progress(76, 10, 100, 10_200)), 'probe: tlb (10.2 s in, about 29% done, ~24s left)');
    assert.equal(probeLine(progress(0, 0, 100, 100)), 'probe: tlb (0.1 s in, about 0% done)');
  });
});
