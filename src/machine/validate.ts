// Type checks for a machine record read from disk, which may come from another (possibly hostile) machine.
import { UserError } from '../util/errors.js';
import { CACHE_SOURCES, CACHE_TYPES, CORE_TYPES, MACHINE_VERSION, type MachineRecord } from './record.js';

type Check = (value: unknown, path: string) => void;

/** Throws UserError naming `file` and the field when `value` is not a MachineRecord of this version. */
export function validateMachineRecord(value: unknown, file: string): MachineRecord {
  const fail = (path: string, expected: string): never => {
    throw new UserError(
      `${file}: ${path} must be ${expected}; re-run \`basel-lab specs\` on that machine or remove the file`,
    );
  };
  const object = (v: unknown, path: string): Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : fail(path, 'an object');
  const string: Check = (v, path) => void (typeof v === 'string' || fail(path, 'a string'));
  const nullableString: Check = (v, path) =>
    void (v === null || typeof v === 'string' || fail(path, 'a string or null'));
  const nullableNumber: Check = (v, path) =>
    void (v === null || (typeof v === 'number' && Number.isFinite(v)) || fail(path, 'a finite number or null'));
  const number: Check = (v, path) =>
    void ((typeof v === 'number' && Number.isFinite(v)) || fail(path, 'a finite number'));
  const oneOf =
    (allowed: readonly (string | null)[]): Check =>
    (v, path) =>
      void (allowed.includes(v as string) || fail(path, `one of ${allowed.join(', ')}`));
  const fields = (v: unknown, path: string, shape: Record<string, Check>): void => {
    const o = object(v, path);
    for (const [key, check] of Object.entries(shape)) check(o[key], `${path}.${key}`);
  };
  const stringMap: Check = (v, path) => {
    for (const [key, item] of Object.entries(object(v, path))) string(item, `${path}.${key}`);
  };
  const array = (v: unknown, path: string): unknown[] => (Array.isArray(v) ? v : fail(path, 'an array'));

  const root = object(value, 'the record');
  if (root.version !== MACHINE_VERSION) {
    throw new UserError(
      `${file}: machine record version ${JSON.stringify(root.version)} is not ${MACHINE_VERSION}; re-run \`basel-lab specs\` on that machine or remove the file`,
    );
  }
  for (const key of ['id', 'provenance', 'recordedAt']) string(root[key], key);
  nullableString(root.hostname, 'hostname');
  fields(root.cpu, 'cpu', {
    brand: nullableString,
    vendor: nullableString,
    family: nullableString,
    model: nullableString,
    arch: nullableString,
  });
  fields(root.cores, 'cores', {
    physical: nullableNumber,
    logical: nullableNumber,
    performance: nullableNumber,
    efficiency: nullableNumber,
  });
  fields(root.cacheSource, 'cacheSource', { name: oneOf(CACHE_SOURCES), meaning: string });
  array(root.caches, 'caches').forEach((cache, i) =>
    fields(cache, `caches[${i}]`, {
      name: string,
      level: number,
      type: oneOf(CACHE_TYPES),
      coreType: oneOf([...CORE_TYPES, null]),
      sizeBytes: nullableNumber,
      sharedByCores: nullableNumber,
      sharedByCpus: nullableNumber,
      instances: nullableNumber,
      lineBytes: nullableNumber,
      totalBytes: nullableNumber,
      reasons: stringMap,
    }),
  );
  fields(root.memory, 'memory', { totalBytes: nullableNumber, availableBytes: nullableNumber });
  fields(root.os, 'os', {
    platform: nullableString,
    distro: nullableString,
    release: nullableString,
    kernel: nullableString,
  });
  fields(root.runtime, 'runtime', { node: nullableString, v8: nullableString });
  stringMap(root.reasons, 'reasons');
  array(root.notes, 'notes').forEach((note, i) => string(note, `notes[${i}]`));
  stringMap(root.raw, 'raw');
  if (root.probe !== null) {
    const probe = object(root.probe, 'probe');
    string(probe.method, 'probe.method');
    number(probe.elapsedMs, 'probe.elapsedMs');
    array(probe.points, 'probe.points').forEach((point, i) =>
      fields(point, `probe.points[${i}]`, { workingSetBytes: number, nsPerLoad: number, relativeLatency: number }),
    );
    array(probe.boundaries, 'probe.boundaries').forEach((boundary, i) =>
      fields(boundary, `probe.boundaries[${i}]`, {
        name: string,
        detectedBytes: nullableNumber,
        recordedBytes: nullableNumber,
        ratio: nullableNumber,
      }),
    );
  }
  return value as MachineRecord;
}
