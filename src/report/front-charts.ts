// The front page's charts, in order: each from the subject's data, or the reason it cannot be drawn.
import { timeVsNChart, workersVsNChart } from './charts/charts.js';
import type { ChartDefinition } from './charts/chart-data.js';
import { chunkSizeFigure, probeFigure } from './charts/figures.js';
import type { ReportSummary } from './summarize.js';
import { missingText, type Missing } from './table/model.js';

interface FrontChart {
  title: string;
  /** The chart, or why it is missing. */
  build(summary: ReportSummary): ChartDefinition | Missing;
}

/**
 * Time vs N, chunk size against the caches, the workers crossover and the cache probe (per-step and
 * speed-up charts are in the chapters, which keeps the --no-run render fast). Add a chart here.
 */
export const FRONT_CHARTS: readonly FrontChart[] = [
  { title: 'Time vs N', build: (s) => (s.files.n ? timeVsNChart(s.files.n) : s.missing('n')) },
  {
    title: 'Time per term vs chunk size',
    build: (s) => (s.files.chunk ? chunkSizeFigure(s.files.chunk, s.machine) : s.missing('chunk')),
  },
  {
    title: 'Workers vs the baseline over N',
    build: (s) => (s.files.workers ? workersVsNChart(s.files.workers) : s.missing('workers')),
  },
  {
    title: 'Cache probe',
    build: (s) => {
      if (s.machine === null) return { kind: 'absent', what: 'this machine\u2019s specs are not recorded' };
      if (s.machine.probe === null) {
        return { kind: 'absent', what: `no cache probe in ${s.machine.id}'s record (basel-lab specs --probe)` };
      }
      return probeFigure(s.machine.probe, s.machine);
    },
  },
];

/** Every front-page chart that can be drawn, and a line for each that cannot. */
export function buildFrontCharts(summary: ReportSummary): {
  charts: ChartDefinition[];
  missingCharts: { title: string; reason: string }[];
} {
  const charts: ChartDefinition[] = [];
  const missingCharts: { title: string; reason: string }[] = [];
  for (const chart of FRONT_CHARTS) {
    const built = chart.build(summary);
    if ('spec' in built) charts.push(built);
    else missingCharts.push({ title: chart.title, reason: missingText(built) });
  }
  return { charts, missingCharts };
}
