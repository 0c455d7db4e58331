// `basel-lab export --csv`: every stored result as one tidy CSV, on stdout or into a file.
import type { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ArgumentError, UserError } from '../util/errors.js';
import { checkOutDir, resolveOutDir } from '../util/paths.js';
import { formatCsv, resultsToRows } from '../results/csv.js';
import { loadResults } from '../results/store.js';
import { writeFileAtomic } from '../util/atomic.js';

interface ExportCliOptions {
  csv?: boolean;
  out?: string;
  from?: string;
}

export function register(command: Command): void {
  command
    .option('--csv', 'write CSV (the one format there is)')
    .option('--out <file>', 'write to this file (atomically) instead of stdout')
    .option('--from <dir>', 'the output folder holding results/ (default: $BASEL_OUT, else reports/ in this project)')
    .addHelpText(
      'after',
      '\nColumns: machine_id,kind,profile,key,variant,n,chunk,workers,inner,status,statistic,value,note\n' +
        'One row per measured point and statistic (count, medianMs, minMs, maxMs, meanMs, stdDevMs, iqrMs,\n' +
        'madMs, ciLowMs, ciHighMs, outliers, stepMedianMs:<step>, sum, absError); one row per skipped or\n' +
        'failed point with its reason in note. Empty cells: not applicable. RFC 4180 quoting.',
    )
    .action((options: ExportCliOptions) => {
      if (options.csv !== true) throw new ArgumentError('export needs a format: --csv (the only one)');
      const from = resolveOutDir(options.from);
      const files = loadResults(from);
      if (files.length === 0)
        throw new UserError(`no results under ${resolve(from, 'results')}; run \`basel-lab sweep\` first`);
      const csv = formatCsv(resultsToRows(files));
      if (options.out === undefined) process.stdout.write(csv);
      else {
        if (options.out.trim() === '') throw new ArgumentError('--out must name a file (got "")');
        const target = resolve(options.out);
        if (existsSync(target) && !statSync(target).isFile())
          throw new ArgumentError(`--out ${target}: is a folder (or not a regular file); name the CSV file to write`);
        checkOutDir(dirname(target), '--out');
        writeFileAtomic(target, csv);
      }
    });
}
