#!/usr/bin/env -S node --expose-gc
// The `basel-lab` command. --expose-gc lets the harness collect garbage between samples.
import { main } from '../src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
