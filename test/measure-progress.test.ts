import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createProgressReporter, describePointParams, formatProgressLine } from '../src/measure/progress.js';
import { formatDuration } from '../src/util/format.js';
import { chooseProgressMode } from '../src/util/progress.js';
import { summarize } from '../src/measure/stats.js';
import type { SweepProgress } from '../src/measure/sweep.js';

const ok = {
  key: 'k',
  params: { variant: 'chunked', n: 1e8, chunk: 20000 },
  status: 'ok' as const,
  finishedAt: '',
  samplesMs: [12.34],
  stats: summarize([12.34]),
  sum: 1,
  exact: 1,
  absError: 0,
};
const skipped = {
  key: 'k2',
  params: { variant: 'arrays', n: 1e10 },
  status: 'skipped' as const,
  skip: { kind: 'other' as const },
  reason: 'needs 320 GB',
  finishedAt: '',
};

describe('progress text', () => {
  it('describes params and durations', () => {
    assert.equal(
      describePointParams({ variant: 'workers', n: 1e9, chunk: 20000, workers: 2, inner: 'chunked' }),
      'workers N=1e9 chunk=20000 workers=2 inner=chunked',
    );
    assert.equal(describePointParams({ variant: 'loop', n: 250000 }), 'loop N=2.5e5');
    assert.equal(describePointParams({ variant: 'loop', n: 1234567 }), 'loop N=1234567');
    assert.deepEqual(
      [formatDuration(400), formatDuration(45_000), formatDuration(185_000), formatDuration(3_720_000)],
      ['0s', '45s', '3m05s', '1h02m'],
    );
  });

  it('prints one plain line per point in lines mode, nothing when quiet', () => {
    const events: SweepProgress[] = [
      {
        type: 'begin',
        kind: 'chunk',
        profile: 'quick',
        path: '/r/x.json',
        total: 2,
        resumed: 0,
        estimatedMs: 89_000,
        overBudget: 1,
        seriesBudgetMs: 60_000,
      },
      { type: 'measuring', kind: 'chunk', done: 0, total: 2, key: 'k', params: ok.params },
      { type: 'point', kind: 'chunk', done: 1, total: 2, point: ok },
      { type: 'point', kind: 'chunk', done: 2, total: 2, point: skipped },
      { type: 'end', kind: 'chunk', done: 2, total: 2, path: '/r/x.json', interrupted: false },
    ];
    let written = '';
    const stream = {
      isTTY: false,
      write: (text: string) => ((written += text), true),
    } as unknown as NodeJS.WriteStream;
    assert.equal(chooseProgressMode(stream, false), 'lines');
    assert.equal(chooseProgressMode(stream, true), 'none');
    // A clock that moves 20 s per reading: one point done in 20 s, so the one left takes ~20 s.
    let clockMs = 0;
    const report = createProgressReporter(stream, 'lines', () => (clockMs += 20_000));
    for (const event of events) report(event);
    assert.equal(
      written,
      [
        'sweep chunk (quick): 2 points, 0 already done, est. ~1m29s to measure, 1 over the 1m00s series budget (not measured) → /r/x.json',
        'sweep chunk 1/2 chunked N=1e8 chunk=20000: median 12.3 ms over 1 samples (~20s left)',
        'sweep chunk 2/2 arrays N=1e10: skipped: needs 320 GB',
        'sweep chunk: 2/2 points → /r/x.json',
        '',
      ].join('\n'),
    );
    assert.equal(
      formatProgressLine({ type: 'end', kind: 'n', done: 1, total: 5, path: 'p', interrupted: true }),
      'sweep n: interrupted after 1/5 points; saved p',
    );
    written = '';
    for (const event of events) createProgressReporter(stream, 'none')(event);
    assert.equal(written, '');
  });
});
