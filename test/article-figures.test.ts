import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ARTICLE_FINDINGS,
  ARTICLE_LANGUAGES_1E9_MS,
  ARTICLE_SOURCE,
  ARTICLE_STEPS_1E8_MS,
  ARTICLE_SUMMARY,
} from '../src/reference/article-figures.js';

describe('figures quoted from the reference article', () => {
  it('are labelled as published there, not measured here', () => {
    assert.match(ARTICLE_SOURCE, /As published in the reference article/);
    assert.match(ARTICLE_SOURCE, /not measured by basel-lab/);
  });

  it('give a number or a reason for every cell of the summary table', () => {
    for (const row of ARTICLE_SUMMARY) {
      for (const [n, time] of Object.entries(row.times)) {
        const ok =
          time.seconds === null ? typeof time.missing === 'string' : Number.isFinite(time.seconds) && time.seconds > 0;
        assert.ok(ok, `${row.articleFunction} at ${n}`);
      }
    }
  });

  it('agree with each other where the article states the same figure twice', () => {
    const summary = (fn: string) => ARTICLE_SUMMARY.find((row) => row.articleFunction === fn)?.times['1e9'].seconds;
    for (const fn of ['basel_np_broadcast', 'basel_np', 'basel_less_pythonic', 'basel_multicore']) {
      const language = ARTICLE_LANGUAGES_1E9_MS.find((row) => row.implementation === fn);
      assert.ok(language, fn);
      assert.equal(language.ms / 1000, summary(fn), fn);
    }
    // The per-step table's cumulative time is the article's 0.44 s headline for basel_np at 1e8.
    const total = ARTICLE_STEPS_1E8_MS.basel_np.reduce((sum, step) => sum + step.ms, 0);
    assert.equal(total, 444);
    assert.equal(ARTICLE_FINDINGS.workingSetBytes, 1_224_000);
  });
});
