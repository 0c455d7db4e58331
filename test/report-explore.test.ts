// The report's section "Your variants": the subject machine's saved explorations, each a table and a chart;
// absent when none are saved; a bad explore file is one warning and the rest of the report renders.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { test } from 'node:test';
import { publishReport } from '../src/report/publish.js';
import { explorePath, saveExploration, type Exploration } from '../src/results/explore.js';
import type { MeasuredPoint } from '../src/results/schema.js';
import { readFileSync } from 'node:fs';
import { tempDir } from './helpers.js';
import { FIXED_BUILD, FIXTURE_MACHINE_ID, fixtureResults, writeReportFixture } from './report-fixture.js';

function exploration(title: string): Exploration {
  const loop = fixtureResults('n-sweep').points.filter(
    (point): point is MeasuredPoint => point.status === 'ok' && point.params.variant === 'loop',
  );
  const mine = loop.map((point) => ({
    ...point,
    key: point.key.replace('loop', 'mine'),
    params: { ...point.params, variant: 'mine' },
    stats: { ...point.stats, medianMs: point.stats.medianMs / 2 },
  }));
  return {
    title,
    machineId: FIXTURE_MACHINE_ID,
    measuredAt: '2026-11-24T12:00:00.000Z',
    settings: {
      profile: 'quick',
      isolation: 'none',
      warmupRuns: 3,
      minSamples: 10,
      minTimeMs: 200,
      maxSamples: 50,
      gcBetweenSamples: false,
    },
    variants: [
      { name: 'loop', description: 'the plain for loop', origin: 'built-in' },
      { name: 'mine', description: 'my loop', origin: 'notebook' },
    ],
    points: [...loop, ...mine],
    notes: [],
  };
}

const publish = (out: string) =>
  publishReport(out, { profile: 'quick', machineId: FIXTURE_MACHINE_ID, build: FIXED_BUILD, debug: false });

test('saved explorations show in "Your variants", newest first, with a ratio against the first variant', async () => {
  const out = tempDir();
  writeReportFixture(out);
  saveExploration(out, exploration('first try'));
  saveExploration(out, exploration('<b>mine</b> against loop'));
  const { viewModel, htmlPath } = await publish(out);
  const tables = viewModel.yourVariants?.tables ?? [];
  assert.deepEqual(
    tables.map((table) => table.title),
    ['<b>mine</b> against loop (measured 2026-11-24T12:00:00.000Z)', 'first try (measured 2026-11-24T12:00:00.000Z)'],
  );
  const mineRow = tables[0]!.rows.find((row) => row.variant === 'mine');
  assert.equal(mineRow?.ratio, 0.5);
  const page = readFileSync(htmlPath, 'utf8');
  assert.match(page, /id="your-variants"/);
  assert.match(page, /Your variants/);
  assert.match(page, /&lt;b&gt;mine&lt;\/b&gt; against loop/);
  assert.doesNotMatch(page, /<b>mine<\/b>/);
  assert.equal(viewModel.yourVariants?.charts.length, 2);
});

test('without saved explorations there is no "Your variants" section; a bad explore file is one warning', async () => {
  const out = tempDir();
  writeReportFixture(out);
  const without = await publish(out);
  assert.equal(without.viewModel.yourVariants, undefined);
  assert.doesNotMatch(readFileSync(without.htmlPath, 'utf8'), /id="your-variants"/);

  const path = explorePath(out, FIXTURE_MACHINE_ID);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(
    path,
    JSON.stringify({ version: 1, kind: 'explore', machineId: FIXTURE_MACHINE_ID, explorations: [{}] }),
  );
  const bad = await publish(out);
  assert.equal(bad.viewModel.yourVariants, undefined);
  assert.equal(bad.warnings.filter((warning) => warning.includes('explore.json')).length, 1, bad.warnings.join('\n'));
});
