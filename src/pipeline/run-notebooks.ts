// Step 3 of a run: execute the chapters headlessly; their executed copies go to <out>/notebooks/.
import type { Profile } from '../results/schema.js';
import { OUT_ENV } from '../util/paths.js';
import { messageOf, type BuildHooks } from './hooks.js';

/** Where the notebooks come from: the package's declared chapters, or every notebook of a folder given explicitly. */
export type NotebookSource = { chapters: string } | { folder: string };

/**
 * Execute the notebooks at the profile, each in a fresh kernel that reads `<out>` (BASEL_OUT). From the
 * package's folder only the declared chapters run; any other notebook there is named once as ignored.
 * Returns one message per failed notebook.
 */
export async function runReportNotebooks(
  outDir: string,
  profile: Profile,
  source: NotebookSource,
  hooks: BuildHooks,
  cellTimeoutMs: number,
  signal?: AbortSignal,
): Promise<string[]> {
  const [{ formatFailure, listNotebooks, runNotebooks }, { chapterFiles }] = await Promise.all([
    import('../jupyter/runner.js'),
    import('../chapters/manifest.js'),
  ]);
  let paths: string[];
  try {
    if ('chapters' in source) {
      const { chapters, ignored } = chapterFiles(source.chapters);
      if (ignored.length > 0) hooks.onStage?.(`notebooks: ignoring ${ignored.join(', ')} (not a declared chapter)`);
      paths = chapters;
    } else {
      paths = listNotebooks(source.folder);
    }
  } catch (error) {
    return [messageOf(error)];
  }
  const where = 'chapters' in source ? source.chapters : source.folder;
  if (paths.length === 0) return [`no notebooks (*.ipynb) in ${where}`];
  const runs = await runNotebooks(paths, {
    outDir,
    timeoutMs: cellTimeoutMs,
    env: { [OUT_ENV]: outDir, BASEL_PROFILE: profile },
    ...hooks.notebooks,
    signal,
  });
  const failures = runs.flatMap((run) =>
    run.failure === undefined
      ? []
      : [`${formatFailure(run)}${run.failure.kept === true ? '' : ` (what ran is in ${run.output})`}`],
  );
  for (const failure of failures) hooks.onFailure?.(failure);
  return failures;
}
