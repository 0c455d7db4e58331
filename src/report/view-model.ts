// The report's view-model: every value the page shows, finished (formatted, labelled), built from the loaded inputs.
import { VARIANTS } from '../kernels/registry.js';
import type { Variant } from '../kernels/types.js';
import { arraysLive, compareNapkin, reproduceArticleNapkin, type NapkinComparison } from '../machine/napkin.js';
import { slug } from '../machine/id.js';
import type { MachineRecord } from '../machine/record.js';
import { REFERENCE_MACHINE_ID } from '../machine/reference-m1-pro.js';
import { joinText, type Notebook } from '../jupyter/ipynb.js';
import { ARTICLE_SOURCE } from '../reference/article-figures.js';
import { SWEEP_KINDS, type Profile, type ResultsFile, type SweepKind } from '../results/schema.js';
import type { CacheLevel, ChartDefinition } from './charts/chart-data.js';
import { cacheProbeChart, chunkSizeChart, timeVsNChart, workersVsNChart } from './charts/charts.js';
import { findTitleHeading } from './render/notebook-html.js';
import type { BuildInfo, ReportInputs } from './load.js';
import { summarizeMachine, buildMachineSpecsTable, type MachineSummary } from './machine-view.js';
import {
  buildArticleComparison,
  buildHeadlineTable,
  buildLanguagesTable,
  notMeasured,
  type HeadlineTable,
  type TextTable,
} from './summary-tables.js';

/** What the front page is about: the subject machine, its record, and its results file of each kind at the profile. */
export interface ReportSummary {
  profile: Profile;
  machineId: string | null;
  machine: MachineRecord | null;
  files: Partial<Record<SweepKind, ResultsFile>>;
  /** Why a kind has no file: one reason for all, naming the profile and machine. */
  missing: (kind: SweepKind) => string;
}

export interface SweepLine {
  kind: SweepKind;
  text: string;
}

export interface NotebookView {
  id: string;
  title: string;
  name: string;
  file: string;
  /** "stopped at cell 3: RangeError: …" when the executed copy holds an error; null when it ran through. */
  failure: string | null;
  notebook: Notebook;
}

export interface NapkinView {
  machineId: string | null;
  /** A verdict per variant of the chunk sweep, or empty with `missing` saying why. */
  comparisons: NapkinComparison[];
  missing: string | null;
  article: { text: string; source: string };
}

export interface ReportViewModel {
  title: string;
  profile: Profile;
  machine: MachineSummary | null;
  machineMissing: string | null;
  sweeps: SweepLine[];
  headline: HeadlineTable;
  articleComparison: TextTable;
  languages: TextTable;
  machineSpecs: TextTable;
  napkin: NapkinView;
  charts: ChartDefinition[];
  missingCharts: { title: string; reason: string }[];
  notebooks: NotebookView[];
  data: {
    results: { file: string; text: string }[];
    machines: { file: string; id: string }[];
    notebooks: string[];
    csv: string;
  };
  build: BuildInfo;
}

/** Step 2 of the render: pick the subject machine's record and results at the profile. Pure. */
export function summarizeInputs(inputs: ReportInputs): ReportSummary {
  const id = inputs.subjectMachineId;
  const files: Partial<Record<SweepKind, ResultsFile>> = {};
  for (const entry of inputs.results)
    if (entry.machineId === id && entry.profile === inputs.profile) files[entry.kind] = entry.results;
  return {
    profile: inputs.profile,
    machineId: id,
    machine: inputs.machines.find((m) => m.id === id) ?? null,
    files,
    missing: (kind) =>
      id === null
        ? `no results stored at profile ${inputs.profile}`
        : `no ${kind} sweep stored for ${id} at profile ${inputs.profile}`,
  };
}

function describeSweep(kind: SweepKind, file: ResultsFile | undefined, missing: string): SweepLine {
  if (file === undefined) return { kind, text: notMeasured(missing) };
  const count = (status: string) => file.points.filter((p) => p.status === status).length;
  return {
    kind,
    text: `${count('ok')} points measured, ${count('skipped')} skipped, ${count('failed')} failed; ${file.startedAt} to ${file.updatedAt}, Node ${file.node}`,
  };
}

/** Cache sizes to draw as rules: each data or unified cache with a known size. */
function cacheRules(machine: MachineRecord | null): CacheLevel[] {
  if (machine === null) return [];
  return machine.caches.flatMap((c) =>
    c.type === 'instruction' || c.sizeBytes === null
      ? []
      : [{ name: c.coreType === null ? c.name : `${c.name} ${c.coreType}`, bytes: c.sizeBytes }],
  );
}

/**
 * The front page's charts from the subject's files: time vs N, chunk size against the caches, the workers
 * crossover and the cache probe (per-step and speed-up charts are in the notebooks, which keeps the
 * --no-run render fast). A kind without a file becomes a "not measured" line instead.
 */
function buildCharts(
  summary: ReportSummary,
  variants: readonly Variant[],
): { charts: ChartDefinition[]; missingCharts: ReportViewModel['missingCharts'] } {
  const charts: ChartDefinition[] = [];
  const missingCharts: ReportViewModel['missingCharts'] = [];
  const { n, chunk, workers } = summary.files;
  const chunked = variants.find((v) => v.name === 'chunked');
  if (n) charts.push(timeVsNChart(n));
  else missingCharts.push({ title: 'Time vs N', reason: summary.missing('n') });
  if (chunk)
    charts.push(
      chunkSizeChart(chunk, {
        arraysPerChunk: chunked === undefined ? 1 : arraysLive(chunked),
        caches: cacheRules(summary.machine),
      }),
    );
  else missingCharts.push({ title: 'Time per term vs chunk size', reason: summary.missing('chunk') });
  if (workers) charts.push(workersVsNChart(workers));
  else missingCharts.push({ title: 'Workers vs chunked over N', reason: summary.missing('workers') });
  const probe = summary.machine?.probe;
  if (probe)
    charts.push(
      cacheProbeChart(
        probe.points.map((p) => ({ bytes: p.workingSetBytes, value: p.nsPerLoad })),
        cacheRules(summary.machine),
        { valueTitle: 'ns per dependent load', title: `Cache probe on ${summary.machine!.id}` },
      ),
    );
  else
    missingCharts.push({
      title: 'Cache probe',
      reason:
        summary.machine === null
          ? 'this machine\u2019s specs are not recorded'
          : `no cache probe in ${summary.machine.id}'s record (basel-lab specs --probe)`,
    });
  return { charts, missingCharts };
}

function buildNapkin(summary: ReportSummary, variants: readonly Variant[]): NapkinView {
  const article = reproduceArticleNapkin();
  const articleView = { text: `The article's napkin math: ${article.articleSays}.`, source: ARTICLE_SOURCE };
  const chunk = summary.files.chunk;
  if (summary.machine === null)
    return {
      machineId: summary.machineId,
      comparisons: [],
      missing: notMeasured(`no machine record for ${summary.machineId ?? 'this machine'} under machines/`),
      article: articleView,
    };
  if (chunk === undefined)
    return {
      machineId: summary.machineId,
      comparisons: [],
      missing: notMeasured(summary.missing('chunk')),
      article: articleView,
    };
  const comparisons = compareNapkin(summary.machine, variants, chunk);
  return {
    machineId: summary.machineId,
    comparisons,
    missing: comparisons.length === 0 ? notMeasured('the chunk sweep has no measured point') : null,
    article: articleView,
  };
}

/** The notebook's title: its first markdown heading without inline-markup characters, else its file name. */
function notebookTitle(notebook: Notebook, name: string): string {
  const heading = findTitleHeading(notebook);
  return heading === null ? name : heading.text.replace(/[`*_]/g, '').trim(); // plain text: the section title is not markdown
}

/** The first "SomeError: message" line of a cell's stderr (tslab reports a thrown error there, not as an error output). */
function stderrError(cell: Notebook['cells'][number] | undefined): string | undefined {
  if (cell === undefined || cell.cell_type !== 'code') return undefined;
  for (const output of cell.outputs) {
    if (output.output_type !== 'stream' || output.name !== 'stderr') continue;
    const line = /^[A-Za-z]*(Error|Exception)\b.*$/m.exec(joinText(output.text));
    if (line) return line[0];
  }
  return undefined;
}

/**
 * Where the executed copy stopped, if it did: a cell with an error output (timeouts, kernel deaths),
 * or a code cell the runner never reached (execution_count null), named with the error the cell
 * before it printed. Null when every code cell ran.
 */
function notebookFailure(notebook: Notebook): string | null {
  let previous: number | undefined;
  for (const [index, cell] of notebook.cells.entries()) {
    if (cell.cell_type !== 'code') continue;
    const error = cell.outputs.find((o) => o.output_type === 'error');
    if (error !== undefined && error.output_type === 'error')
      return `stopped at cell ${index + 1}: ${error.ename}: ${error.evalue}`;
    if (cell.execution_count === null && joinText(cell.source).trim() !== '') {
      const reason = previous === undefined ? undefined : stderrError(notebook.cells[previous]);
      return previous === undefined
        ? `no cell ran (cell ${index + 1} was never executed)`
        : `stopped at cell ${previous + 1}${reason === undefined ? '' : `: ${reason}`}`;
    }
    previous = index;
  }
  return null;
}

/** Step 3 of the render: the view-model, every value finished for the templates. Pure given its inputs. */
export function buildViewModel(
  inputs: ReportInputs,
  summary: ReportSummary = summarizeInputs(inputs),
  variants: readonly Variant[] = VARIANTS,
): ReportViewModel {
  const { n } = summary.files;
  const machineLabel = summary.machineId ?? 'this machine';
  return {
    title: 'basel-lab: summing 1/x² in TypeScript, step by step',
    profile: inputs.profile,
    machine: summary.machine === null ? null : summarizeMachine(summary.machine),
    machineMissing:
      summary.machine === null
        ? notMeasured(`no machine record for ${machineLabel} under machines/ (basel-lab specs)`)
        : null,
    sweeps: SWEEP_KINDS.map((kind) => describeSweep(kind, summary.files[kind], summary.missing(kind))),
    headline: buildHeadlineTable(n, variants, summary.missing('n')),
    articleComparison: buildArticleComparison(n, variants, summary.missing('n')),
    languages: buildLanguagesTable(n, machineLabel),
    machineSpecs: buildMachineSpecsTable(inputs.machines),
    napkin: buildNapkin(summary, variants),
    ...buildCharts(summary, variants),
    notebooks: inputs.notebooks.map(({ name, file, notebook }) => ({
      id: `notebook-${name.replace(/[^\w-]/g, '-')}`,
      title: notebookTitle(notebook, name),
      name,
      file,
      failure: notebookFailure(notebook),
      notebook,
    })),
    data: {
      results: inputs.results.map((entry) => ({
        file: entry.file,
        text: `${entry.kind} sweep, profile ${entry.profile}, machine ${entry.machineId}, updated ${entry.results.updatedAt}`,
      })),
      machines: inputs.machines
        .filter((m) => m.id !== REFERENCE_MACHINE_ID)
        .map((m) => ({ file: `machines/${slug(m.id)}.json`, id: m.id })),
      notebooks: inputs.notebooks.map((nb) => nb.file),
      csv: 'results.csv',
    },
    build: inputs.build,
  };
}
