// The peers stage's ETA: from the runs that finished, scaled by N for a peer already run, else borrowed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { peersEtaMs } from '../src/peers/eta.js';

test('scales a peer by N, borrows the same N from the others, else the time per term so far', () => {
  assert.equal(peersEtaMs([], [{ peer: 'c', n: 1e8 }]), null, 'nothing to go on before the first run');
  const done = [
    { peer: 'c', n: 1e8, ms: 700 },
    { peer: 'np', n: 1e8, ms: 9_000 },
  ];
  // c at 1e9: 10 × its 1e8 run; fast at 1e8: the median of the two at 1e8; fast at 1e9: the median
  // time per term (7e-6 and 9e-5 ms per term: 4.85e-5) × 1e9.
  assert.equal(peersEtaMs(done, [{ peer: 'c', n: 1e9 }]), 7_000);
  assert.equal(peersEtaMs(done, [{ peer: 'fast', n: 1e8 }]), 4_850);
  assert.ok(Math.abs(peersEtaMs(done, [{ peer: 'fast', n: 1e9 }])! - 48_500) < 1e-6);
  assert.equal(
    peersEtaMs(done, [
      { peer: 'c', n: 1e9 },
      { peer: 'fast', n: 1e8 },
    ]),
    7_000 + 4_850,
  );
  assert.equal(peersEtaMs(done, []), 0);
});
