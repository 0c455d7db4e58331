// The versioned format of the peers file, reports/results/<machine-id>/peers-<profile>.json: the study's C
// loop and numpy functions measured on this machine. Read from disk (maybe another machine's), so every
// field is checked.
import { z } from 'zod';
import { PROFILES, SkipSchema, StatsSchema } from '../results/schema.js';

/** Bump when the format changes incompatibly; a file of another version is refused with what to do. */
export const PEERS_VERSION = 1;

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const nonNegative = finite.refine((value) => value >= 0, 'must be ≥ 0');
const termCount = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const timestamp = z.string().min(1);

/** The toolchains a peer needs. */
export const TOOLCHAINS = ['c', 'numpy'] as const;
export type ToolchainName = (typeof TOOLCHAINS)[number];

/**
 * Why a toolchain is not available, as data (the sentence is unavailableText's): a command that is not
 * on the machine, a Python module its interpreter cannot import, or a compiler that failed on the source.
 */
export const UnavailableSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('not-found'), command: z.string().min(1) }),
  z.object({ kind: z.literal('module-missing'), module: z.string().min(1), interpreter: z.string().min(1) }),
  z.object({ kind: z.literal('failed'), command: z.string().min(1), error: z.string() }),
]);
export type Unavailable = z.infer<typeof UnavailableSchema>;

const missingToolchain = z.object({ available: z.literal(false), reason: UnavailableSchema });

/** The C compiler: the command run, its path and the version it reports. */
export const CToolchainSchema = z.discriminatedUnion('available', [
  z.object({ available: z.literal(true), compiler: z.string().min(1), path: z.string().min(1), version: z.string() }),
  missingToolchain,
]);
export type CToolchain = z.infer<typeof CToolchainSchema>;

/** The Python interpreter with numpy: its path and both versions. */
export const NumpyToolchainSchema = z.discriminatedUnion('available', [
  z.object({
    available: z.literal(true),
    interpreter: z.string().min(1),
    python: z.string().min(1),
    numpy: z.string().min(1),
  }),
  missingToolchain,
]);
export type NumpyToolchain = z.infer<typeof NumpyToolchainSchema>;

const pointBase = {
  /** The peer's id (see PEERS). */
  peer: z.string().min(1),
  n: termCount,
  /** Terms per chunk and processes, for the peers that take them (basel_chunks, basel_multicore). */
  chunk: termCount.optional(),
  workers: z.number().int().positive().optional(),
  finishedAt: timestamp,
};

/** Timed runs of one peer at one N: each run one call, after the profile's warm-up runs. */
export const PeerMeasuredSchema = z.object({
  ...pointBase,
  status: z.literal('ok'),
  samplesMs: z.array(nonNegative).min(1),
  stats: StatsSchema,
  sum: finite,
  exact: finite,
  absError: nonNegative,
});

export const PeerSkippedSchema = z.object({
  ...pointBase,
  status: z.literal('skipped'),
  skip: SkipSchema,
  reason: z.string(),
});
export const PeerFailedSchema = z.object({ ...pointBase, status: z.literal('failed'), error: z.string() });
/** A peer whose toolchain is missing: no run was tried. */
export const PeerUnavailableSchema = z.object({
  ...pointBase,
  status: z.literal('unavailable'),
  reason: UnavailableSchema,
});

export const PeerPointSchema = z.discriminatedUnion('status', [
  PeerMeasuredSchema,
  PeerSkippedSchema,
  PeerFailedSchema,
  PeerUnavailableSchema,
]);
export type PeerPoint = z.infer<typeof PeerPointSchema>;
export type PeerMeasured = z.infer<typeof PeerMeasuredSchema>;

export const PeersFileSchema = z.object({
  version: z.literal(PEERS_VERSION),
  kind: z.literal('peers'),
  profile: z.enum(PROFILES),
  machineId: z.string().min(1),
  /** Path of the machine's record relative to the output folder: `machines/<machine-id>.json`. */
  machineFile: z.string(),
  startedAt: timestamp,
  updatedAt: timestamp,
  /** What was asked: the N values, warm-up runs and timed runs per point. */
  settings: z.object({
    ns: z.array(termCount),
    warmupRuns: z.number().int().nonnegative(),
    repeats: z.number().int().positive(),
  }),
  toolchains: z.object({ c: CToolchainSchema, numpy: NumpyToolchainSchema }),
  points: z.array(PeerPointSchema),
});
export type PeersFile = z.infer<typeof PeersFileSchema>;
