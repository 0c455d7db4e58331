// The memory state an array variant sees, declared per point: whether its full-length arrays come as
// fresh pages from the OS (first touch: a page fault per 4 KiB) or as pages the process already holds.
import type { Variant } from '../kernels/types.js';
import type { MemoryState } from '../results/schema.js';

/**
 * `fresh`: every large array is new memory from the OS, so each call pays first-touch page faults
 * (numpy in a fresh process, the study's "creating the ones array takes as long as dividing").
 * `reused`: freed arrays stay in the process and the next call gets the same, already mapped pages.
 */
export { MEMORY_STATES, type MemoryState } from '../results/schema.js';

/** The memory state measured when none is asked for. */
export const DEFAULT_MEMORY_STATE: MemoryState = 'fresh';

/** Typed arrays at least this large are mmapped (fresh) in the `fresh` state: glibc's default, 128 KiB. */
export const FRESH_MMAP_THRESHOLD_BYTES = 128 * 1024;
/** In the `reused` state freed memory is returned to the OS only above this much free at the heap's top (1 PiB: never). */
export const REUSED_TRIM_THRESHOLD_BYTES = 2 ** 50;

/**
 * True for variants whose memory state matters: they allocate full-length Float64Arrays on the
 * malloc heap on every call. (WebAssembly memories are V8's own mappings, fresh on every call
 * whatever the allocator does; chunked scratch arrays are small and allocated once per call.)
 */
export function hasMemoryState(variant: Variant): boolean {
  return variant.wasmMemory !== true && (variant.arrayLength?.(1e6, { chunk: 1, workers: 1, inner: '' }) ?? 0) >= 1e6;
}

/**
 * The environment that puts glibc's allocator (Linux) in `state` for a child process. Setting any of
 * these turns glibc's dynamic mmap threshold off, which is what makes a process's history decide the
 * state otherwise: after the first large free it grows the threshold, and big arrays move from fresh
 * mmaps to recycled heap pages (the bimodal 6.7 / 14 ms samples of arrays at N = 1e6). `fresh` keeps
 * the threshold fixed at 128 KiB, so every large array is mmapped and unmapped when freed; `reused`
 * never mmaps and never trims, so freed arrays stay mapped in the heap. Other C libraries ignore them.
 */
export function mallocEnv(state: MemoryState): Record<string, string> {
  return state === 'fresh'
    ? { MALLOC_MMAP_THRESHOLD_: String(FRESH_MMAP_THRESHOLD_BYTES) }
    : { MALLOC_MMAP_MAX_: '0', MALLOC_TRIM_THRESHOLD_: String(REUSED_TRIM_THRESHOLD_BYTES) };
}

/** The version of glibc this process runs on, or null (musl, macOS, Windows): the memory state is enforced only with glibc. */
export function glibcVersion(): string | null {
  const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;
  return header?.glibcVersionRuntime ?? null;
}
