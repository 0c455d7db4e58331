// The study's figures from measured data: numbered, captioned, the study's values drawn and labelled as its own.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChartDefinition } from '../src/report/charts/chart-data.js';
import {
  studyChunkedFigure,
  studyChunkSizeFigure,
  studyStepsFigure,
  studyWorkersFigure,
} from '../src/report/charts/study-figures.js';
import { renderSvg } from '../src/report/render/vega.js';
import type { Point, ResultsFile } from '../src/results/schema.js';
import { loadResultsFixture } from './helpers.js';

const loadFixture = loadResultsFixture;

const nSweep = loadFixture('n-sweep');

/** A steps sweep: arrays at 1e6 and 1e7, fresh and reused (only fresh is drawn). */
function stepsSweep(): ResultsFile {
  const point = (n: number, memory: 'fresh' | 'reused', ms: number): Point => ({
    key: `arrays|n=${n}|memory=${memory}`,
    params: { variant: 'arrays', n, memory },
    finishedAt: 'x',
    status: 'ok',
    samplesMs: [ms],
    batch: 1,
    stats: {
      count: 1,
      medianMs: ms,
      minMs: ms,
      maxMs: ms,
      meanMs: ms,
      stdDevMs: 0,
      iqrMs: 0,
      madMs: 0,
      ciLowMs: ms,
      ciHighMs: ms,
      outliers: 0,
    },
    steps: { ones: ms / 5, range: ms / 5, divide: ms / 5, square: ms / 5, sum: ms / 5 },
    sum: 1.6,
    exact: 1.6,
    absError: 0,
  });
  return {
    ...nSweep,
    kind: 'steps',
    points: [point(1e6, 'fresh', 5), point(1e6, 'reused', 2), point(1e7, 'fresh', 50), point(1e7, 'reused', 20)],
  };
}

/** The values of every layer of the spec that carries its own data. */
function layerValues(chart: ChartDefinition): Record<string, unknown>[] {
  const layers = chart.spec.layer as { data?: { values: Record<string, unknown>[] } }[];
  return layers.flatMap((layer) => layer.data?.values ?? []);
}

describe('the study\u2019s figures', () => {
  const figures: [string, ChartDefinition][] = [
    ['steps', studyStepsFigure(stepsSweep(), 'arrays', 1)],
    ['chunked', studyChunkedFigure(nSweep, 3)],
    ['chunk size', studyChunkSizeFigure(loadFixture('chunk-sweep'), null, 4)],
    ['workers', studyWorkersFigure(loadFixture('workers-sweep'), 5)],
  ];
  for (const [name, chart] of figures) {
    it(`${name}: numbered, captioned in one sentence, the study's values labelled as the study's, and drawn`, async () => {
      assert.match(chart.title, /^Figure \d\. /);
      assert.match(chart.notes[0] ?? '', /^Figure \d: .*study, M1 Pro.*\.$/);
      const labels = layerValues(chart).flatMap((v) => (typeof v.label === 'string' ? [v.label] : []));
      const study = labels.filter((label) => label.startsWith('study, M1 Pro: '));
      assert.ok(study.length > 0, labels.join('; '));
      const svg = await renderSvg(chart.spec, chart.id);
      assert.match(svg, /^<svg/);
    });
  }

  it('the per-step stack draws the fresh-memory points only, one N each', () => {
    const chart = studyStepsFigure(stepsSweep(), 'arrays', 1);
    const values = (chart.spec.data as { values: { n: number; step: string }[] }).values;
    assert.equal(values.filter((v) => v.n === 1e6 && v.step === 'ones').length, 1);
  });

  it('the study\u2019s chunked values are its published seconds, in ms, at 1e8, 1e9 and 1e10', () => {
    const study = layerValues(studyChunkedFigure(nSweep, 3));
    assert.deepEqual(
      study.map((v) => [v.n, v.medianMs]),
      [
        [1e8, 90],
        [1e9, 910],
        [1e10, 9180],
      ],
    );
  });

  it('reads no crossover from smoke numbers, but still shows the study\u2019s', () => {
    const smoke = { ...loadFixture('workers-sweep'), profile: 'smoke' as const };
    const chart = studyWorkersFigure(smoke, 5);
    assert.match(
      chart.notes[0]!,
      /no crossover is read from smoke numbers; the study's 10-process pool \(study, M1 Pro\) overtakes/,
    );
  });
});
