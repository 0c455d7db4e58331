import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseChoice, parseInteger, parseNameList } from '../src/cli/parse.js';
import { ArgumentError } from '../src/util/errors.js';

const N_RANGE = { min: 1, max: Number.MAX_SAFE_INTEGER };

describe('parseInteger', () => {
  for (const [text, value] of [
    ['1000000', 1e6],
    ['1e6', 1e6],
    ['1_000_000', 1e6],
    ['2.5e3', 2500],
    ['9007199254740991', Number.MAX_SAFE_INTEGER],
    [' 7 ', 7],
    ['2.000e0', 2],
    ['1.5e1', 15],
    ['9007199254740990.0', 9007199254740990],
  ] as const) {
    it(`reads "${text}" as ${value}`, () => assert.equal(parseInteger('--n', text, N_RANGE), value));
  }

  for (const text of [
    '-5',
    'abc',
    '2.5',
    '1e300',
    '0',
    '',
    '1__0',
    '_1',
    '9007199254740992',
    '1e-3',
    '0x10',
    // Doubles that round to integers, but the text is not one: read exactly, they are refused.
    '9007199254740990.9',
    '2.0000000000000001',
    '1.00000000000000000001e3',
    '1e31',
  ]) {
    it(`refuses "${text}" with a one-line message naming the value and range`, () => {
      assert.throws(
        () => parseInteger('--n', text, N_RANGE),
        (error: unknown) =>
          error instanceof ArgumentError &&
          error.exitCode === 2 &&
          error.message === `--n must be an integer in [1, 2^53−1] (got "${text}")`,
      );
    });
  }

  it('describes an open range', () => {
    assert.throws(() => parseInteger('--chunk', '0', { min: 1 }), /--chunk must be an integer ≥ 1 \(got "0"\)/);
  });
});

describe('parseNameList and parseChoice', () => {
  it('splits and checks names', () => {
    assert.deepEqual(parseNameList('--variants', 'a, b', ['a', 'b', 'c']), ['a', 'b']);
    assert.deepEqual(
      parseNameList('--variants', 'b,a,b, a', ['a', 'b']),
      ['b', 'a'],
      'each named once, first mention first',
    );
    assert.throws(() => parseNameList('--variants', 'a,zz', ['a', 'b']), /unknown name "zz"; allowed: a, b/);
    assert.throws(() => parseNameList('--variants', ',', ['a']), /at least one/);
  });
  it('accepts only allowed choices', () => {
    assert.equal(parseChoice('--profile', 'quick', ['smoke', 'quick', 'full']), 'quick');
    assert.throws(
      () => parseChoice('--profile', 'fast', ['smoke', 'quick']),
      /--profile must be one of smoke, quick \(got "fast"\)/,
    );
  });
});
