// The memory guard: refusals with a clear reason before allocating, and no refusal for O(1)-memory variants.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UserError } from '../src/util/errors.js';
import {
  MAX_TYPED_ARRAY_LENGTH,
  WASM32_MAX_BYTES,
  checkFootprint,
  describeMemoryRefusal,
  footprintRefusal,
  memoryBudget,
  type MemoryBudget,
} from '../src/kernels/memory.js';
import { SEQUENTIAL_VARIANTS, VARIANTS, defaultKernelOptions, getVariant } from '../src/kernels/registry.js';
import { newWasmMemory } from '../src/kernels/wasm-module.js';

const GB = 1e9;
const SMALL_MACHINE: MemoryBudget = {
  availableBytes: 23.4 * GB,
  usableBytes: 0.8 * 23.4 * GB,
  maxArrayLength: MAX_TYPED_ARRAY_LENGTH,
};
const HUGE_MACHINE: MemoryBudget = { availableBytes: 1e18, usableBytes: 1e18, maxArrayLength: MAX_TYPED_ARRAY_LENGTH };
const options = defaultKernelOptions();

describe('footprintRefusal', () => {
  it('explains why arrays at N=1e10 does not fit: 4 arrays × 8 B × N = 320 GB, as data and as a sentence', () => {
    const refusal = footprintRefusal(getVariant('arrays'), 1e10, options, SMALL_MACHINE);
    assert.deepEqual(refusal, {
      kind: 'memory',
      neededBytes: 320e9,
      availableBytes: SMALL_MACHINE.availableBytes,
      usableBytes: SMALL_MACHINE.usableBytes,
      arrayCount: 4,
      arrayLength: 1e10,
    });
    assert.equal(
      describeMemoryRefusal('arrays', 1e10, refusal!),
      'arrays at N=1e10 needs 320 GB of arrays (4 × 8 B × 1e10); 23.4 GB available, 18.7 GB usable',
    );
  });

  it('counts the arrays each variant declares (footprint = arrays × 8 B × their length)', () => {
    for (const variant of VARIANTS) {
      const bytes = variant.footprintBytes(1e9, options);
      const refusal = footprintRefusal(variant, 1e9, options, SMALL_MACHINE);
      assert.equal(refusal === null, bytes <= SMALL_MACHINE.usableBytes, variant.name);
      if (refusal !== null)
        assert.match(
          describeMemoryRefusal(variant.name, 1e9, refusal),
          new RegExp(`^${variant.name} at N=1e9 needs \\d+ GB of arrays \\(\\d × 8 B × 1e9\\)`),
        );
    }
  });

  it('keeps O(1)-memory and chunked variants unrefused at the largest N', () => {
    for (const variant of VARIANTS.filter((candidate) => candidate.footprintBytes(1e15, options) <= 1e6)) {
      assert.equal(footprintRefusal(variant, Number.MAX_SAFE_INTEGER, options, SMALL_MACHINE), null, variant.name);
    }
  });

  it('refuses typed arrays longer than the engine allows, even with memory to spare', () => {
    const refusal = footprintRefusal(getVariant('arrays'), MAX_TYPED_ARRAY_LENGTH + 1, options, HUGE_MACHINE);
    assert.deepEqual(refusal, {
      kind: 'array-length',
      arrayLength: MAX_TYPED_ARRAY_LENGTH + 1,
      maxArrayLength: MAX_TYPED_ARRAY_LENGTH,
    });
    assert.match(
      describeMemoryRefusal('arrays', MAX_TYPED_ARRAY_LENGTH + 1, refusal!),
      /the engine allows at most 4294967296/,
    );
    assert.equal(footprintRefusal(getVariant('arrays'), MAX_TYPED_ARRAY_LENGTH, options, HUGE_MACHINE), null);
  });

  // Variants whose arrays live in one WebAssembly memory per thread: 4 GiB at most, whatever the machine.
  const inWasmMemory = SEQUENTIAL_VARIANTS.filter((variant) => variant.wasmMemory === true);
  it('knows at least one variant whose arrays live in WebAssembly memory', () => assert.ok(inWasmMemory.length > 0));
  for (const variant of inWasmMemory) {
    it(`${variant.name}: refuses arrays beyond 4 GiB of WebAssembly memory, saying what it needed, even with memory to spare`, () => {
      // The largest length whose arrays fit: arrays × 8 B × length ≤ 2^32.
      const count = variant.footprintBytes(1000, defaultKernelOptions({ chunk: 1000 })) / (8 * 1000);
      const longest = Math.floor(WASM32_MAX_BYTES / (8 * count));
      for (const length of [longest, longest + 1, 2e8]) {
        const overrides = variant.options.includes('chunk') ? { chunk: length } : {};
        const refusal = footprintRefusal(variant, length, defaultKernelOptions(overrides), HUGE_MACHINE);
        if (length <= longest) assert.equal(refusal, null, `${length}`);
        else {
          assert.equal(refusal?.kind, 'wasm-memory');
          assert.match(
            describeMemoryRefusal(variant.name, length, refusal!),
            new RegExp(
              `^${variant.name} at N=\\S+ needs [\\d.]+ GB of arrays \\(${count} × 8 B × \\S+\\) in one WebAssembly memory; ` +
                `a wasm32 memory holds at most 4.3 GB \\(4 GiB\\): at most ${longest} elements per array$`,
            ),
          );
        }
      }
    });
  }

  it("refuses a parallel run when one thread's range of a WebAssembly-memory inner would not fit", () => {
    const inner = inWasmMemory.find((variant) => !variant.options.includes('chunk'));
    assert.ok(inner !== undefined);
    const options = defaultKernelOptions({ workers: 2, inner: inner.name });
    const refusal = footprintRefusal(getVariant('workers'), 4e8, options, HUGE_MACHINE);
    assert.equal(refusal?.kind, 'thread');
    assert.match(
      describeMemoryRefusal('workers', 4e8, refusal!),
      new RegExp(`^workers at N=4e8 with W=2: one thread's range does not fit: ${inner.name} at N=2e8 needs 4.8 GB`),
    );
    assert.equal(footprintRefusal(getVariant('workers'), 3e8, options, HUGE_MACHINE), null);
  });

  it('matches the engine: a WebAssembly memory may be declared up to 4 GiB and no further', () => {
    assert.doesNotThrow(() => newWasmMemory(1));
    const wasm = (globalThis as unknown as { WebAssembly: { Memory: new (d: object) => object } }).WebAssembly;
    assert.throws(() => new wasm.Memory({ initial: 1, maximum: WASM32_MAX_BYTES / 65_536 + 1 }), RangeError);
  });

  it('reads a plausible budget from this machine', () => {
    const budget = memoryBudget();
    assert.ok(budget.availableBytes > 0 && budget.usableBytes < budget.availableBytes);
  });
});

describe('checkFootprint and run', () => {
  it('throws UserError (exit 1) with the reason', () => {
    assert.throws(
      () => checkFootprint(getVariant('broadcast'), 1e10, options, SMALL_MACHINE),
      (error: unknown) =>
        error instanceof UserError &&
        error.exitCode === 1 &&
        error.message.startsWith('broadcast at N=1e10 needs 240 GB of arrays'),
    );
  });

  it('makes run refuse before allocating 8 TB', () => {
    for (const variant of VARIANTS.filter((candidate) => candidate.footprintBytes(1e12, options) > 1e12)) {
      assert.throws(
        () => variant.run(1e12, options),
        (error: unknown) => error instanceof UserError && /needs \d+ TB of arrays/.test(error.message),
        variant.name,
      );
    }
  });
});
