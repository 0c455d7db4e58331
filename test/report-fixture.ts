// A report output folder built from fixtures: results, a local and a hostile machine record, executed notebooks.
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeCacheLevel, type MachineRecord } from '../src/machine/record.js';
import { REFERENCE_M1_PRO } from '../src/machine/reference-m1-pro.js';
import { saveMachine } from '../src/machine/store.js';
import type { PeersFile } from '../src/peers/schema.js';
import { savePeers } from '../src/peers/store.js';
import type { BuildInfo } from '../src/report/load.js';
import type { ResultsFile } from '../src/results/schema.js';
import { saveResults } from '../src/results/store.js';
import { FIXTURES } from './helpers.js';

export const FIXTURE_MACHINE_ID = 'fixture-host-abc123';
export const HOSTILE_HOSTNAME = '<script>alert(1)</script>';
export const FIXED_BUILD: BuildInfo = {
  builtAt: '2026-11-24T12:30:00.000Z',
  versions: {
    'basel-lab': '0.1.0',
    node: '20.20.2',
    v8: '11.3',
    vega: '6.x',
    'vega-lite': '6.4.x',
    katex: '0.x',
    'markdown-it': '14.x',
  },
};

const KIB = 1024;
const MIB = 1024 * KIB;

/** A plausible two-core x86 record for the fixture results' machine, with a probe. */
export function fixtureMachine(): MachineRecord {
  return {
    ...REFERENCE_M1_PRO,
    id: FIXTURE_MACHINE_ID,
    provenance: 'recorded by basel-lab specs',
    recordedAt: '2026-11-24T11:00:00.000Z',
    hostname: 'fixture-host',
    cpu: { brand: 'Fixture CPU 3000', vendor: 'AuthenticAMD', family: '26', model: '2', arch: 'x64' },
    cores: { physical: 2, logical: 2, performance: null, efficiency: null },
    cacheSource: { name: 'sysfs', meaning: 'per instance' },
    caches: [
      makeCacheLevel({
        level: 1,
        type: 'data',
        coreType: null,
        sizeBytes: 48 * KIB,
        sharedByCores: 1,
        sharedByCpus: 1,
        instances: 2,
        lineBytes: 64,
      }),
      makeCacheLevel({
        level: 2,
        type: 'unified',
        coreType: null,
        sizeBytes: 1280 * KIB,
        sharedByCores: 1,
        sharedByCpus: 1,
        instances: 2,
        lineBytes: 64,
      }),
      makeCacheLevel({
        level: 3,
        type: 'unified',
        coreType: null,
        sizeBytes: 32 * MIB,
        sharedByCores: 2,
        sharedByCpus: 2,
        instances: 1,
        lineBytes: 64,
      }),
    ],
    memory: { totalBytes: 8 * 1024 * MIB, availableBytes: 6 * 1024 * MIB },
    os: { platform: 'linux', distro: 'Debian GNU/Linux 13', release: '13', kernel: '6.12.0' },
    runtime: { node: '20.20.2', v8: '11.3.244.8-node.33' },
    reasons: {},
    notes: [],
    raw: {},
    probe: {
      method: 'fixture probe',
      points: [16, 32, 64, 256, 1024, 4096, 16384, 65536].map((k, i) => ({
        workingSetBytes: k * KIB,
        nsPerLoad: 1 + i * 1.5,
        relativeLatency: 1 + i,
      })),
      boundaries: [{ name: 'L1d', detectedBytes: 32 * KIB, recordedBytes: 48 * KIB, ratio: 32 / 48 }],
      elapsedMs: 1200,
    },
  };
}

/** A record from another machine whose text fields carry markup. */
export function hostileMachine(): MachineRecord {
  return {
    ...fixtureMachine(),
    id: 'hostile',
    hostname: HOSTILE_HOSTNAME,
    cpu: { ...fixtureMachine().cpu, brand: '<img src=x onerror=alert(2)>' },
    probe: null,
  };
}

export function fixtureResults(name: string): ResultsFile {
  return JSON.parse(readFileSync(join(FIXTURES, 'results', `${name}.json`), 'utf8')) as ResultsFile;
}

/** Fill `outDir` with the fixture results and peers (quick profile), both machine records and the executed notebooks. */
export function writeReportFixture(outDir: string): void {
  for (const name of ['n-sweep', 'chunk-sweep', 'workers-sweep']) saveResults(outDir, fixtureResults(name));
  savePeers(outDir, JSON.parse(readFileSync(join(FIXTURES, 'results', 'peers.json'), 'utf8')) as PeersFile);
  saveMachine(outDir, fixtureMachine());
  saveMachine(outDir, hostileMachine());
  cpSync(join(FIXTURES, 'report', 'notebooks'), join(outDir, 'notebooks'), { recursive: true });
}
