// The machine record's on-disk shape, as zod schemas for version 1 (read and upgraded) and version 2 (current).
import { z } from 'zod';
import { PROFILES } from '../results/schema.js';
import {
  BANDWIDTH_KERNELS,
  CACHE_SOURCES,
  CACHE_TYPES,
  COMPUTE_OPERATIONS,
  CORE_TYPES,
  PROBE_SECTIONS,
  type MachineRecord,
} from './record.js';

/* Every message completes "<field path> …", e.g. "caches[0].sizeBytes must be a finite number or null". */
const number = z.number({ error: 'must be a finite number' });
const nullableNumber = z.number({ error: 'must be a finite number or null' }).nullable();
const string = z.string({ error: 'must be a string' });
const nullableString = z.string({ error: 'must be a string or null' }).nullable();
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of ${values.join(', ')}` });
const object = <T extends z.core.$ZodLooseShape>(shape: T) => z.object(shape, { error: 'must be an object' });
const array = <T extends z.ZodType>(item: T) => z.array(item, { error: 'must be an array' });
const stringMap = z.record(z.string(), string, { error: 'must be an object of strings' });

const cacheLevel = object({
  name: string,
  level: number,
  type: oneOf(CACHE_TYPES),
  coreType: z.enum(CORE_TYPES, { error: `must be one of ${CORE_TYPES.join(', ')} or null` }).nullable(),
  sizeBytes: nullableNumber,
  sharedByCores: nullableNumber,
  sharedByCpus: nullableNumber,
  instances: nullableNumber,
  lineBytes: nullableNumber,
  totalBytes: nullableNumber,
  reasons: stringMap,
});

const probePointV1 = object({ workingSetBytes: number, nsPerLoad: number, relativeLatency: number });
const probePoint = probePointV1.extend({ minNsPerLoad: number.optional(), maxNsPerLoad: number.optional() });

const boundary = object({
  name: string,
  detectedBytes: nullableNumber,
  recordedBytes: nullableNumber,
  ratio: nullableNumber,
  reason: string.optional(),
});

const probeV1 = object({ method: string, points: array(probePointV1), boundaries: array(boundary), elapsedMs: number });

const settings = object({
  minBytes: number,
  llcMultiple: number,
  floorBytes: number,
  stepsPerOctave: number,
  latencyLoads: number,
  latencyRepeats: number,
  spreadMaxBytes: number,
  bandwidthBytes: number,
  bandwidthRepeats: number,
  firstTouchTerms: array(number),
  firstTouchRepeats: number,
  computeIterations: number,
  computeRepeats: number,
});

const coverage = object({
  maxBytes: number,
  wantedMaxBytes: number,
  llcBytes: nullableNumber,
  truncated: z.boolean({ error: 'must be true or false' }),
  reason: nullableString,
  stoppedEarly: string.optional(),
});

const tlb = object({
  method: string,
  spread: array(probePoint.extend({ pages: number })),
  pages: object({
    pageBytes: number,
    transparentHugePages: z
      .enum(['always', 'madvise', 'never'], { error: 'must be one of always, madvise, never or null' })
      .nullable(),
    hugePagesUsedBytes: nullableNumber,
    hugePages: object({ used: z.boolean({ error: 'must be true or false' }), reason: string }),
  }),
  elapsedMs: number,
});

const bandwidth = object({
  method: string,
  curves: array(
    object({
      kernel: oneOf(BANDWIDTH_KERNELS),
      threads: number,
      points: array(
        object({ workingSetBytes: number, gbPerSecond: number, medianGbPerSecond: number, minGbPerSecond: number }),
      ),
    }),
  ),
  elapsedMs: number,
});

const firstTouch = object({
  method: string,
  pageBytes: number,
  points: array(
    object({
      bytes: number,
      freshMs: number,
      touchedMs: number,
      freshGbPerSecond: number,
      touchedGbPerSecond: number,
      nsPerPage: number,
      faultsPerPage: number,
      nsPerFault: nullableNumber,
      repeats: number.optional(),
    }),
  ),
  elapsedMs: number,
});

const compute = object({
  method: string,
  ceilings: array(
    object({
      operation: oneOf(COMPUTE_OPERATIONS),
      lanes: z.literal([1, 2], { error: 'must be 1 or 2' }),
      engine: oneOf(['wasm', 'js']),
      dependent: z.boolean({ error: 'must be true or false' }),
      opsPerNs: number,
      medianOpsPerNs: number,
      minOpsPerNs: number,
    }),
  ),
  elapsedMs: number,
});

const probeV2 = probeV1.extend({
  points: array(probePoint),
  profile: oneOf(PROFILES).optional(),
  settings: settings.optional(),
  coverage: coverage.optional(),
  tlb: tlb.optional(),
  bandwidth: bandwidth.optional(),
  firstTouch: firstTouch.optional(),
  compute: compute.optional(),
  findings: array(
    object({
      kind: z.literal('cache-size-disagrees', { error: 'must be "cache-size-disagrees"' }),
      level: string,
      reportedBytes: number,
      measuredBytes: number,
      ratio: number,
    }),
  ).optional(),
  errors: z.partialRecord(oneOf(PROBE_SECTIONS), string, { error: 'must be an object of strings' }).optional(),
});

/** The fields every version shares; `probe` differs. */
const recordFields = {
  id: string,
  provenance: string,
  recordedAt: string,
  hostname: nullableString,
  cpu: object({
    brand: nullableString,
    vendor: nullableString,
    family: nullableString,
    model: nullableString,
    arch: nullableString,
  }),
  cores: object({
    physical: nullableNumber,
    logical: nullableNumber,
    performance: nullableNumber,
    efficiency: nullableNumber,
  }),
  cacheSource: object({ name: oneOf(CACHE_SOURCES), meaning: string }),
  caches: array(cacheLevel),
  memory: object({ totalBytes: nullableNumber, availableBytes: nullableNumber }),
  os: object({ platform: nullableString, distro: nullableString, release: nullableString, kernel: nullableString }),
  runtime: object({ node: nullableString, v8: nullableString }),
  reasons: stringMap,
  notes: array(string),
  raw: stringMap,
};

/** A version 1 record (basel-lab before the bandwidth probe): upgraded on load by upgradeMachineRecord. */
export const MACHINE_RECORD_V1 = object({
  ...recordFields,
  version: z.literal(1),
  probe: probeV1.nullable(),
});
export type MachineRecordV1 = z.infer<typeof MACHINE_RECORD_V1>;

/** The current record. Unknown keys are dropped: nothing from disk is kept that the code does not know. */
export const MACHINE_RECORD = object({
  ...recordFields,
  version: z.literal(2),
  probe: probeV2.nullable(),
});

// The schema's output must be a MachineRecord: a change to one without the other fails to compile.
const _matchesRecord: z.ZodType<MachineRecord> = MACHINE_RECORD;
void _matchesRecord;

/** "caches[0].sizeBytes" from zod's ["caches", 0, "sizeBytes"]; "the record" for the root. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'the record';
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('');
}
