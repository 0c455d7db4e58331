// The pointer-chase layouts: which 64-byte lines a chain visits, in what order, linked into one cycle. Pure.

/** One node per cache line: every load touches a different line. */
export const LINE_BYTES = 64;
/** The base page the layouts reason about. */
export const CHASE_PAGE_BYTES = 4096;
const LINES_PER_PAGE = CHASE_PAGE_BYTES / LINE_BYTES;

/**
 * packed: every line of the working set, in uniformly random order — pages are as few as the size
 *   allows, but visited in random order with their lines scattered through the whole cycle, so no
 *   prefetcher can guess the next line or page (lmbench's lat_mem_rd with random order, Intel MLC's
 *   idle latency).
 * spread: the same number of lines, one per 4 KiB page at a random line of the page, pages in random
 *   order — 64× the pages for the same bytes in cache, so the difference is the address translation.
 */
export const CHASE_LAYOUTS = ['packed', 'spread'] as const;
export type ChaseLayout = (typeof CHASE_LAYOUTS)[number];

/** mulberry32: a small, fast PRNG, so a chain is the same on every run. Returns values in [0, 1). */
export function random32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates: every order equally likely. In place; O(n). */
export function shuffle(items: Uint32Array, next: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    const swap = items[i]!;
    items[i] = items[j]!;
    items[j] = swap;
  }
}

/** Bytes of memory a layout of `lines` lines spans from its base. */
export function chaseSpanBytes(layout: ChaseLayout, lines: number): number {
  return layout === 'packed' ? lines * LINE_BYTES : lines * CHASE_PAGE_BYTES;
}

/**
 * The byte offsets (from the chain's base) of a chain's `lines` nodes in visiting order: a
 * permutation of the layout's node offsets, so linking them in order gives one cycle through all of
 * them. Deterministic for a seed. O(lines) time and memory.
 */
export function chaseOrder(layout: ChaseLayout, lines: number, seed: number): Uint32Array {
  if (!Number.isSafeInteger(lines) || lines < 1) throw new RangeError(`a chain needs ≥ 1 line (got ${lines})`);
  const next = random32(seed);
  const order = new Uint32Array(lines);
  if (layout === 'packed') {
    for (let i = 0; i < lines; i++) order[i] = i * LINE_BYTES;
  } else {
    // A random line in each page: a fixed line (or a stride pattern) would pile every node into a few
    // cache sets (the set index is the address bits just above the line offset).
    for (let page = 0; page < lines; page++)
      order[page] = page * CHASE_PAGE_BYTES + Math.floor(next() * LINES_PER_PAGE) * LINE_BYTES;
  }
  shuffle(order, next);
  return order;
}

/**
 * Write the cycle into `memory` (32-bit words over the chase's memory): the node at base + order[k]
 * holds the byte address of the node at base + order[k+1], the last holds the first's. Returns the
 * first node's address. Needs base a multiple of 4 and every address below 2^31. O(lines).
 */
export function linkCycle(memory: Int32Array, base: number, order: Uint32Array): number {
  const count = order.length;
  for (let k = 0; k < count; k++) {
    const from = base + order[k]!;
    const to = base + order[k + 1 === count ? 0 : k + 1]!;
    memory[from >>> 2] = to;
  }
  return base + order[0]!;
}
