// The chapters the package declares, in reading order: the report runs these and no other notebook.
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { SweepKind } from '../results/schema.js';
import { NOTEBOOKS_DIR } from '../util/paths.js';

export interface Chapter {
  /** File name without .ipynb, in notebooks/. */
  name: string;
  /** What it is about, in a few words. */
  subject: string;
  /** The sweeps whose results it shows (it loads or runs them). */
  sweeps: readonly SweepKind[];
}

/** Add a chapter here (and its notebook under notebooks/); the report, the tests and the README follow. */
export const CHAPTERS: readonly Chapter[] = [
  { name: '01-naive-loops', subject: 'a generator pipeline against a plain for loop', sweeps: ['n'] },
  {
    name: '02-typed-arrays',
    subject: 'numpy-style passes over typed arrays, and broadcasting',
    sweeps: ['n', 'steps'],
  },
  { name: '03-chunking', subject: 'small arrays, reused: chunking to stay in cache', sweeps: ['chunk', 'steps', 'n'] },
  {
    name: '04-napkin-math',
    subject: "the caches against the chunk sweep, and the study's own arithmetic",
    sweeps: ['chunk'],
  },
  { name: '05-workers', subject: 'worker threads against the chunked baseline', sweeps: ['workers'] },
  { name: '06-beyond-the-article', subject: 'unrolled, SIMD, compensated and closed-form sums', sweeps: ['n'] },
  { name: '07-your-turn', subject: 'your own variant: define it, bench it, compare it, save it', sweeps: [] },
];

/** The notebooks of `dir` that are declared chapters, in chapter order, and every other .ipynb there (ignored). */
export function chapterFiles(dir = NOTEBOOKS_DIR): { chapters: string[]; ignored: string[] } {
  const present = existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.ipynb')) : [];
  const declared = new Set(CHAPTERS.map((chapter) => `${chapter.name}.ipynb`));
  return {
    chapters: CHAPTERS.map((chapter) => `${chapter.name}.ipynb`)
      .filter((file) => present.includes(file))
      .map((file) => join(dir, file)),
    ignored: present.filter((file) => !declared.has(file)).map((file) => join(dir, basename(file))),
  };
}
