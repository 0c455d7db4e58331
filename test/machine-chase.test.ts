// The pointer-chase layouts: one cycle through every line and every page, and the spread layout's one line per page.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CHASE_LAYOUTS,
  CHASE_PAGE_BYTES,
  chaseOrder,
  chaseSpanBytes,
  LINE_BYTES,
  linkCycle,
  shuffle,
  random32,
} from '../src/machine/chase-order.js';

/** Follow the linked chain from `start` until it returns; the addresses visited, in order. Fails after `limit` steps. */
function walk(memory: Int32Array, start: number, limit: number): number[] {
  const visited = [start];
  let p = memory[start >>> 2]!;
  while (p !== start) {
    visited.push(p);
    assert.ok(visited.length <= limit, 'the chain does not return to its start');
    p = memory[p >>> 2]!;
  }
  return visited;
}

describe('chase layouts', () => {
  for (const layout of CHASE_LAYOUTS) {
    for (const lines of [1, 2, 3, 64, 65, 1000, 4096]) {
      it(`${layout}, ${lines} lines: one cycle through every node, each in its own line`, () => {
        const base = 256;
        const memory = new Int32Array((base + chaseSpanBytes(layout, lines)) / 4);
        const start = linkCycle(memory, base, chaseOrder(layout, lines, 7));
        const visited = walk(memory, start, lines);
        assert.equal(visited.length, lines, 'the cycle has one node per line');
        assert.equal(new Set(visited).size, lines, 'no node is visited twice');
        const lineIndex = visited.map((a) => (a - base) / LINE_BYTES);
        assert.ok(
          lineIndex.every((l) => Number.isInteger(l) && l >= 0),
          'every node starts a line',
        );
        const pages = new Set(visited.map((a) => Math.floor((a - base) / CHASE_PAGE_BYTES)));
        if (layout === 'packed') {
          assert.deepEqual(
            [...lineIndex].sort((a, b) => a - b),
            Array.from({ length: lines }, (_, i) => i),
            'every line of the working set is on the cycle',
          );
          assert.equal(pages.size, Math.ceil((lines * LINE_BYTES) / CHASE_PAGE_BYTES), 'every page is on the cycle');
        } else {
          assert.equal(pages.size, lines, 'one line in each page, every page on the cycle');
          assert.ok(Math.max(...pages) === lines - 1);
        }
      });
    }
  }

  it('visits the pages of a packed chain in random order, not page after page', () => {
    const order = chaseOrder('packed', 64 * 64, 3);
    const page = (k: number) => Math.floor(order[k]! / CHASE_PAGE_BYTES);
    let samePage = 0;
    for (let k = 1; k < order.length; k++) if (page(k) === page(k - 1)) samePage++;
    // 64 pages: a random successor is on the same page 1 time in 64; a page-ordered chain, 63 times in 64.
    assert.ok(samePage < order.length / 16, `${samePage} of ${order.length} steps stay on their page`);
  });

  it('spreads the spread layout over every line offset of a page', () => {
    const offsets = new Set(Array.from(chaseOrder('spread', 4096, 5), (a) => (a % CHASE_PAGE_BYTES) / LINE_BYTES));
    assert.equal(offsets.size, CHASE_PAGE_BYTES / LINE_BYTES);
  });

  it('is the same for the same seed, different for another', () => {
    assert.deepEqual(chaseOrder('packed', 500, 1), chaseOrder('packed', 500, 1));
    assert.notDeepEqual(chaseOrder('packed', 500, 1), chaseOrder('packed', 500, 2));
  });

  it('shuffles into a permutation', () => {
    const items = Uint32Array.from({ length: 100 }, (_, i) => i);
    shuffle(items, random32(9));
    assert.deepEqual(
      [...items].sort((a, b) => a - b),
      Array.from({ length: 100 }, (_, i) => i),
    );
  });

  it('refuses an empty chain', () => {
    assert.throws(() => chaseOrder('packed', 0, 1), /≥ 1 line/);
  });
});
