// The peers: the study's C loop compiles and sums right, numpy's functions too, missing toolchains are data.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { exactPartialSum } from '../src/kernels/exact.js';
import { PROFILE_SETTINGS } from '../src/measure/profiles.js';
import { PEERS } from '../src/peers/catalog.js';
import { parseRunLine, runProgram } from '../src/peers/run-program.js';
import { runPeers, sumTolerance } from '../src/peers/run.js';
import { PEERS_VERSION, type PeersFile } from '../src/peers/schema.js';
import { C_SOURCE } from '../src/peers/sources.js';
import { parsePeersFile, peersPath, readPeersFile } from '../src/peers/store.js';
import { detectCCompiler, detectNumpy, pythonEnv, unavailableText } from '../src/peers/toolchain.js';
import { cellText } from '../src/report/table/model.js';
import { languagesTable } from '../src/report/tables/article.js';
import { peersTable } from '../src/report/tables/peers.js';
import { UserError } from '../src/util/errors.js';
import { tempDir } from './helpers.js';

const gcc = detectCCompiler();
const numpy = detectNumpy();
const NO_GCC = gcc.available ? false : `no C compiler: ${unavailableText(gcc.reason)}`;
const NO_NUMPY = numpy.available ? false : `no numpy: ${unavailableText(numpy.reason)}`;
const MACHINE = 'peer-box-12345678';

describe('the study\u2019s C loop', () => {
  for (const flags of [['-O3'], ['-O3', '-march=native', '-ffast-math']]) {
    it(`compiles with gcc ${flags.join(' ')} and sums 1..N right at small N`, { skip: NO_GCC }, async () => {
      assert.ok(gcc.available);
      const dir = tempDir();
      writeFileSync(join(dir, 'basel.c'), C_SOURCE);
      await runProgram(gcc.path, [...flags, '-Wall', '-Werror', '-o', join(dir, 'basel'), join(dir, 'basel.c')]);
      for (const n of [1, 7, 1000, 123_457]) {
        const runs = await runProgram(join(dir, 'basel'), [String(n), '1', '2']);
        assert.deepEqual(
          runs.map((r) => r.phase),
          ['warmup', 'sample', 'sample'],
        );
        for (const run of runs)
          assert.ok(Math.abs(run.sum - exactPartialSum(n)) <= sumTolerance(n), `N=${n}: ${run.sum}`);
      }
    });
  }

  it('a run line is parsed, anything else is not', () => {
    assert.deepEqual(parseRunLine('sample 12.5 1.6449'), { phase: 'sample', ms: 12.5, sum: 1.6449 });
    for (const line of ['sample -1 1', 'sample 1 nan', 'hello', 'timed 1 1']) assert.equal(parseRunLine(line), null);
  });
});

describe('the study\u2019s numpy functions', () => {
  it('run under the interpreter without the OPENBLAS tuning variables', () => {
    const env = pythonEnv({ PATH: '/bin', OPENBLAS_CORETYPE: 'Haswell', OPENBLAS_L2_SIZE: '512' });
    assert.deepEqual(env, { PATH: '/bin' });
  });

  it('record the interpreter path and the Python and numpy versions', { skip: NO_NUMPY }, () => {
    assert.ok(numpy.available);
    assert.equal(numpy.interpreter, '/usr/bin/python3');
    assert.match(numpy.numpy, /^\d+\.\d+/);
    assert.match(numpy.python, /^3\.\d+/);
  });
});

describe('missing toolchains', () => {
  it('a missing compiler or interpreter is a structured reason, and the row says so', () => {
    const c = detectCCompiler('no-such-gcc-basel');
    assert.deepEqual(c, { available: false, reason: { kind: 'not-found', command: 'no-such-gcc-basel' } });
    const py = detectNumpy('/nonexistent/python3');
    assert.deepEqual(py, { available: false, reason: { kind: 'not-found', command: '/nonexistent/python3' } });
  });

  it('an interpreter without numpy is "numpy not importable", read from the import error', () => {
    const dir = tempDir();
    const fake = join(dir, 'python3');
    writeFileSync(fake, '#!/bin/sh\necho "ModuleNotFoundError: No module named \'numpy\'" >&2\nexit 1\n');
    chmodSync(fake, 0o755);
    assert.deepEqual(detectNumpy(fake), {
      available: false,
      reason: { kind: 'module-missing', module: 'numpy', interpreter: fake },
    });
  });

  it('without gcc and numpy every peer is recorded as not available, and the report rows say why', async () => {
    const out = tempDir();
    const file = await runPeers({
      outDir: out,
      profile: 'smoke',
      compiler: 'no-such-gcc-basel',
      python: '/nonexistent/python3',
      machineId: MACHINE,
    });
    assert.equal(file.points.length, PEERS.length * PROFILE_SETTINGS.smoke.peers.ns.length);
    assert.ok(file.points.every((p) => p.status === 'unavailable'));
    assert.deepEqual(readPeersFile(peersPath(out, MACHINE, 'smoke')), file);
    const table = peersTable(file, 'smoke', MACHINE);
    const c = table.rows.find((row) => row.peer === 'C loop, gcc -O3')!;
    assert.equal(
      cellText(c[`n${PROFILE_SETTINGS.smoke.peers.ns[0]}`], table.columns[1]!),
      'not available — no-such-gcc-basel not found',
    );
    const numpyRow = table.rows.find((row) => row.peer === 'numpy basel_chunks')!;
    assert.equal(numpyRow.toolchain, 'not available — /nonexistent/python3 not found');
  });
});

describe('measuring the peers', () => {
  it(
    'measures every peer at the smoke grid, checks each sum and saves a valid file',
    { skip: NO_GCC || NO_NUMPY },
    async () => {
      const out = tempDir();
      const events: string[] = [];
      const file = await runPeers({
        outDir: out,
        profile: 'smoke',
        machineId: MACHINE,
        onProgress: (e) => (e.kind === 'point-end' ? events.push(`${e.done}/${e.total}`) : undefined),
      });
      const total = PEERS.length * PROFILE_SETTINGS.smoke.peers.ns.length;
      assert.equal(events.length, total);
      assert.equal(events.at(-1), `${total}/${total}`);
      for (const point of file.points) {
        assert.equal(point.status, 'ok', JSON.stringify(point));
        if (point.status !== 'ok') continue;
        assert.equal(point.samplesMs.length, PROFILE_SETTINGS.smoke.peers.repeats);
        assert.ok(point.absError <= sumTolerance(point.n));
      }
      assert.deepEqual(parsePeersFile(JSON.parse(readFileSync(peersPath(out, MACHINE, 'smoke'), 'utf8')), 'f'), file);
      // A second run resumes: nothing is measured again.
      const again = await runPeers({
        outDir: out,
        profile: 'smoke',
        machineId: MACHINE,
        onProgress: (e) => assert.notEqual(e.kind, 'point-start'),
      });
      assert.deepEqual(again.points, file.points);
    },
  );

  it(
    'skips a numpy function whose arrays would not fit, with the memory guard\u2019s numbers',
    { skip: NO_NUMPY },
    async () => {
      const out = tempDir();
      const file = await runPeers({
        outDir: out,
        profile: 'smoke',
        compiler: 'no-such-gcc-basel',
        machineId: MACHINE,
        memory: { availableBytes: 1000, usableBytes: 800, maxArrayLength: 2 ** 32 },
      });
      const np = file.points.find((p) => p.peer === 'numpy-np')!;
      assert.equal(np.status, 'skipped');
      if (np.status === 'skipped') assert.equal(np.skip.kind, 'memory');
      const stackUp = languagesTable(undefined, MACHINE, file, 'smoke');
      assert.ok(stackUp.rows.some((row) => row.source === 'study, M1 Pro' && row.implementation === 'C (-O3)'));
      assert.ok(stackUp.rows.some((row) => row.implementation === 'C loop, gcc -O3'));
    },
  );
});

describe('the peers file schema', () => {
  const good = (): PeersFile => ({
    version: PEERS_VERSION,
    kind: 'peers',
    profile: 'quick',
    machineId: MACHINE,
    machineFile: `machines/${MACHINE}.json`,
    startedAt: '2026-12-01T00:00:00.000Z',
    updatedAt: '2026-12-01T00:00:01.000Z',
    settings: { ns: [1e8], warmupRuns: 1, repeats: 2 },
    toolchains: {
      c: { available: true, compiler: 'gcc', path: '/usr/bin/gcc', version: '12.2.0' },
      numpy: { available: false, reason: { kind: 'module-missing', module: 'numpy', interpreter: '/usr/bin/python3' } },
    },
    points: [{ peer: 'c-O3', n: 1e8, finishedAt: 'x', status: 'failed', error: 'boom' }],
  });

  it('accepts a good file', () => {
    assert.deepEqual(parsePeersFile(good(), 'f'), good());
  });

  const bad: [string, (file: Record<string, unknown>) => void, RegExp][] = [
    ['another version', (f) => (f.version = 99), /peers format version 99.*reads version 1/],
    ['no version', (f) => delete f.version, /peers format version null/],
    [
      'a negative sample',
      (f) => (f.points = [{ peer: 'c-O3', n: 10, finishedAt: 'x', status: 'ok', samplesMs: [-1] }]),
      /points\[0\]/,
    ],
    [
      'an unknown status',
      (f) => (f.points = [{ peer: 'c-O3', n: 10, finishedAt: 'x', status: 'great' }]),
      /points\[0\]/,
    ],
    [
      'a prose reason',
      (f) => ((f.toolchains as Record<string, unknown>).c = { available: false, reason: 'no gcc' }),
      /toolchains\.c/,
    ],
    ['a fractional N', (f) => (f.settings = { ns: [1.5], warmupRuns: 0, repeats: 1 }), /settings\.ns/],
  ];
  for (const [what, spoil, message] of bad) {
    it(`rejects ${what}, naming the field`, () => {
      const file = good() as unknown as Record<string, unknown>;
      spoil(file);
      assert.throws(
        () => parsePeersFile(file, 'peers-quick.json'),
        (error: unknown) => {
          assert.ok(error instanceof UserError);
          assert.match(error.message, message);
          assert.match(error.message, /^peers-quick\.json /);
          return true;
        },
      );
    });
  }

  it('refuses a file that is not JSON, naming it', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'results', MACHINE), { recursive: true });
    const path = peersPath(dir, MACHINE, 'quick');
    writeFileSync(path, '{');
    assert.throws(() => readPeersFile(path), /is not readable JSON/);
  });
});
