// Version-1 results files are read and upgraded: every point kept, skip sentences turned into data.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { RESULTS_VERSION } from '../src/results/schema.js';
import { parseResultsFile } from '../src/results/store.js';
import { skipFromV1Reason } from '../src/results/upgrade.js';
import { FIXTURES } from './helpers.js';

describe('skipFromV1Reason', () => {
  for (const [reason, skip] of [
    [
      "over the quick profile's time budget: one run took 2.99 s, budget 1.5 s",
      { kind: 'budget', budgetMs: 1500, runMs: 2990 },
    ],
    [
      "over the quick profile's time budget: one sample estimated at 14.2 s (extrapolated from N=10000000), budget 1.5 s",
      { kind: 'budget', budgetMs: 1500, estimateMs: 14200, fromN: 1e7 },
    ],
    [
      "over the quick profile's time budget: N=1e9 was already over it",
      { kind: 'budget', budgetMs: 1500, overAtN: 1e9 },
    ],
    [
      'arrays at N=1e10 needs 320 GB of arrays (4 × 8 B × 1e10); 23.4 GB available, 18.7 GB usable',
      {
        kind: 'memory',
        neededBytes: 320e9,
        availableBytes: 23.4e9,
        usableBytes: 18.7e9,
        arrayCount: 4,
        arrayLength: 1e10,
      },
    ],
    [
      'arrays at N=4294967297 needs Float64Arrays of 4294967297 elements; the engine allows at most 4294967296',
      { kind: 'array-length', arrayLength: 4294967297, maxArrayLength: 4294967296 },
    ],
    ['needs 320 GB (4 arrays of 8·N bytes), machine has 16 GB', { kind: 'other' }],
  ] as const) {
    it(reason, () => assert.deepEqual(skipFromV1Reason(reason, 1500), skip));
  }
});

describe('a version-1 results file', () => {
  for (const name of ['n-sweep', 'chunk-sweep', 'workers-sweep']) {
    it(`${name}: loads as version ${RESULTS_VERSION} with every point, each skip keeping its sentence`, () => {
      const path = join(FIXTURES, 'results', `${name}.json`);
      const raw = JSON.parse(readFileSync(path, 'utf8')) as {
        version: number;
        points: { key: string; reason?: string }[];
      };
      assert.equal(raw.version, 1);
      const file = parseResultsFile(raw, path);
      assert.equal(file.version, RESULTS_VERSION);
      assert.deepEqual(
        file.points.map((p) => p.key),
        raw.points.map((p) => p.key),
      );
      file.points.forEach((point, i) => {
        if (point.status === 'skipped') {
          assert.equal(point.reason, raw.points[i]!.reason);
          assert.ok(point.skip.kind.length > 0);
        }
      });
    });
  }
});
