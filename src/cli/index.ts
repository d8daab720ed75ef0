#!/usr/bin/env node
/**
 * The `rankseg` command line (`dist/cli.js`, the package's `bin`).
 *
 * @module
 */

import { processContext } from './context';
import { runCli } from './program';

runCli(process.argv.slice(2), processContext()).then((code) => {
  process.exitCode = code;
});
