// Loading what the report is built from — results, machine records, executed notebooks, versions — from disk only.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { machineId as currentMachineId } from '../machine/id.js';
import type { MachineRecord } from '../machine/record.js';
import { loadMachines } from '../machine/store.js';
import { readNotebook, type Notebook } from '../jupyter/ipynb.js';
import { UserError } from '../util/errors.js';
import { PACKAGE_ROOT, PACKAGE_VERSION } from '../util/paths.js';
import type { Profile, ResultsFile } from '../results/schema.js';
import { listResults, readResultsAt, type ResultsEntry } from '../results/store.js';
import type { PeersFile } from '../peers/schema.js';
import { peersPath, readPeersFile } from '../peers/store.js';
import { explorePath, readExploreFile, type ExploreFile } from '../results/explore.js';

/** The libraries whose versions the data section names, besides basel-lab, Node and V8. */
export const REPORTED_LIBRARIES = ['vega', 'vega-lite', 'katex', 'markdown-it'] as const;

export interface ExecutedNotebook {
  /** File name without .ipynb, e.g. "01-loops". */
  name: string;
  /** Path relative to the output folder: notebooks/<name>.ipynb. */
  file: string;
  notebook: Notebook;
}

export interface LoadedResults extends ResultsEntry {
  /** Path relative to the output folder, with "/" separators. */
  file: string;
  results: ResultsFile;
}

export interface BuildInfo {
  builtAt: string;
  versions: Record<string, string>;
}

/** Everything the report shows, as read from `<outDir>`: nothing here is measured or run. */
export interface ReportInputs {
  outDir: string;
  profile: Profile;
  /** The machine the front page is about: see chooseSubjectMachine. */
  subjectMachineId: string | null;
  /** The reference machine first, then every record under machines/, sorted by id. */
  machines: MachineRecord[];
  results: LoadedResults[];
  notebooks: ExecutedNotebook[];
  /** The study's C loop and numpy functions measured on the subject machine at the profile, if stored. */
  peers: PeersFile | null;
  /** The subject machine's saved explorations (lab.save), if any: the section "Your variants". */
  explorations?: ExploreFile | null;
  build: BuildInfo;
  /**
   * Files that were skipped, one line each naming the file and the bad field: every file is validated
   * in full, and a bad one leaves the rest of the report standing. Shown in the data section.
   */
  warnings: string[];
}

export interface LoadOptions {
  profile: Profile;
  /** The machine whose results the front page shows if it has any at the profile (default: this machine). */
  machineId?: string;
  /** Fixed build time and versions (tests); default: now and the installed packages. */
  build?: BuildInfo;
}

/** The installed version of a dependency, read from its package.json under node_modules. */
function installedVersion(name: string): string {
  const path = join(PACKAGE_ROOT, 'node_modules', name, 'package.json');
  if (!existsSync(path)) return 'not installed';
  return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
}

/** When and with which versions this report is built. */
export function currentBuildInfo(now: Date = new Date()): BuildInfo {
  const versions: Record<string, string> = {
    'basel-lab': PACKAGE_VERSION,
    node: process.versions.node,
    v8: process.versions.v8,
  };
  for (const name of REPORTED_LIBRARIES) versions[name] = installedVersion(name);
  return { builtAt: now.toISOString(), versions };
}

/** Run `read`; a UserError becomes a warning (and undefined) when `warn` is given, else it is thrown. */
function orWarn<T>(read: () => T, warn: ((message: string) => void) | undefined): T | undefined {
  try {
    return read();
  } catch (error) {
    if (warn === undefined || !(error instanceof UserError)) throw error;
    warn(error.message);
    return undefined;
  }
}

/**
 * The executed notebooks under `<outDir>/notebooks/`, in file-name (chapter) order. A malformed one is a
 * UserError naming it, or, with `warn`, skipped with that line.
 */
export function loadExecutedNotebooks(outDir: string, warn?: (message: string) => void): ExecutedNotebook[] {
  const dir = join(outDir, 'notebooks');
  if (!existsSync(dir)) return [];
  const notebooks: ExecutedNotebook[] = [];
  for (const fileName of listFolder(dir, warn)
    .filter((name) => name.endsWith('.ipynb'))
    .sort()) {
    const notebook = orWarn(() => readNotebook(join(dir, fileName)), warn);
    if (notebook !== undefined)
      notebooks.push({ name: basename(fileName, '.ipynb'), file: `notebooks/${fileName}`, notebook });
  }
  return notebooks;
}

function listFolder(dir: string, warn: ((message: string) => void) | undefined): string[] {
  return (
    orWarn(() => {
      try {
        return readdirSync(dir);
      } catch (error) {
        throw new UserError(`cannot list ${dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      }
    }, warn) ?? []
  );
}

/**
 * The results file of `entry`, checked against the path it was found at: a file whose machine id, kind or
 * profile disagrees with its folder and name is refused (it would be shown as another machine's data).
 */
function readListedResults(entry: ResultsEntry): ResultsFile {
  return readResultsAt(entry.path, entry) as ResultsFile;
}

/** The subject machine's peers file at the profile, refused (UserError) when it says it is another machine's or profile's. */
function readPeers(outDir: string, machineId: string, profile: Profile): PeersFile | null {
  const path = peersPath(outDir, machineId, profile);
  const peers = readPeersFile(path);
  if (peers === undefined) return null;
  if (peers.machineId !== machineId || peers.profile !== profile)
    throw new UserError(
      `${path} says machineId ${JSON.stringify(peers.machineId)}, profile ${JSON.stringify(peers.profile)}; it was not used: move it to its own path or remove it`,
    );
  return peers;
}

/**
 * The machine the front page is about: `preferred` (this machine) if it has results at the profile,
 * else the machine whose results at the profile were updated last, else `preferred` if it is
 * recorded, else null. So a report rebuilt elsewhere with --no-run still describes the stored data.
 */
export function chooseSubjectMachine(
  results: readonly LoadedResults[],
  machines: readonly MachineRecord[],
  profile: Profile,
  preferred: string,
): string | null {
  const atProfile = results.filter((entry) => entry.profile === profile);
  if (atProfile.some((entry) => entry.machineId === preferred)) return preferred;
  const latest = [...atProfile].sort((a, b) =>
    a.results.updatedAt < b.results.updatedAt ? 1 : a.results.updatedAt > b.results.updatedAt ? -1 : 0,
  )[0];
  if (latest !== undefined) return latest.machineId;
  return machines.some((machine) => machine.id === preferred) ? preferred : null;
}

/**
 * Step 1 of the render: read and fully validate every input from `<outDir>`. A bad file is skipped and
 * named in `warnings` (the rest still renders); missing ones are simply absent.
 */
export function loadReportInputs(outDir: string, options: LoadOptions): ReportInputs {
  const warnings: string[] = [];
  const warn = (message: string) => warnings.push(message);
  const machines = loadMachines(outDir, warn);
  const results: LoadedResults[] = [];
  for (const entry of orWarn(() => listResults(outDir), warn) ?? []) {
    const file = orWarn(() => readListedResults(entry), warn);
    if (file !== undefined)
      results.push({ ...entry, file: ['results', entry.machineId, basename(entry.path)].join('/'), results: file });
  }
  const subjectMachineId = chooseSubjectMachine(
    results,
    machines,
    options.profile,
    options.machineId ?? currentMachineId(),
  );
  return {
    outDir,
    profile: options.profile,
    subjectMachineId,
    machines,
    results,
    notebooks: loadExecutedNotebooks(outDir, warn),
    peers:
      subjectMachineId === null
        ? null
        : (orWarn(() => readPeers(outDir, subjectMachineId, options.profile), warn) ?? null),
    explorations:
      subjectMachineId === null
        ? null
        : (orWarn(() => readExploreFile(explorePath(outDir, subjectMachineId)), warn) ?? null),
    build: options.build ?? currentBuildInfo(),
    warnings,
  };
}
