// The front page's charts, in order: each from the subject's data, or the reason it cannot be drawn.
import { timeVsNChart } from './charts/charts.js';
import type { ChartDefinition } from './charts/chart-data.js';
import { probeFigure } from './charts/figures.js';
import {
  studyChunkedFigure,
  studyChunkSizeFigure,
  studyStepsFigure,
  studyWorkersFigure,
} from './charts/study-figures.js';
import type { ReportSummary } from './summarize.js';
import { missingText, type Missing } from './table/model.js';

interface FrontChart {
  title: string;
  /** The chart, or why it is missing. */
  build(summary: ReportSummary): ChartDefinition | Missing;
}

/**
 * Time vs N, the study's five figures from this machine's data (per-step stacks, chunked vs N, chunk size
 * against the caches, the workers crossover), and the cache probe; speed-up charts are in the chapters. Add a chart here.
 */
export const FRONT_CHARTS: readonly FrontChart[] = [
  { title: 'Time vs N', build: (s) => (s.files.n ? timeVsNChart(s.files.n) : s.missing('n')) },
  // The study's figures, numbered, each with the study's values beside ours and a sentence on what it shows.
  {
    title: 'Figure 1. Time per step: arrays',
    build: (s) => (s.files.steps ? studyStepsFigure(s.files.steps, 'arrays', 1) : s.missing('steps')),
  },
  {
    title: 'Figure 2. Time per step: broadcast',
    build: (s) => (s.files.steps ? studyStepsFigure(s.files.steps, 'broadcast', 2) : s.missing('steps')),
  },
  {
    title: 'Figure 3. chunked vs N',
    build: (s) => (s.files.n ? studyChunkedFigure(s.files.n, 3) : s.missing('n')),
  },
  {
    title: 'Figure 4. Time per term vs chunk size',
    build: (s) => (s.files.chunk ? studyChunkSizeFigure(s.files.chunk, s.machine, 4) : s.missing('chunk')),
  },
  {
    title: 'Figure 5. Workers vs the baseline over N',
    build: (s) => (s.files.workers ? studyWorkersFigure(s.files.workers, 5) : s.missing('workers')),
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
