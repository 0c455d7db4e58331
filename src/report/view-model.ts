// Step 3 of the render: the view-model, every value the page shows as finished tables, charts and text,
// built from the loaded inputs with the same table functions the chapters call.
import type { MachineRecord } from '../machine/record.js';
import { REFERENCE_MACHINE_ID } from '../machine/reference-m1-pro.js';
import { machineFileRelative } from '../util/paths.js';
import { SWEEP_KINDS, type Profile, type ResultsFile, type SweepKind } from '../results/schema.js';
import type { ChartDefinition } from './charts/chart-data.js';
import { buildFrontCharts } from './front-charts.js';
import type { BuildInfo, ReportInputs } from './load.js';
import { notebookView, type NotebookView } from './notebook-view.js';
import { summarizeInputs, type ReportSummary } from './summarize.js';
import { missingText, NOT_MEASURED, type Missing, type Table } from './table/model.js';
import { articleComparisonTable, languagesTable } from './tables/article.js';
import { articleNapkinTable, machineSpecsTable, napkinTable } from './tables/machines.js';
import { peersTable } from './tables/peers.js';
import { headlineTable } from './tables/results.js';
import { explorationTable } from './tables/explore.js';
import { timeVsNChart } from './charts/charts.js';
import { sampleOrderCharts, validityView, type ValidityView } from './validity-view.js';

export type { NotebookView } from './notebook-view.js';
export { summarizeInputs, type ReportSummary } from './summarize.js';

export interface SweepLine {
  kind: SweepKind;
  text: string;
  measured: boolean;
}

/** A table, or why there is none ("not measured: …"). */
export type TableOrMissing = { table: Table } | { missing: string };

export interface ReportViewModel {
  title: string;
  profile: Profile;
  /** The subject machine's record as a one-column table, or why there is none. */
  machine: TableOrMissing;
  sweeps: SweepLine[];
  headline: TableOrMissing;
  articleComparison: Table;
  languages: Table;
  /** The study's C loop and numpy functions measured here, per N. */
  peers: Table;
  machineSpecs: Table;
  napkin: { tables: TableOrMissing[]; article: Table };
  charts: ChartDefinition[];
  missingCharts: { title: string; reason: string }[];
  notebooks: NotebookView[];
  /** The user's saved explorations (lab.save), newest first, each a table and a chart; absent when none are saved. */
  yourVariants?: { tables: Table[]; charts: ChartDefinition[] };
  data: {
    results: { file: string; text: string }[];
    machines: { file: string; id: string }[];
    notebooks: string[];
    csv: string;
    /** How far to trust each results file: conditions, validity warnings, outlier counts. */
    validity: ValidityView[];
    /** The sample-order chart of each results file's noisiest point. */
    sampleCharts: ChartDefinition[];
  };
  /** Input files that were skipped, one line each (see ReportInputs.warnings). */
  warnings: string[];
  build: BuildInfo;
}

/** "not measured: <reason>", the one wording of an absent value. */
export function notMeasured(reason: Missing): string {
  return `${NOT_MEASURED}: ${missingText(reason)}`;
}

function describeSweep(kind: SweepKind, file: ResultsFile | undefined, summary: ReportSummary): SweepLine {
  if (file === undefined) return { kind, text: notMeasured(summary.missing(kind)), measured: false };
  const count = (status: string) => file.points.filter((p) => p.status === status).length;
  return {
    kind,
    text: `${count('ok')} points measured, ${count('skipped')} skipped, ${count('failed')} failed; ${file.startedAt} to ${file.updatedAt}, Node ${file.node}`,
    measured: true,
  };
}

/** The machines side by side: the subject first, then the other recorded machines, then the reference. */
function machinesInOrder(machines: readonly MachineRecord[], subject: string | null): MachineRecord[] {
  const rank = (m: MachineRecord) => (m.id === subject ? 0 : m.id === REFERENCE_MACHINE_ID ? 2 : 1);
  return [...machines].sort((a, b) => rank(a) - rank(b));
}

function buildNapkin(summary: ReportSummary): ReportViewModel['napkin'] {
  const article = articleNapkinTable();
  if (summary.machine === null) {
    const what = `no machine record for ${summary.machineId ?? 'this machine'} under machines/`;
    return { tables: [{ missing: notMeasured({ kind: 'absent', what }) }], article };
  }
  const chunk = summary.files.chunk;
  if (chunk === undefined) return { tables: [{ missing: notMeasured(summary.missing('chunk')) }], article };
  const variants = [...new Set(chunk.points.map((p) => p.params.variant))];
  return { tables: variants.map((variant) => ({ table: napkinTable(summary.machine!, chunk, variant) })), article };
}

/** The view-model, every value finished for the templates. Pure given its inputs. */
export function buildViewModel(
  inputs: ReportInputs,
  summary: ReportSummary = summarizeInputs(inputs),
): ReportViewModel {
  const { n } = summary.files;
  const machineLabel = summary.machineId ?? 'this machine';
  return {
    title: 'basel-lab: summing 1/x² in TypeScript, step by step',
    profile: inputs.profile,
    machine:
      summary.machine === null
        ? {
            missing: notMeasured({
              kind: 'absent',
              what: `no machine record for ${machineLabel} under machines/ (basel-lab specs)`,
            }),
          }
        : { table: machineSpecsTable([summary.machine]) },
    sweeps: SWEEP_KINDS.map((kind) => describeSweep(kind, summary.files[kind], summary)),
    headline: n === undefined ? { missing: notMeasured(summary.missing('n')) } : { table: headlineTable(n) },
    articleComparison: articleComparisonTable(n, summary.missing('n')),
    languages: languagesTable(n, machineLabel, inputs.peers, inputs.profile),
    peers: peersTable(inputs.peers, inputs.profile, machineLabel),
    machineSpecs: machineSpecsTable(machinesInOrder(inputs.machines, summary.machineId)),
    napkin: buildNapkin(summary),
    ...buildFrontCharts(summary),
    notebooks: inputs.notebooks.map(notebookView),
    ...buildYourVariants(inputs),
    data: {
      results: inputs.results.map((entry) => ({
        file: entry.file,
        text: `${entry.kind} sweep, profile ${entry.profile}, machine ${entry.machineId}, updated ${entry.results.updatedAt}`,
      })),
      machines: inputs.machines
        .filter((m) => m.id !== REFERENCE_MACHINE_ID)
        .map((m) => ({ file: machineFileRelative(m.id), id: m.id })),
      notebooks: inputs.notebooks.map((nb) => nb.file),
      csv: 'results.csv',
      validity: inputs.results.map((entry) => validityView(entry.results)),
      sampleCharts: sampleOrderCharts(inputs.results.map((entry) => entry.results)),
    },
    warnings: inputs.warnings,
    build: inputs.build,
  };
}

/** The saved explorations of the subject machine, newest first; nothing when none are saved. */
function buildYourVariants(inputs: ReportInputs): Pick<ReportViewModel, 'yourVariants'> {
  const explorations = [...(inputs.explorations?.explorations ?? [])].reverse();
  if (explorations.length === 0) return {};
  return {
    yourVariants: {
      tables: explorations.map((exploration) => ({
        ...explorationTable(exploration),
        title: `${exploration.title} (measured ${exploration.measuredAt})`,
      })),
      charts: explorations.map((exploration, index) =>
        timeVsNChart(exploration, { id: `your-variants-${index + 1}`, title: exploration.title }),
      ),
    },
  };
}
