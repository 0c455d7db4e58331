#!/usr/bin/env -S node --expose-gc
// The `basel-lab` command. --expose-gc lets the harness collect garbage between samples.
import { main } from '../src/cli/main.js';

// A reader that stops reading (`basel-lab bench --list | head -3`) ends the command quietly, as it
// would a C tool, instead of with an EPIPE stack trace; files are written atomically, so nothing is half-saved.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });

process.exitCode = await main(process.argv.slice(2));
