// The peers' programs: the study's C loop and its numpy functions, each timing itself run by run.
//
// Both print one line per run, `warmup <ms> <sum>` or `sample <ms> <sum>`, so the caller sees progress
// and keeps every finished run; the sum is printed (and so used), which keeps the loop from being
// folded away, and the caller checks it against the exact S(N).

/**
 * The study's C loop, s += 1/(x·x) for x = 1..N inclusive. N comes from argv at run time, and
 * `basel` is `noipa`, so gcc can neither fold the sum to a constant nor hoist it out of the repeat loop.
 * Usage: basel N WARMUP REPEATS.
 */
export const C_SOURCE = `#include <stdio.h>
#include <stdlib.h>
#include <time.h>

__attribute__((noipa)) static double basel(long long n) {
  double s = 0.0;
  for (long long x = 1; x <= n; x++) s += 1.0 / ((double)x * (double)x);
  return s;
}

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: basel N WARMUP REPEATS\\n");
    return 2;
  }
  volatile long long n = strtoll(argv[1], NULL, 10);
  int warmup = atoi(argv[2]);
  int repeats = atoi(argv[3]);
  for (int i = 0; i < warmup + repeats; i++) {
    double t0 = now_ms();
    double s = basel(n);
    double t1 = now_ms();
    printf("%s %.6f %.17g\\n", i < warmup ? "warmup" : "sample", t1 - t0, s);
    fflush(stdout);
  }
  return 0;
}
`;

/** The numpy functions the Python script defines, in the study's names. */
export const NUMPY_FUNCTIONS = ['basel_np', 'basel_np_broadcast', 'basel_chunks', 'basel_multicore'] as const;
export type NumpyFunction = (typeof NUMPY_FUNCTIONS)[number];

/**
 * The study's numpy functions, summing 1..N inclusive (the study's basel_np sums range(1, N)).
 * Usage: python3 -c SCRIPT FUNCTION N CHUNK WORKERS WARMUP REPEATS. basel_multicore starts its pool of
 * WORKERS processes inside the timed run, as the study's does (its fixed overhead).
 */
export const NUMPY_SCRIPT = `import multiprocessing, sys, time
import numpy as np

def basel_np(n, chunk, workers):
    ones = np.ones(n)
    r = np.arange(1, n + 1)
    div = ones / r
    inv_squares = np.square(div)
    return float(np.sum(inv_squares))

def basel_np_broadcast(n, chunk, workers):
    r = np.arange(1, n + 1)
    div = 1 / r
    inv_squares = np.square(div)
    return float(np.sum(inv_squares))

def basel_chunk(first, last):
    r = np.arange(first, last + 1)
    div = 1 / r
    inv_squares = np.square(div)
    return float(np.sum(inv_squares))

def basel_chunks_range(first, last, chunk):
    s = 0.0
    for start in range(first, last + 1, chunk):
        s += basel_chunk(start, min(start + chunk - 1, last))
    return s

def basel_chunks(n, chunk, workers):
    return basel_chunks_range(1, n, chunk)

def basel_multicore(n, chunk, workers):
    per = n // workers
    ranges = [(i * per + 1, n if i == workers - 1 else (i + 1) * per, chunk) for i in range(workers)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        return sum(pool.starmap(basel_chunks_range, ranges))

if __name__ == "__main__":
    name, n, chunk, workers, warmup, repeats = sys.argv[1], *map(int, sys.argv[2:7])
    fn = {"basel_np": basel_np, "basel_np_broadcast": basel_np_broadcast,
          "basel_chunks": basel_chunks, "basel_multicore": basel_multicore}[name]
    for i in range(warmup + repeats):
        t0 = time.perf_counter_ns()
        s = fn(n, chunk, workers)
        t1 = time.perf_counter_ns()
        print("warmup" if i < warmup else "sample", f"{(t1 - t0) / 1e6:.6f}", repr(s), flush=True)
`;

/** Prints the interpreter's path and version and numpy's version as JSON; fails if numpy does not import. */
export const NUMPY_VERSION_SCRIPT = `import json, sys, platform
import numpy
print(json.dumps({"executable": sys.executable, "python": platform.python_version(), "numpy": numpy.__version__}))
`;
