// The one output-folder resolver and its check before any work; machine-file paths from ids.
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ArgumentError } from '../src/util/errors.js';
import { checkOutDir, machineFilePath, machineFileRelative, resolveOutDir } from '../src/util/paths.js';
import { runCli, tempDir } from './helpers.js';

describe('resolveOutDir', () => {
  const project = tempDir();
  writeFileSync(join(project, 'package.json'), '{}');
  mkdirSync(join(project, 'notebooks'));

  it('takes --out first, resolved against the current folder', () => {
    assert.equal(resolveOutDir('out', { BASEL_OUT: '/elsewhere' }, project), join(project, 'out'));
  });

  it('then BASEL_OUT, then reports/ in the nearest folder holding a package.json', () => {
    assert.equal(resolveOutDir(undefined, { BASEL_OUT: 'x' }, project), join(project, 'x'));
    assert.equal(resolveOutDir(undefined, {}, join(project, 'notebooks')), join(project, 'reports'));
    assert.equal(resolveOutDir(undefined, { BASEL_OUT: '  ' }, project), join(project, 'reports'));
  });

  it('refuses an empty --out instead of meaning the current folder', () => {
    assert.throws(
      () => resolveOutDir('', {}, project),
      (error: unknown) => {
        assert.ok(error instanceof ArgumentError);
        assert.equal(error.message, '--out must name a folder (got "")');
        return true;
      },
    );
  });
});

describe('checkOutDir', () => {
  const dir = tempDir();
  const file = join(dir, 'a-file');
  writeFileSync(file, 'x');
  const dangling = join(dir, 'dangling');
  symlinkSync(join(dir, 'no-such-target'), dangling);

  for (const [path, why] of [
    [dangling, /dangling is a symbolic link to nothing/],
    [join(dangling, 'below'), /dangling is a symbolic link to nothing/],
    ['/proc/x', /is under \/proc, a kernel filesystem/],
    ['/sys/y/z', /is under \/sys, a kernel filesystem/],
    [join(file, 'inside'), /a-file is not a folder/],
    [file, /a-file is not a folder/],
  ] as const) {
    it(`refuses ${path} with one line naming it`, () => {
      assert.throws(
        () => checkOutDir(path),
        (error: unknown) => {
          assert.ok(error instanceof ArgumentError);
          assert.ok(error.message.startsWith(`--out ${path}: `), error.message);
          assert.match(error.message, why);
          assert.doesNotMatch(error.message, /\n/);
          return true;
        },
      );
    });
  }

  it('accepts an existing folder and one that can be created, creating nothing', () => {
    checkOutDir(dir);
    checkOutDir(join(dir, 'new', 'deeper'));
  });
});

describe('machine file paths', () => {
  it('are a pure function of the id, safe as file names', () => {
    assert.equal(machineFileRelative('vm-1234abcd'), 'machines/vm-1234abcd.json');
    assert.equal(machineFileRelative('../../etc/passwd'), 'machines/etc-passwd.json');
    assert.equal(machineFilePath('/out', 'Box 1'), join('/out', 'machines', 'box-1.json'));
  });
});

describe('folder flags on the command line', () => {
  it('report --notebooks "": one line, exit 2 (not the current folder)', () => {
    const result = runCli(['report', '--notebooks', '', '--out', tempDir()]);
    assert.equal(result.status, 2, result.stderr);
    assert.equal(result.stderr, 'basel-lab: --notebooks must name a folder (got "")\n');
  });
});

describe('--out on the command line', () => {
  const commands: string[][] = [
    ['sweep', '--kind', 'n', '--profile', 'smoke'],
    ['specs'],
    ['report', '--no-run'],
    ['notebooks'],
  ];
  for (const command of commands)
    for (const [out, why] of [
      ['', /--out must name a folder \(got ""\)/],
      ['/proc/x', /--out \/proc\/x: is under \/proc, a kernel filesystem/],
    ] as const)
      it(`${command[0]} --out ${JSON.stringify(out)}: one line, exit 2, before any work`, () => {
        const result = runCli([...command, '--out', out], { timeoutMs: 20_000 });
        assert.equal(result.status, 2, result.stderr);
        assert.equal(result.stdout, '');
        assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
        assert.match(result.stderr, why);
      });
});
