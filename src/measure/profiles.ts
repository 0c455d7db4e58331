// The one profile table: everything a profile (smoke, quick, full) implies — sweep grids, sampling, the time
// budget, probe settings and the notebooks' cell limit. Nothing else names a per-profile setting.
const KIB = 1024;
const MIB = 1024 * KIB;
import type { ProbeSettings } from '../machine/record.js';
import type { Profile } from '../results/schema.js';
import type { MeasureSettings } from './measure.js';

export interface ProfileSettings {
  /** One line: what the profile is for. */
  description: string;
  /**
   * Set when the profile's numbers only show that everything runs: then no speed-up, crossover or
   * "faster than" is drawn from them, and the page and every chapter carry this warning as a banner.
   */
  numbersMeanNothing?: string;
  /** How each point is sampled (sweeps, notebooks, and `bench` unless --repeats/--warmup say otherwise). */
  measure: MeasureSettings;
  /**
   * Fresh processes each point's samples are spread over (sweeps; `measure` is their total): the
   * process-to-process spread of JIT and placement is averaged and shown (process-spread warning).
   */
  processes: number;
  /** N values of the `n`, `steps` and `workers` sweeps, ascending. */
  nGrid: readonly number[];
  /** The fixed N of the `chunk` sweep. */
  chunkN: number;
  /** Chunk sizes of the `chunk` sweep, ascending. */
  chunkSizes: readonly number[];
  /**
   * A point whose one sample is predicted (predictSampleMs) or, when it cannot be predicted, whose
   * first run turns out to take longer than this is recorded as skipped instead of measured.
   */
  maxSampleMs: number;
  /**
   * Milliseconds of estimated work (estimatePointsMs) each series may take, planned before measuring: a
   * series' points are taken in grid order while they fit, and the rest are recorded as over the budget
   * with their estimate (applySeriesBudget); the report extrapolates those cells and marks them "est.".
   */
  seriesBudgetMs: number;
  /**
   * The machine probe's grid and repetitions. A stored probe is reused by a profile only when it is at
   * least as fine (probeSatisfies); smoke's grid stops inside the last-level cache, so it never is.
   */
  probe: Readonly<ProbeSettings>;
  /** Per-cell time limit when the chapters run headlessly, in milliseconds. */
  cellTimeoutMs: number;
  /** How long other processes are watched before and after a sweep, to name the busy ones (ms). */
  busySampleMs: number;
  /** The peers measured here (C with gcc, the study's numpy functions): see src/peers/. */
  peers: PeerSettings;
}

/** What the peers stage measures: each peer at every N, `warmupRuns` untimed runs then `repeats` timed ones. */
export interface PeerSettings {
  ns: readonly number[];
  warmupRuns: number;
  repeats: number;
}

/** Per-cell limit of a headless chapter run: generous, since a chapter cell may run a whole sweep. */
const CELL_TIMEOUT_MS = 600_000;

/**
 * `count` integers spaced evenly in log scale from `from` to `to` inclusive, rounded, without
 * duplicates, ascending. Needs 1 ≤ from ≤ to and count ≥ 2. O(count).
 */
export function logSpaced(from: number, to: number, count: number): number[] {
  if (!(from >= 1 && from <= to && count >= 2))
    throw new RangeError(`logSpaced needs 1 ≤ from ≤ to and count ≥ 2 (got ${from}, ${to}, ${count})`);
  const ratio = Math.log(to / from) / (count - 1);
  const values = Array.from({ length: count }, (_, i) => Math.round(from * Math.exp(ratio * i)));
  values[count - 1] = to;
  return [...new Set(values)];
}

/**
 * smoke: tiny N, a handful of points, 2 samples and no warm-up — it checks that everything runs and
 *   adds up, not speed; all four sweeps in seconds; what the tests use.
 * quick: N = 1e5..1e9, one point per decade, chunk sweep at N = 1e8, each point's samples spread over
 *   2 fresh processes; each series may take an estimated 90 s (planned before measuring) and samples
 *   over 1.5 s are skipped, so the whole set stays within minutes on 2 cores.
 * full: the article's ranges — N = 1e5..1e10 at two points per decade, chunk sweep at N = 1e9 with
 *   sizes up to 1e7, 5 processes per point; samples over a minute are skipped.
 */
export const PROFILE_SETTINGS: Readonly<Record<Profile, ProfileSettings>> = {
  smoke: {
    description: 'seconds: checks that everything runs and adds up (what the tests use); its numbers mean nothing',
    numbersMeanNothing:
      'Smoke profile: this checks that everything runs — these numbers mean nothing (tiny N, no warm-up, 2 samples). No speed-up is claimed from them.',
    measure: { warmupRuns: 0, minSamples: 2, minTimeMs: 0, maxSamples: 5 },
    processes: 1,
    nGrid: [1_000, 10_000, 100_000],
    chunkN: 100_000,
    chunkSizes: logSpaced(500, 100_000, 4),
    maxSampleMs: 5_000,
    seriesBudgetMs: 30_000,
    // Up to 8 MiB at 2 sizes per octave, a few repeats: every section runs, in a few seconds.
    probe: {
      minBytes: 4 * KIB,
      llcMultiple: 0,
      floorBytes: 8 * MIB,
      stepsPerOctave: 2,
      latencyLoads: 1 << 14,
      latencyRepeats: 3,
      spreadMaxBytes: 256 * KIB,
      bandwidthBytes: 8 * MIB,
      bandwidthRepeats: 2,
      firstTouchTerms: [1e5, 1e6],
      firstTouchRepeats: 1,
      computeIterations: 1 << 16,
      computeRepeats: 2,
    },
    cellTimeoutMs: CELL_TIMEOUT_MS,
    busySampleMs: 50,
    peers: { ns: [10_000, 100_000], warmupRuns: 0, repeats: 2 },
  },
  quick: {
    description: 'a few minutes on 2 cores: the default of the report, the notebooks and bench',
    measure: { warmupRuns: 2, minSamples: 3, minTimeMs: 200, maxSamples: 50 },
    processes: 2,
    nGrid: logSpaced(1e5, 1e9, 5),
    chunkN: 1e8,
    // Up to 16 M terms: past 4 × a 32 MiB L3 / 24 B per term, so the chunk sweep reaches DRAM; 20 sizes
    // (about 4 per level between L1 and DRAM) keep the scalar chunked's share of the report near a minute.
    chunkSizes: logSpaced(500, 16_000_000, 20),
    maxSampleMs: 1_500,
    seriesBudgetMs: 90_000,
    // Up to 4× the last-level cache (at least 64 MiB) at 4 sizes per octave: a < 10% spread, under a minute.
    probe: {
      minBytes: 4 * KIB,
      llcMultiple: 4,
      floorBytes: 64 * MIB,
      stepsPerOctave: 4,
      latencyLoads: 1 << 17,
      latencyRepeats: 9,
      spreadMaxBytes: 2 * MIB,
      bandwidthBytes: 64 * MIB,
      bandwidthRepeats: 7,
      firstTouchTerms: [1e5, 1e6, 1e7, 1e8],
      firstTouchRepeats: 5,
      computeIterations: 1 << 21,
      computeRepeats: 5,
    },
    cellTimeoutMs: CELL_TIMEOUT_MS,
    busySampleMs: 250,
    peers: { ns: [1e8, 1e9], warmupRuns: 1, repeats: 5 },
  },
  full: {
    description: "the reference article's ranges: N up to 1e10, long",
    measure: { warmupRuns: 2, minSamples: 10, minTimeMs: 1_000, maxSamples: 200 },
    processes: 5,
    nGrid: logSpaced(1e5, 1e10, 11),
    chunkN: 1e9,
    chunkSizes: logSpaced(500, 1e7, 34),
    maxSampleMs: 60_000,
    seriesBudgetMs: 900_000,
    // Up to 8× the last-level cache at 6 sizes per octave, more loads and repeats.
    probe: {
      minBytes: 4 * KIB,
      llcMultiple: 8,
      floorBytes: 128 * MIB,
      stepsPerOctave: 6,
      latencyLoads: 1 << 18,
      latencyRepeats: 11,
      spreadMaxBytes: 4 * MIB,
      bandwidthBytes: 128 * MIB,
      bandwidthRepeats: 9,
      firstTouchTerms: [1e5, 1e6, 1e7, 1e8],
      firstTouchRepeats: 7,
      computeIterations: 1 << 22,
      computeRepeats: 9,
    },
    cellTimeoutMs: CELL_TIMEOUT_MS,
    busySampleMs: 500,
    peers: { ns: [1e8, 1e9, 1e10], warmupRuns: 1, repeats: 7 },
  },
};

/** The profile used when none is named: by the report, the notebooks (BASEL_PROFILE) and the commands. */
export const DEFAULT_PROFILE: Profile = 'quick';
