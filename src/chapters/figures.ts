// Chart definitions the chapters need on top of the report's: chunk sizes against this machine's caches, the probe; showing one with its notes.
import { getVariant } from '../kernels/registry.js';
import { formatBytes } from '../machine/format.js';
import { arraysLive, cacheBudgets } from '../machine/napkin.js';
import type { MachineRecord, ProbeResult } from '../machine/record.js';
import type { ChartDefinition } from '../report/charts/chart-data.js';
import { cacheProbeChart, chunkSizeChart, variantsAtNChart, type ProbeSample } from '../report/charts/charts.js';
import type { ResultsFile } from '../results/schema.js';
import type { MimeBundle } from '../jupyter/ipynb.js';
import { showBundle, showChart } from './display.js';

/** The chunk-size chart with a rule where the variant's live arrays fill one core's share of each cache. */
export function chunkSizeFigure(results: ResultsFile, machine: MachineRecord, variant = 'chunked'): ChartDefinition {
  const caches = cacheBudgets(machine).flatMap((b) =>
    b.budgetBytes === null ? [] : [{ name: `${b.cache} ${formatBytes(b.budgetBytes)}`, bytes: b.budgetBytes }],
  );
  return chunkSizeChart(results, { arraysPerChunk: arraysLive(getVariant(variant)), caches });
}

/** The probe's points as the chart's samples: working set in bytes → nanoseconds per dependent load. */
export function probeSamples(probe: ProbeResult): ProbeSample[] {
  return probe.points.map((point) => ({ bytes: point.workingSetBytes, value: point.nsPerLoad }));
}

/** Latency vs working set, with a rule at each recorded data/unified cache size (per instance). */
export function probeFigure(probe: ProbeResult, machine: MachineRecord): ChartDefinition {
  const caches = machine.caches.flatMap((c) =>
    c.type === 'instruction' || c.sizeBytes === null ? [] : [{ name: c.name, bytes: c.sizeBytes }],
  );
  return cacheProbeChart(probeSamples(probe), caches, {
    valueTitle: 'time per dependent load (ns)',
    title: `Cache probe on ${machine.id}`,
  });
}

/**
 * Show a chart and, below it, its notes (points not plotted and why). Outside a kernel the bundles
 * are returned instead.
 */
export async function showFigure(figure: ChartDefinition): Promise<MimeBundle[] | undefined> {
  const chart = await showChart(figure.spec);
  const notes =
    figure.notes.length === 0
      ? undefined
      : showBundle({ 'text/plain': figure.notes.map((note) => `note: ${note}`).join('\n') });
  const shown = [chart, notes].filter((bundle): bundle is MimeBundle => bundle !== undefined);
  return shown.length === 0 ? undefined : shown;
}

/** Every variant at the largest N measured in the sweep (the closing bar chart). */
export function variantsAtLargestNFigure(results: ResultsFile): ChartDefinition {
  const ns = results.points.filter((point) => point.status === 'ok').map((point) => point.params.n);
  return variantsAtNChart(
    results,
    ns.length === 0 ? Math.max(0, ...results.points.map((point) => point.params.n)) : Math.max(...ns),
  );
}
