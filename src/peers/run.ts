// Measuring the peers: compile the C loop at each gcc setting and run the numpy functions, every peer at
// every N of the profile, saving after each point. A missing toolchain is recorded, not an error.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { exactPartialSum } from '../kernels/exact.js';
import { describeMemoryRefusal, memoryBudget, type MemoryBudget } from '../kernels/memory.js';
import { machineId as currentMachineId } from '../machine/id.js';
import { MeasurementInterrupted } from '../measure/child.js';
import { PROFILE_SETTINGS } from '../measure/profiles.js';
import { summarize } from '../measure/stats.js';
import type { Profile } from '../results/schema.js';
import { machineFileRelative } from '../util/paths.js';
import { PEERS, peerFootprintBytes, peerOptions, type Peer } from './catalog.js';
import { peersEtaMs, type PeerTiming } from './eta.js';
import { runProgram, type ProgramRun } from './run-program.js';
import { PEERS_VERSION, type PeerPoint, type PeersFile } from './schema.js';
import { C_SOURCE, NUMPY_SCRIPT } from './sources.js';
import { peersPath, readPeersFile, savePeers } from './store.js';
import { DEFAULT_C_COMPILER, DEFAULT_PYTHON, detectCCompiler, detectNumpy, pythonEnv } from './toolchain.js';

/**
 * The largest |sum − S(N)| a run may be off by and still count as the sum: two ulps of 1 per term
 * (forward summation in double loses at most half an ulp of the partial sum, < 2, per addition).
 */
export function sumTolerance(n: number): number {
  return 2 * Number.EPSILON * n;
}

export type PeerProgress =
  /** `etaMs`: the runs from this one on, estimated from those finished (peersEtaMs); null before the first. */
  | { kind: 'point-start'; done: number; total: number; peer: Peer; n: number; etaMs: number | null }
  | { kind: 'run'; peer: Peer; n: number; run: ProgramRun }
  | { kind: 'point-end'; done: number; total: number; peer: Peer; point: PeerPoint };

export interface RunPeersOptions {
  outDir: string;
  profile: Profile;
  signal?: AbortSignal;
  onProgress?: (event: PeerProgress) => void;
  /** The C compiler and Python interpreter to use (tests name missing ones); default gcc, /usr/bin/python3. */
  compiler?: string;
  python?: string;
  /** The memory budget of the numpy peers' guard (tests); default: this machine's now. */
  memory?: MemoryBudget;
  /** Machine id (default this machine's). */
  machineId?: string;
}

/** The stored file's measured and skipped points, if it was measured with the same toolchains and settings. */
function resumable(stored: PeersFile | undefined, file: PeersFile): Map<string, PeerPoint> {
  const same =
    stored !== undefined &&
    JSON.stringify(stored.toolchains) === JSON.stringify(file.toolchains) &&
    JSON.stringify(stored.settings) === JSON.stringify(file.settings);
  const kept = same ? stored.points.filter((p) => p.status === 'ok' || p.status === 'skipped') : [];
  return new Map(kept.map((point) => [`${point.peer}|${point.n}`, point]));
}

/** The point of `peer` at `n` from its program's runs: measured if every sum is right, else failed naming the worst. */
function pointFromRuns(peer: Peer, n: number, runs: readonly ProgramRun[], base: object): PeerPoint {
  const exact = exactPartialSum(n);
  const samples = runs.filter((run) => run.phase === 'sample');
  const worst = runs.reduce((a, b) => (Math.abs(b.sum - exact) > Math.abs(a.sum - exact) ? b : a), runs[0]!);
  const finishedAt = new Date().toISOString();
  if (samples.length === 0)
    return { ...base, peer: peer.id, n, finishedAt, status: 'failed', error: 'no timed run reported' };
  if (Math.abs(worst.sum - exact) > sumTolerance(n))
    return {
      ...base,
      peer: peer.id,
      n,
      finishedAt,
      status: 'failed',
      error: `wrong sum: ${worst.sum} where S(N) = ${exact} (off by more than ${sumTolerance(n)})`,
    };
  const samplesMs = samples.map((run) => run.ms);
  const sum = samples.at(-1)!.sum;
  return {
    ...base,
    peer: peer.id,
    n,
    finishedAt,
    status: 'ok',
    samplesMs,
    stats: summarize(samplesMs),
    sum,
    exact,
    absError: Math.abs(sum - exact),
  };
}

/**
 * Measure every peer at every N of the profile's peer settings into `<out>/results/<id>/peers-<profile>.json`,
 * resuming a stored file made with the same toolchains and settings. A peer whose toolchain is missing gets
 * `unavailable` points with the reason; a numpy peer whose arrays would not fit is skipped with the memory
 * guard's refusal; a run that fails or sums wrong is a failed point and the rest still run. Stops between
 * runs when `signal` aborts (the child is killed), keeping every finished point. Returns the file.
 */
export async function runPeers(options: RunPeersOptions): Promise<PeersFile> {
  const settings = PROFILE_SETTINGS[options.profile].peers;
  const machineId = options.machineId ?? currentMachineId();
  const now = new Date().toISOString();
  const file: PeersFile = {
    version: PEERS_VERSION,
    kind: 'peers',
    profile: options.profile,
    machineId,
    machineFile: machineFileRelative(machineId),
    startedAt: now,
    updatedAt: now,
    settings: { ns: [...settings.ns], warmupRuns: settings.warmupRuns, repeats: settings.repeats },
    toolchains: {
      c: detectCCompiler(options.compiler ?? DEFAULT_C_COMPILER),
      numpy: detectNumpy(options.python ?? DEFAULT_PYTHON),
    },
    points: [],
  };
  const stored = resumable(readPeersFile(peersPath(options.outDir, machineId, options.profile)), file);
  const total = PEERS.length * settings.ns.length;
  const work = mkdtempSync(join(os.tmpdir(), 'basel-peers-'));
  const budget = options.memory ?? memoryBudget();
  let done = 0;
  // The runs this call will make, in order (a toolchain here, not stored, not refused by the memory
  // guard), and the wall time of each that finished: the progress lines' ETA.
  const toRun = PEERS.flatMap((peer) =>
    file.toolchains[peer.toolchain].available
      ? settings.ns
          .filter((n) => !stored.has(`${peer.id}|${n}`) && memorySkip(peer, n, budget) === null)
          .map((n) => ({ peer: peer.id, n }))
      : [],
  );
  const timings: PeerTiming[] = [];
  const record = (peer: Peer, point: PeerPoint): void => {
    file.points.push(point);
    file.updatedAt = new Date().toISOString();
    savePeers(options.outDir, file);
    options.onProgress?.({ kind: 'point-end', done: ++done, total, peer, point });
  };
  try {
    for (const peer of PEERS) {
      let run: PeerRunner | NotRunnable;
      try {
        run = await preparePeer(peer, file, work, options.signal);
      } catch (error) {
        if (error instanceof MeasurementInterrupted) return file;
        throw error;
      }
      for (const n of settings.ns) {
        if (options.signal?.aborted === true) return file;
        const base = { ...peerOptions(peer) };
        const finishedAt = new Date().toISOString();
        const kept = stored.get(`${peer.id}|${n}`);
        if (kept !== undefined) {
          record(peer, kept);
          continue;
        }
        if (typeof run !== 'function') {
          record(peer, { ...base, peer: peer.id, n, finishedAt, ...run });
          continue;
        }
        const skip = memorySkip(peer, n, budget);
        if (skip !== null) {
          const reason = describeMemoryRefusal(peer.label, n, skip);
          record(peer, { ...base, peer: peer.id, n, finishedAt, status: 'skipped', skip, reason });
          continue;
        }
        const etaMs = peersEtaMs(timings, toRun.slice(toRun.findIndex((r) => r.peer === peer.id && r.n === n)));
        options.onProgress?.({ kind: 'point-start', done, total, peer, n, etaMs });
        const startedMs = performance.now();
        let runs: ProgramRun[];
        try {
          runs = await run(n, (r) => options.onProgress?.({ kind: 'run', peer, n, run: r }));
        } catch (error) {
          if (error instanceof MeasurementInterrupted) return file;
          record(peer, { ...base, peer: peer.id, n, finishedAt, status: 'failed', error: (error as Error).message });
          continue;
        }
        timings.push({ peer: peer.id, n, ms: performance.now() - startedMs });
        record(peer, pointFromRuns(peer, n, runs, base));
      }
    }
    return file;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The memory guard's refusal of a numpy peer at N (its arrays would not fit), or null. */
function memorySkip(peer: Peer, n: number, budget: MemoryBudget) {
  if (peer.toolchain !== 'numpy') return null;
  const options = peerOptions(peer);
  const neededBytes = peerFootprintBytes(peer, n, options);
  if (neededBytes <= budget.usableBytes) return null;
  const length = peer.length(n, options.chunk ?? n);
  return {
    kind: 'memory' as const,
    neededBytes,
    availableBytes: budget.availableBytes,
    usableBytes: budget.usableBytes,
    arrayCount: Math.round(neededBytes / (8 * length)),
    arrayLength: length,
  };
}

type PeerRunner = (n: number, onRun: (run: ProgramRun) => void) => Promise<ProgramRun[]>;
type NotRunnable =
  Pick<Extract<PeerPoint, { status: 'unavailable' }>, 'status' | 'reason'> | { status: 'failed'; error: string };

/**
 * A function that runs `peer` at N, or what every point of it records instead: `unavailable` when its
 * toolchain is missing, `failed` when its program does not compile. Compiles the C loop into `work`.
 */
async function preparePeer(
  peer: Peer,
  file: PeersFile,
  work: string,
  signal?: AbortSignal,
): Promise<PeerRunner | NotRunnable> {
  const { warmupRuns, repeats } = file.settings;
  if (peer.toolchain === 'c') {
    const c = file.toolchains.c;
    if (!c.available) return { status: 'unavailable', reason: c.reason };
    const source = join(work, 'basel.c');
    writeFileSync(source, C_SOURCE);
    const binary = join(work, peer.id);
    try {
      await runProgram(c.path, [...peer.flags, '-o', binary, source], { signal });
    } catch (error) {
      if (error instanceof MeasurementInterrupted) throw error;
      return { status: 'failed', error: `does not compile: ${(error as Error).message}` };
    }
    return (n, onRun) => runProgram(binary, [String(n), String(warmupRuns), String(repeats)], { signal, onRun });
  }
  const numpy = file.toolchains.numpy;
  if (!numpy.available) return { status: 'unavailable', reason: numpy.reason };
  const script = join(work, 'basel_numpy.py');
  writeFileSync(script, NUMPY_SCRIPT);
  const { chunk = 1, workers = 1 } = peerOptions(peer);
  return (n, onRun) =>
    runProgram(
      numpy.interpreter,
      [script, peer.fn, String(n), String(chunk), String(workers), String(warmupRuns), String(repeats)],
      { env: pythonEnv(), signal, onRun },
    );
}
