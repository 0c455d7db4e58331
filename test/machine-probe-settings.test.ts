// Probe settings per profile: the plan on a machine, truncation, and when a stored probe may be reused.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProbeResult, ProbeSettings } from '../src/machine/record.js';
import { planProbe, probeSatisfies, probeShortfalls } from '../src/machine/probe-settings.js';
import { PROFILE_SETTINGS } from '../src/measure/profiles.js';
import { PROFILES } from '../src/results/schema.js';
import { cache, KiB, MiB } from './machine-fixtures.js';

const CACHES = [cache(1, 'data', 32 * KiB, 1), cache(3, 'unified', 32 * MiB, 2)];

/** A probe as probeMachine would record it at `settings`, every section present (empty). */
function probeAt(settings: ProbeSettings, extra: Partial<ProbeResult> = {}): ProbeResult {
  return {
    method: 'test',
    points: [],
    boundaries: [],
    elapsedMs: 1,
    profile: 'quick',
    settings,
    coverage: { maxBytes: 128 * MiB, wantedMaxBytes: 128 * MiB, llcBytes: 32 * MiB, truncated: false, reason: null },
    tlb: {
      method: '',
      spread: [],
      pages: {
        pageBytes: 4096,
        transparentHugePages: null,
        hugePagesUsedBytes: null,
        hugePages: { used: false, reason: '' },
      },
      elapsedMs: 0,
    },
    bandwidth: { method: '', curves: [], elapsedMs: 0 },
    firstTouch: { method: '', pageBytes: 4096, points: [], elapsedMs: 0 },
    compute: { method: '', ceilings: [], elapsedMs: 0 },
    ...extra,
  };
}

describe('probe plan', () => {
  it('runs the quick grid from 4 KiB to 4× the last-level cache, on 1 thread and all cores', () => {
    const plan = planProbe(PROFILE_SETTINGS.quick.probe, {
      caches: CACHES,
      memoryBudgetBytes: 8 * 1024 * MiB,
      cores: 2,
    });
    assert.equal(plan.sizes[0], 4096);
    assert.equal(plan.sizes[plan.sizes.length - 1], 128 * MiB);
    assert.equal(plan.sizes.length, 4 * 15 + 1);
    assert.deepEqual(plan.threads, [1, 2]);
    assert.equal(plan.spreadSizes[plan.spreadSizes.length - 1], 2 * MiB);
    assert.deepEqual(plan.firstTouchBytes, [8e5, 8e6, 8e7, 8e8]);
    assert.deepEqual(plan.coverage, {
      maxBytes: 128 * MiB,
      wantedMaxBytes: 128 * MiB,
      llcBytes: 32 * MiB,
      truncated: false,
      reason: null,
    });
  });

  it('cuts the grid short when memory is tight, and says so', () => {
    const plan = planProbe(PROFILE_SETTINGS.quick.probe, { caches: CACHES, memoryBudgetBytes: 100 * MiB, cores: 2 });
    assert.ok(plan.sizes[plan.sizes.length - 1]! <= 50 * MiB);
    assert.equal(plan.coverage.truncated, true);
    assert.match(plan.coverage.reason!, /^memory: 2 threads × 134217728 bytes exceed/);
    assert.deepEqual(plan.firstTouchBytes, [8e5, 8e6]);
  });

  it('is not truncated when the wanted size falls between grid points (so a stored probe is reused, not re-run)', () => {
    // A VM's CPUID can report an odd last-level cache (508 MiB here): 4× that is off the grid, whose last
    // point rounds just past it and is dropped. Nothing cut the grid; a re-run would end at the same size.
    const plan = planProbe(PROFILE_SETTINGS.quick.probe, {
      caches: [cache(3, 'unified', 532_676_608, 2)],
      memoryBudgetBytes: 64 * 1024 * MiB,
      cores: 2,
    });
    assert.ok(plan.coverage.maxBytes < plan.coverage.wantedMaxBytes);
    assert.ok(plan.coverage.maxBytes * 2 ** (1 / 4) >= plan.coverage.wantedMaxBytes * 0.99, 'within a grid step');
    assert.equal(plan.coverage.truncated, false);
    assert.equal(plan.coverage.reason, null);
  });

  it('ends at the floor when no cache size is recorded, with one thread on one core', () => {
    const plan = planProbe(PROFILE_SETTINGS.quick.probe, { caches: [], memoryBudgetBytes: null, cores: 1 });
    assert.equal(plan.sizes[plan.sizes.length - 1], 64 * MiB);
    assert.equal(plan.coverage.llcBytes, null);
    assert.deepEqual(plan.threads, [1]);
  });

  it('has finer settings at each larger profile', () => {
    for (const [coarse, fine] of [
      ['smoke', 'quick'],
      ['quick', 'full'],
    ] as const) {
      assert.ok(
        probeSatisfies(probeAt(PROFILE_SETTINGS[fine].probe), PROFILE_SETTINGS[coarse].probe, coarse),
        `${fine} covers ${coarse}`,
      );
      assert.ok(
        !probeSatisfies(probeAt(PROFILE_SETTINGS[coarse].probe), PROFILE_SETTINGS[fine].probe, fine),
        `${coarse} does not cover ${fine}`,
      );
    }
  });
});

describe('probeSatisfies', () => {
  it('reuses a probe for its own profile', () => {
    for (const profile of PROFILES)
      assert.deepEqual(
        probeShortfalls(probeAt(PROFILE_SETTINGS[profile].probe), PROFILE_SETTINGS[profile].probe, profile),
        [],
      );
  });

  it('never reuses a smoke probe, cut off at 8 MiB, for quick', () => {
    const shortfalls = probeShortfalls(probeAt(PROFILE_SETTINGS.smoke.probe), PROFILE_SETTINGS['quick'].probe, 'quick');
    assert.ok(shortfalls.includes("llcMultiple 0 is coarser than quick's 4"));
    assert.ok(shortfalls.some((s) => s.startsWith('floorBytes 8388608 is coarser')));
    assert.ok(shortfalls.some((s) => s.startsWith('stepsPerOctave 2 is coarser')));
  });

  it('never reuses a probe without settings (schema 1, or latency only)', () => {
    const { settings: _settings, ...legacy } = probeAt(PROFILE_SETTINGS.full.probe);
    assert.deepEqual(probeShortfalls(legacy, PROFILE_SETTINGS['smoke'].probe, 'smoke'), [
      'the probe records no settings (recorded before schema 2 or by a latency-only run)',
    ]);
    assert.deepEqual(probeShortfalls(null, PROFILE_SETTINGS['smoke'].probe, 'smoke'), ['no probe recorded']);
  });

  it('never reuses a truncated probe, one missing a section, or one whose section failed', () => {
    const full = PROFILE_SETTINGS.full.probe;
    const truncated = probeAt(full, {
      coverage: {
        maxBytes: 8 * MiB,
        wantedMaxBytes: 256 * MiB,
        llcBytes: 32 * MiB,
        truncated: true,
        reason: 'memory: …',
      },
    });
    assert.deepEqual(probeShortfalls(truncated, PROFILE_SETTINGS['quick'].probe, 'quick'), [
      'the grid was cut short: memory: …',
    ]);
    assert.deepEqual(
      probeShortfalls(probeAt(full, { bandwidth: undefined }), PROFILE_SETTINGS['quick'].probe, 'quick'),
      ['no bandwidth section recorded'],
    );
    assert.deepEqual(
      probeShortfalls(probeAt(full, { errors: { compute: 'boom' } }), PROFILE_SETTINGS['quick'].probe, 'quick'),
      ['compute failed: boom'],
    );
    const fewerSizes = probeAt({ ...full, firstTouchTerms: [1e5] });
    assert.deepEqual(probeShortfalls(fewerSizes, PROFILE_SETTINGS['quick'].probe, 'quick'), [
      'firstTouchTerms lacks 1000000, 10000000, 100000000',
    ]);
  });
});
