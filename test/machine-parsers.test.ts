// OS cache parsers on fixture trees and texts: /sys, lscpu (both forms), sysctl, getconf, systeminformation.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseGetconfCaches } from '../src/machine/getconf.js';
import { parseLscpuCaches } from '../src/machine/lscpu.js';
import { parseCpuList, parseSizeText, type CacheLevel } from '../src/machine/record.js';
import { readSiCaches } from '../src/machine/si-caches.js';
import { parseSysctlCaches } from '../src/machine/sysctl.js';
import { parseSysfsCaches } from '../src/machine/sysfs.js';
import { fsTreeReader, type TreeReader } from '../src/machine/tree.js';
import { FIXTURES } from './helpers.js';

const KiB = 1024;
const MiB = 1024 * KiB;

type Shape = [name: string, sizeBytes: number | null, sharedByCores: number | null, instances: number | null];
const shapes = (caches: CacheLevel[]): Shape[] =>
  caches.map((c) => [c.name, c.sizeBytes, c.sharedByCores, c.instances]);

/** Every null field must carry a reason. */
function assertReasons(caches: CacheLevel[]): void {
  for (const cache of caches) {
    for (const key of ['sizeBytes', 'sharedByCores', 'sharedByCpus', 'instances', 'lineBytes', 'totalBytes'] as const) {
      if (cache[key] === null) assert.ok(cache.reasons[key], `${cache.name}.${key} is null without a reason`);
      else assert.ok(Number.isFinite(cache[key]), `${cache.name}.${key} is not finite`);
    }
  }
}

/** An in-memory tree for malformed cases. */
function memoryTree(files: Record<string, string>): TreeReader {
  return {
    root: '/memory',
    read: (path) => files[path] ?? null,
    list: (path) => {
      const prefix = path === '' ? '' : `${path}/`;
      const names = new Set(
        Object.keys(files)
          .filter((f) => f.startsWith(prefix))
          .map((f) => f.slice(prefix.length).split('/')[0]!),
      );
      return names.size === 0 ? null : [...names].sort();
    },
  };
}

describe('parseSysfsCaches', () => {
  const cases: Array<{ fixture: string; expected: Shape[] }> = [
    {
      fixture: 'zen5-2core',
      expected: [
        ['L1d', 48 * KiB, 1, 2],
        ['L1i', 32 * KiB, 1, 2],
        ['L2', MiB, 1, 2],
        ['L3', 32 * MiB, 2, 1],
      ],
    },
    {
      fixture: 'alder-lake-i7-12700h',
      expected: [
        ['L1d', 32 * KiB, 1, 8],
        ['L1d', 48 * KiB, 1, 6],
        ['L1i', 32 * KiB, 1, 6],
        ['L1i', 64 * KiB, 1, 8],
        ['L2', 1280 * KiB, 1, 6],
        ['L2', 2 * MiB, 4, 2],
        ['L3', 24 * MiB, 14, 1],
      ],
    },
    {
      fixture: 'cortex-a72-no-l3',
      expected: [
        ['L1d', 32 * KiB, 1, 4],
        ['L1i', 48 * KiB, 1, 4],
        ['L2', MiB, 4, 1],
      ],
    },
  ];
  for (const { fixture, expected } of cases) {
    it(`reads ${fixture}`, () => {
      const reading = parseSysfsCaches(fsTreeReader(join(FIXTURES, 'sys-cpu', fixture)));
      assert.deepEqual(shapes(reading.caches), expected);
      assert.deepEqual(reading.problems, []);
      assert.ok(reading.caches.every((c) => c.lineBytes === 64));
      assertReasons(reading.caches);
    });
  }

  it('counts logical CPUs and cores separately with SMT', () => {
    const reading = parseSysfsCaches(fsTreeReader(join(FIXTURES, 'sys-cpu', 'alder-lake-i7-12700h')));
    const pL2 = reading.caches.find((c) => c.name === 'L2' && c.sizeBytes === 1280 * KiB)!;
    assert.equal(pL2.sharedByCpus, 2);
    assert.equal(pL2.sharedByCores, 1);
    assert.equal(pL2.totalBytes, 6 * 1280 * KiB);
    const l3 = reading.caches.find((c) => c.name === 'L3')!;
    assert.equal(l3.sharedByCpus, 20);
  });

  it('gives null with a reason for missing or malformed fields', () => {
    const reading = parseSysfsCaches(
      memoryTree({
        'cpu0/cache/index0/level': '1\n',
        'cpu0/cache/index0/type': 'Data\n',
        'cpu0/cache/index0/size': 'lots\n',
        'cpu0/cache/index0/shared_cpu_list': '0\n',
        'cpu0/cache/index2/level': '2\n',
        'cpu0/cache/index2/type': 'Unified\n',
        'cpu0/cache/index2/size': '512K\n',
        'cpu0/cache/index2/coherency_line_size': '64\n',
        'cpu0/cache/index3/level': 'x\n',
        'cpu0/cache/index3/type': 'Unified\n',
      }),
    );
    assert.deepEqual(shapes(reading.caches), [
      ['L1d', null, null, 1],
      ['L2', 512 * KiB, null, null],
    ]);
    const [l1d, l2] = reading.caches;
    assert.match(l1d!.reasons.sizeBytes!, /malformed/);
    assert.match(l1d!.reasons.sharedByCores!, /thread_siblings_list/);
    assert.match(l2!.reasons.sharedByCpus!, /shared_cpu_list/);
    assert.equal(reading.problems.length, 1);
    assert.match(reading.problems[0]!, /index3/);
    assertReasons(reading.caches);
  });

  it('reports a tree with no caches (as in this VM) as a problem, not an error', () => {
    const reading = parseSysfsCaches(memoryTree({ 'cpu0/topology/thread_siblings_list': '0\n' }));
    assert.deepEqual(reading.caches, []);
    assert.match(reading.problems[0]!, /no cache\/index\*/);
  });
});

describe('parseLscpuCaches', () => {
  it('splits the "sum of all (N instances)" form into per-instance sizes', () => {
    const reading = parseLscpuCaches(readFileSync(join(FIXTURES, 'lscpu', 'sum-of-instances.txt'), 'utf8'));
    assert.deepEqual(shapes(reading.caches), [
      ['L1d', 48 * KiB, 1, 2],
      ['L1i', 32 * KiB, 1, 2],
      ['L2', MiB, 1, 2],
      ['L3', 32 * MiB, 2, 1],
    ]);
    assert.equal(reading.caches[0]!.totalBytes, 96 * KiB);
    assert.deepEqual(reading.cores, { physical: 2, logical: 2, performance: null, efficiency: null });
    assertReasons(reading.caches);
  });

  it('reads the old "per core" form as one instance each, sharing unknown', () => {
    const reading = parseLscpuCaches(readFileSync(join(FIXTURES, 'lscpu', 'per-core.txt'), 'utf8'));
    assert.deepEqual(shapes(reading.caches), [
      ['L1d', 48 * KiB, null, null],
      ['L1i', 32 * KiB, null, null],
      ['L2', MiB, null, null],
      ['L3', 32 * MiB, null, null],
    ]);
    assert.match(reading.meaning, /per instance/);
    assertReasons(reading.caches);
  });

  const odd: Array<[string, string, Shape]> = [
    [
      '"L1d cache:" label with instances',
      'Core(s) per socket: 4\nSocket(s): 1\nL1d cache: 128 KiB (4 instances)\n',
      ['L1d', 32 * KiB, 1, 4],
    ],
    ['units but no instance count', 'L2 cache: 2 MiB\n', ['L2', null, null, null]],
    ['malformed size', 'L1d cache: big\n', ['L1d', null, null, null]],
    ['uneven split', 'L3: 10 MiB (3 instances)\n', ['L3', null, null, 3]],
  ];
  for (const [name, text, expected] of odd) {
    it(`gives null with a reason: ${name}`, () => {
      const reading = parseLscpuCaches(text);
      assert.deepEqual(shapes(reading.caches), [expected]);
      assertReasons(reading.caches);
    });
  }
});

describe('parseSysctlCaches', () => {
  it('reads an Apple M1 Pro per performance level, not the one-cluster hw.l2cachesize', () => {
    const reading = parseSysctlCaches(readFileSync(join(FIXTURES, 'sysctl', 'apple-m1-pro.txt'), 'utf8'));
    const rows = reading.caches.map((c) => [c.name, c.coreType, c.sizeBytes, c.sharedByCores, c.instances]);
    assert.deepEqual(rows, [
      ['L1d', 'performance', 128 * KiB, 1, 8],
      ['L1i', 'performance', 192 * KiB, 1, 8],
      ['L2', 'performance', 12 * MiB, 4, 2],
      ['L1d', 'efficiency', 64 * KiB, 1, 2],
      ['L1i', 'efficiency', 128 * KiB, 1, 2],
      ['L2', 'efficiency', 4 * MiB, 2, 1],
    ]);
    assert.equal(reading.caches[2]!.totalBytes, 24 * MiB);
    assert.ok(reading.caches.every((c) => c.lineBytes === 128));
    assert.deepEqual(reading.cores, { physical: 10, logical: 10, performance: 8, efficiency: 2 });
    assertReasons(reading.caches);
  });

  it('falls back to hw.*cachesize without perf levels, sharing unknown', () => {
    const reading = parseSysctlCaches('hw.l1dcachesize = 32768\nhw.l2cachesize: 262144\nhw.l3cachesize: 8388608\n');
    assert.deepEqual(shapes(reading.caches), [
      ['L1d', 32 * KiB, null, null],
      ['L2', 256 * KiB, null, null],
      ['L3', 8 * MiB, null, null],
    ]);
    assertReasons(reading.caches);
  });

  it('gives null with a reason for a malformed perf-level key', () => {
    const reading = parseSysctlCaches(
      'hw.nperflevels: 1\nhw.perflevel0.physicalcpu: 4\nhw.perflevel0.l1dcachesize: -1\nhw.perflevel0.l1icachesize: 65536\nhw.perflevel0.l2cachesize: 4194304\n',
    );
    assert.deepEqual(shapes(reading.caches), [
      ['L1d', null, 1, 4],
      ['L1i', 64 * KiB, 1, 4],
      ['L2', 4 * MiB, null, null],
    ]);
    assert.ok(reading.problems.some((p) => p.includes('l1dcachesize')));
    assertReasons(reading.caches);
  });
});

describe('other sources', () => {
  it('parseGetconfCaches reads per-instance sizes and skips empty levels', () => {
    const text =
      'LEVEL1_DCACHE_SIZE                 49152\nLEVEL1_DCACHE_LINESIZE             64\nLEVEL2_CACHE_SIZE                  1048576\nLEVEL2_CACHE_LINESIZE              64\nLEVEL4_CACHE_SIZE                  \n';
    const reading = parseGetconfCaches(text);
    assert.deepEqual(shapes(reading.caches), [
      ['L1d', 48 * KiB, null, null],
      ['L2', MiB, null, null],
    ]);
    assertReasons(reading.caches);
  });

  it('readSiCaches states the meaning per platform', () => {
    const linux = readSiCaches({ l1d: 98304, l2: 2 * MiB }, 'linux');
    assert.deepEqual(
      linux.caches.map((c) => [c.name, c.sizeBytes, c.totalBytes]),
      [
        ['L1d', null, 98304],
        ['L2', null, 2 * MiB],
      ],
    );
    assert.match(linux.caches[0]!.reasons.sizeBytes!, /total over all instances/);
    const mac = readSiCaches({ l1d: 65536, l3: null }, 'darwin');
    assert.deepEqual(
      mac.caches.map((c) => [c.name, c.sizeBytes, c.totalBytes]),
      [['L1d', 65536, null]],
    );
    const windows = readSiCaches({ l2: MiB }, 'win32');
    assert.deepEqual(
      windows.caches.map((c) => [c.sizeBytes, c.totalBytes]),
      [[null, null]],
    );
    for (const reading of [linux, mac, windows]) assertReasons(reading.caches);
  });

  const sizes: Array<[string, number | null]> = [
    ['48K', 48 * KiB],
    ['1024K', MiB],
    ['32 MiB', 32 * MiB],
    ['1.25M', 1280 * KiB],
    ['512KB', 512 * KiB],
    ['0K', null],
    ['x', null],
    ['', null],
  ];
  for (const [text, bytes] of sizes)
    it(`parseSizeText("${text}") = ${bytes}`, () => assert.equal(parseSizeText(text), bytes));

  const lists: Array<[string, number[] | null]> = [
    ['0-3,8,10-11', [0, 1, 2, 3, 8, 10, 11]],
    ['5', [5]],
    ['3-1', null],
    ['a', null],
    ['', null],
  ];
  for (const [text, cpus] of lists) it(`parseCpuList("${text}")`, () => assert.deepEqual(parseCpuList(text), cpus));
});
