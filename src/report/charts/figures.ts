// Charts that need a machine record beside the results: chunk sizes against this machine's caches, the
// cache probe, and the closing bar chart. The chapters and the report's front page draw the same ones.
import { BASELINE, getVariant } from '../../kernels/registry.js';
import { arraysLive, cacheBudgets } from '../../machine/napkin.js';
import type { MachineRecord, ProbeResult } from '../../machine/record.js';
import type { ResultsFile } from '../../results/schema.js';
import { formatBytes } from '../../util/format.js';
import type { ChartDefinition } from './chart-data.js';
import { cacheProbeChart, chunkSizeChart, variantsAtNChart, type ProbeSample } from './charts.js';

/**
 * The chunk-size chart with a rule where `variant`'s live arrays fill one core's share of each cache of
 * `machine`, as reported and, where the cache probe found the level elsewhere, as the probe measured it.
 */
export function chunkSizeFigure(
  results: ResultsFile,
  machine: MachineRecord | null,
  variant = BASELINE.name,
): ChartDefinition {
  const budgets = machine === null ? [] : cacheBudgets(machine);
  // A probe's cliff gets its own rule only where it differs from the reported size (by over a quarter).
  const caches = budgets.flatMap((b, i) => {
    const reported = b.source === 'probe' ? (budgets[i - 1]?.budgetBytes ?? null) : null;
    if (b.budgetBytes === null) return [];
    if (reported !== null && Math.abs(Math.log(b.budgetBytes / reported)) < Math.log(1.25)) return [];
    return [{ name: `${b.cache} ${formatBytes(b.budgetBytes)}`, bytes: b.budgetBytes }];
  });
  return chunkSizeChart(results, { arraysPerChunk: arraysLive(getVariant(variant)), caches });
}

/** The probe's points as the chart's samples: working set in bytes → nanoseconds per dependent load. */
export function probeSamples(probe: ProbeResult): ProbeSample[] {
  return probe.points.map((point) => ({ bytes: point.workingSetBytes, value: point.nsPerLoad }));
}

/** Latency vs working set, with a rule at each recorded data/unified cache size (per instance). */
export function probeFigure(probe: ProbeResult, machine: MachineRecord): ChartDefinition {
  const caches = machine.caches.flatMap((c) =>
    c.type === 'instruction' || c.sizeBytes === null
      ? []
      : [{ name: c.coreType === null ? c.name : `${c.name} ${c.coreType}`, bytes: c.sizeBytes }],
  );
  return cacheProbeChart(probeSamples(probe), caches, {
    valueTitle: 'time per dependent load (ns)',
    title: `Cache probe on ${machine.id}`,
  });
}

/** Every variant at the largest N measured in the sweep (the closing bar chart). */
export function variantsAtLargestNFigure(results: ResultsFile): ChartDefinition {
  const ns = results.points.filter((point) => point.status === 'ok').map((point) => point.params.n);
  return variantsAtNChart(
    results,
    ns.length === 0 ? Math.max(0, ...results.points.map((point) => point.params.n)) : Math.max(...ns),
  );
}
