// Skip reasons as sentences and as short cell texts, both rendered from the stored data (never parsed back).
import { describeMemoryRefusal } from '../kernels/memory.js';
import { formatDecimalBytes, formatN, formatTime } from '../util/format.js';
import type { PointParams, Profile, Skip } from './schema.js';

/** How every time-budget sentence starts. */
export function budgetPhrase(profile: Profile): string {
  return `over the ${profile} profile's time budget`;
}

/** The full sentence stored beside a skip as `reason`, e.g. "arrays at N=1e10 needs 320 GB of arrays (…)". */
export function describeSkip(skip: Skip, params: PointParams, profile: Profile): string {
  switch (skip.kind) {
    case 'memory':
    case 'array-length':
    case 'wasm-memory':
    case 'thread':
      return describeMemoryRefusal(params.variant, params.n, skip);
    case 'budget': {
      const budget = skip.budgetMs === null ? '' : `, budget ${formatTime(skip.budgetMs)}`;
      if (skip.seriesMs !== undefined)
        return (
          `${budgetPhrase(profile)}, planned before measuring: the series up to this point is estimated at ` +
          `${formatTime(skip.seriesMs)} (this point ${formatTime(skip.estimateMs ?? 0)}), its budget ${formatTime(skip.budgetMs ?? 0)}`
        );
      if (skip.firstRunFresh === true) {
        const like = `${budgetPhrase(profile)}: its first run touches fresh pages, as the fresh point's runs do, and`;
        if (skip.overAtN !== undefined) return `${like} the fresh series was over it at N=${formatN(skip.overAtN)}`;
        const from = skip.fromN === undefined ? '' : ` (extrapolated from N=${formatN(skip.fromN)})`;
        return `${like} one of those is estimated at ${formatTime(skip.estimateMs ?? 0)}${from}${budget}`;
      }
      if (skip.overAtN !== undefined) return `${budgetPhrase(profile)}: N=${formatN(skip.overAtN)} was already over it`;
      if (skip.runMs !== undefined) return `${budgetPhrase(profile)}: one run took ${formatTime(skip.runMs)}${budget}`;
      if (skip.estimateMs !== undefined) {
        const from = skip.fromN === undefined ? '' : ` (extrapolated from N=${formatN(skip.fromN)})`;
        return `${budgetPhrase(profile)}: one sample estimated at ${formatTime(skip.estimateMs)}${from}${budget}`;
      }
      return budgetPhrase(profile);
    }
    case 'other':
      return 'skipped';
  }
}

/** A few words for a table cell: "over the time budget", "needs 320 GB of memory", "arrays too long for the engine". */
export function shortSkipText(skip: Skip, reason: string): string {
  switch (skip.kind) {
    case 'memory':
      return `needs ${formatDecimalBytes(skip.neededBytes)} of memory`;
    case 'array-length':
      return 'arrays too long for the engine';
    case 'wasm-memory':
      return `needs ${formatDecimalBytes(skip.neededBytes)} in one wasm32 memory (4 GiB at most)`;
    case 'thread':
      return `per thread: ${shortSkipText(skip.refusal, reason)}`;
    case 'budget':
      return 'over the time budget';
    case 'other':
      return reason;
  }
}
