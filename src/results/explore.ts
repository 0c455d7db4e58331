// The "explore" series of a machine, <out>/results/<machine-id>/explore.json: comparisons a user saved from
// a notebook (`lab.save`), each with the settings its points were measured under. Versioned, validated by zod.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeJsonAtomic } from '../util/atomic.js';
import { UserError } from '../util/errors.js';
import { ISOLATIONS, MeasuredPointSchema, PROFILES } from './schema.js';

/** Bump when the format changes incompatibly; another version is refused with what to do. */
export const EXPLORE_VERSION = 1;

/** Saved explorations kept per machine; saving one more drops the oldest. */
export const MAX_EXPLORATIONS = 50;

const count = z.number().int().nonnegative();
const nonNegative = z.number().nonnegative().refine(Number.isFinite, 'must be a finite number');

/**
 * What makes two measurements comparable: the profile's sampling, where they ran, and whether garbage
 * was collected between samples. Points measured under different settings are never put side by side.
 */
export const CompareSettingsSchema = z.object({
  profile: z.enum(PROFILES),
  isolation: z.enum(ISOLATIONS),
  warmupRuns: count,
  minSamples: count,
  minTimeMs: nonNegative,
  maxSamples: count,
  gcBetweenSamples: z.boolean(),
});
export type CompareSettings = z.infer<typeof CompareSettingsSchema>;

/** Where a variant came from: the registry, a notebook cell (this process only) or a module file. */
export const VARIANT_ORIGINS = ['built-in', 'notebook', 'module'] as const;

export const ExplorationSchema = z.object({
  title: z.string(),
  machineId: z.string().min(1),
  measuredAt: z.string().min(1),
  settings: CompareSettingsSchema,
  /** The variants in the order compared (ratios are against the first). */
  variants: z.array(z.object({ name: z.string().min(1), description: z.string(), origin: z.enum(VARIANT_ORIGINS) })),
  points: z.array(MeasuredPointSchema),
  /** Points not measured (too long for the profile's budget, too big for memory, interrupted), one line each. */
  notes: z.array(z.string()),
});
export type Exploration = z.infer<typeof ExplorationSchema>;

export const ExploreFileSchema = z.object({
  version: z.literal(EXPLORE_VERSION),
  kind: z.literal('explore'),
  machineId: z.string().min(1),
  explorations: z.array(ExplorationSchema),
});
export type ExploreFile = z.infer<typeof ExploreFileSchema>;

/** Where a machine's explorations live: a pure function of the output folder and the machine id. */
export function explorePath(outDir: string, machineId: string): string {
  return join(outDir, 'results', machineId, 'explore.json');
}

const LEAVE_IT = 'it was left untouched: move it away and save again';

/** The explore file at `path`, undefined if there is none; a UserError naming the file and the bad field otherwise. */
export function readExploreFile(path: string): ExploreFile | undefined {
  if (!existsSync(path)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UserError(`${path} is not valid JSON (${(error as Error).message}); ${LEAVE_IT}`);
  }
  const version = (value as { version?: unknown } | null)?.version;
  if (version !== EXPLORE_VERSION)
    throw new UserError(
      `${path} has explore format version ${JSON.stringify(version ?? null)}, but this basel-lab reads version ${EXPLORE_VERSION}; ${LEAVE_IT}`,
    );
  const parsed = ExploreFileSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('');
    throw new UserError(
      `${path} has ${field?.replace(/^\./, '') || 'a bad top level'}: ${issue?.message}; ${LEAVE_IT}`,
    );
  }
  if (parsed.data.explorations.some((entry) => entry.machineId !== parsed.data.machineId))
    throw new UserError(`${path} holds an exploration of another machine than ${parsed.data.machineId}; ${LEAVE_IT}`);
  return parsed.data;
}

/**
 * Add `exploration` to its machine's explore file under `outDir` (created if absent; the oldest entry
 * is dropped beyond MAX_EXPLORATIONS), atomically. A file that does not load is refused, never
 * overwritten. Returns the path.
 */
export function saveExploration(outDir: string, exploration: Exploration): string {
  const checked = ExplorationSchema.parse(exploration);
  const path = explorePath(outDir, checked.machineId);
  const stored = readExploreFile(path);
  const file: ExploreFile = stored ?? {
    version: EXPLORE_VERSION,
    kind: 'explore',
    machineId: checked.machineId,
    explorations: [],
  };
  file.explorations = [...file.explorations, checked].slice(-MAX_EXPLORATIONS);
  writeJsonAtomic(path, file);
  return path;
}
