// The peers, declared once as a table: the study's C loop at two gcc settings and its numpy functions.
import os from 'node:os';
import { DEFAULT_CHUNK } from '../kernels/registry.js';
import type { ToolchainName } from './schema.js';
import type { NumpyFunction } from './sources.js';

const BYTES_PER_TERM = 8;

interface PeerBase {
  /** Stable id, stored with every point. */
  id: string;
  toolchain: ToolchainName;
  /** What it is, for a table row: "C loop, gcc -O3". */
  label: string;
  /** The row of the study's "how does it stack up" table it repeats (ARTICLE_LANGUAGES_1E9_MS), if any. */
  study?: string;
}

export interface CPeer extends PeerBase {
  toolchain: 'c';
  /** gcc's optimisation flags. */
  flags: readonly string[];
}

export interface NumpyPeer extends PeerBase {
  toolchain: 'numpy';
  fn: NumpyFunction;
  /** Whether it sums in chunks (then `chunk` is passed and stored). */
  chunked: boolean;
  /** Whether it runs a pool of processes (then `workers` is passed and stored). */
  parallel: boolean;
  /** How many arrays of 8-byte elements, each of `length(n, chunk)` terms, it holds at once (the memory guard). */
  arrays: number;
  length: (n: number, chunk: number) => number;
}

export type Peer = CPeer | NumpyPeer;

const whole = (n: number): number => n;
const perChunk = (n: number, chunk: number): number => Math.min(n, chunk);

export const PEERS: readonly Peer[] = [
  { id: 'c-O3', toolchain: 'c', label: 'C loop, gcc -O3', flags: ['-O3'], study: 'C (-O3)' },
  {
    id: 'c-native-fast-math',
    toolchain: 'c',
    label: 'C loop, gcc -O3 -march=native -ffast-math',
    flags: ['-O3', '-march=native', '-ffast-math'],
  },
  {
    id: 'numpy-np',
    toolchain: 'numpy',
    label: 'numpy basel_np',
    fn: 'basel_np',
    study: 'basel_np',
    chunked: false,
    parallel: false,
    arrays: 4,
    length: whole,
  },
  {
    id: 'numpy-broadcast',
    toolchain: 'numpy',
    label: 'numpy basel_np_broadcast',
    fn: 'basel_np_broadcast',
    study: 'basel_np_broadcast',
    chunked: false,
    parallel: false,
    arrays: 3,
    length: whole,
  },
  {
    id: 'numpy-chunks',
    toolchain: 'numpy',
    label: 'numpy basel_chunks',
    fn: 'basel_chunks',
    study: 'basel_chunks',
    chunked: true,
    parallel: false,
    arrays: 3,
    length: perChunk,
  },
  {
    id: 'numpy-multicore',
    toolchain: 'numpy',
    label: 'numpy basel_multicore',
    fn: 'basel_multicore',
    study: 'basel_multicore',
    chunked: true,
    parallel: true,
    arrays: 3,
    length: perChunk,
  },
];

/** The peer with `id`, or undefined (a file from a newer basel-lab may name peers this one does not know). */
export function findPeer(id: string): Peer | undefined {
  return PEERS.find((peer) => peer.id === id);
}

/** The options a numpy peer runs with: the baseline's chunk size, one process per core for the pool. */
export function peerOptions(peer: Peer): { chunk?: number; workers?: number } {
  if (peer.toolchain === 'c') return {};
  return {
    ...(peer.chunked ? { chunk: DEFAULT_CHUNK } : {}),
    ...(peer.parallel ? { workers: os.availableParallelism() } : {}),
  };
}

/** Bytes of arrays a numpy peer holds at once at N (per process for the pool, times its processes). */
export function peerFootprintBytes(peer: NumpyPeer, n: number, options: { chunk?: number; workers?: number }): number {
  const length = peer.length(n, options.chunk ?? n);
  return peer.arrays * BYTES_PER_TERM * length * (options.workers ?? 1);
}
