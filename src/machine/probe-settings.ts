// The plan a profile's probe settings (PROFILE_SETTINGS[profile].probe) give on a machine, and when a stored probe is fine enough to reuse.
import type { Profile } from '../results/schema.js';
import type { CacheLevel, ProbeCoverage, ProbeResult, ProbeSettings } from './record.js';

const KIB = 1024;
const MIB = 1024 * KIB;

/** WebAssembly memory is 32-bit: a working set (and a spread chase's span) stays at or below 2 GiB. */
export const MAX_WASM_BYTES = 2 * 1024 * MIB;
/** Bytes of a float64 term in the array variants. */
export const TERM_BYTES = 8;
/** One page of the chase layouts (x64 and arm64 Linux, macOS x64). */
export const PAGE_BYTES = 4 * KIB;

/** What the probe needs to know about the machine to size its grid. */
export interface ProbeMachine {
  caches: readonly CacheLevel[];
  /** Bytes the probe may use at most (e.g. half the available memory); null when unknown. */
  memoryBudgetBytes: number | null;
  /** Worker threads of the all-cores bandwidth run. */
  cores: number;
}

/** The grid and sizes a profile's settings give on one machine. */
export interface ProbePlan {
  settings: ProbeSettings;
  /** Working sets of the latency staircase and the bandwidth probe, ascending, whole 128-byte blocks. */
  sizes: number[];
  /** Footprints of the one-line-per-page chase, ascending: from a quarter of minBytes (16 pages at 4 KiB), so the first TLB level's reach is on the curve. */
  spreadSizes: number[];
  /** Thread counts of the bandwidth probe: 1, and all cores when there are more than one. */
  threads: number[];
  /** Array sizes of the first-touch probe, bytes. */
  firstTouchBytes: number[];
  coverage: ProbeCoverage;
}

/** Log-spaced sizes from min to max inclusive at `stepsPerOctave`, each rounded to a multiple of `grain`. Pure; O(octaves × steps). */
export function logGrid(minBytes: number, maxBytes: number, stepsPerOctave: number, grain = 128): number[] {
  const sizes: number[] = [];
  const count = Math.max(0, Math.round(Math.log2(maxBytes / minBytes) * stepsPerOctave));
  for (let i = 0; i <= count; i++) {
    const bytes = Math.max(grain, Math.round((minBytes * 2 ** (i / stepsPerOctave)) / grain) * grain);
    if (sizes[sizes.length - 1] !== bytes) sizes.push(bytes);
  }
  return sizes;
}

/** The largest recorded data or unified cache instance (the last-level cache), or null. */
export function lastLevelCacheBytes(caches: readonly CacheLevel[]): number | null {
  const sizes = caches.filter((c) => c.type !== 'instruction' && c.sizeBytes !== null).map((c) => c.sizeBytes!);
  return sizes.length === 0 ? null : Math.max(...sizes);
}

/**
 * The plan for `settings` on `machine`: the grid ends at max(floorBytes, llcMultiple × LLC), cut
 * short (and marked truncated, with the reason) when the bandwidth run on all cores would need more
 * than the memory budget, or past the WebAssembly limit. Pure.
 */
export function planProbe(settings: ProbeSettings, machine: ProbeMachine): ProbePlan {
  const llcBytes = lastLevelCacheBytes(machine.caches);
  const wantedMaxBytes = Math.max(settings.floorBytes, settings.llcMultiple * (llcBytes ?? 0));
  const threads = machine.cores > 1 ? [1, machine.cores] : [1];
  let maxBytes = wantedMaxBytes;
  let reason: string | null = null;
  const perThreadBudget = machine.memoryBudgetBytes === null ? Infinity : machine.memoryBudgetBytes / machine.cores;
  if (maxBytes > perThreadBudget) {
    maxBytes = perThreadBudget;
    reason = `memory: ${machine.cores} threads × ${wantedMaxBytes} bytes exceed the probe's budget of ${machine.memoryBudgetBytes} bytes`;
  }
  if (maxBytes > MAX_WASM_BYTES) {
    maxBytes = MAX_WASM_BYTES;
    reason = `WebAssembly memory: a working set of ${wantedMaxBytes} bytes exceeds the ${MAX_WASM_BYTES}-byte limit`;
  }
  const grid = logGrid(settings.minBytes, wantedMaxBytes, settings.stepsPerOctave);
  const sizes = grid.filter((bytes) => bytes <= maxBytes);
  if (sizes.length === 0) sizes.push(grid[0]!);
  // A spread chase of b bytes spans 64·b bytes of pages.
  const spreadLimit = Math.min(settings.spreadMaxBytes, Math.min(MAX_WASM_BYTES, maxBytes * 2) / (PAGE_BYTES / 64));
  const measured = sizes[sizes.length - 1]!;
  const firstTouchBytes = settings.firstTouchTerms
    .map((terms) => terms * TERM_BYTES)
    .filter((bytes) => bytes * 2 <= (machine.memoryBudgetBytes ?? Infinity));
  return {
    settings: { ...settings, firstTouchTerms: [...settings.firstTouchTerms] },
    sizes,
    spreadSizes: logGrid(settings.minBytes / 4, spreadLimit, settings.stepsPerOctave, 64),
    threads,
    firstTouchBytes,
    coverage: {
      maxBytes: measured,
      wantedMaxBytes,
      llcBytes,
      // Only a limit cuts the grid short: without one it ends within a step of the wanted size (its last
      // point may round just past it and be dropped), and a re-run would reach no further.
      truncated: reason !== null,
      reason,
    },
  };
}

/** Settings fields where a smaller value is the finer one; for all the others larger is finer. */
const SMALLER_IS_FINER: ReadonlySet<keyof ProbeSettings> = new Set(['minBytes']);

/**
 * Why `probe` is not fine enough for `wanted`, the settings of `profile` (empty when it is): missing settings (recorded
 * before schema 2, or by an ad-hoc run), any setting coarser than the profile's, a first-touch
 * size the profile wants and the probe lacks, a truncated grid, or a missing or failed section.
 * Pure.
 */
export function probeShortfalls(
  probe: ProbeResult | null,
  wanted: Readonly<ProbeSettings>,
  profile: Profile,
): string[] {
  if (probe === null) return ['no probe recorded'];
  const have = probe.settings;
  if (have === undefined) return ['the probe records no settings (recorded before schema 2 or by a latency-only run)'];
  const shortfalls: string[] = [];
  for (const key of Object.keys(wanted) as Array<keyof ProbeSettings>) {
    if (key === 'firstTouchTerms') {
      const missing = wanted.firstTouchTerms.filter((terms) => !have.firstTouchTerms.includes(terms));
      if (missing.length > 0) shortfalls.push(`firstTouchTerms lacks ${missing.join(', ')}`);
      continue;
    }
    const [h, w] = [have[key] as number, wanted[key] as number];
    const coarser = SMALLER_IS_FINER.has(key) ? h > w : h < w;
    if (coarser) shortfalls.push(`${key} ${have[key]} is coarser than ${profile}'s ${wanted[key]}`);
  }
  if (probe.coverage?.truncated !== false)
    shortfalls.push(`the grid was cut short: ${probe.coverage?.reason ?? 'coverage not recorded'}`);
  for (const section of ['tlb', 'bandwidth', 'firstTouch', 'compute'] as const) {
    if (probe[section] === undefined) shortfalls.push(`no ${section} section recorded`);
  }
  for (const [section, error] of Object.entries(probe.errors ?? {})) shortfalls.push(`${section} failed: ${error}`);
  return shortfalls;
}

/** True when `probe` may stand in for a probe at `profile`: probeShortfalls finds nothing. Pure. */
export function probeSatisfies(probe: ProbeResult | null, wanted: Readonly<ProbeSettings>, profile: Profile): boolean {
  return probeShortfalls(probe, wanted, profile).length === 0;
}
