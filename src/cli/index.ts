#!/usr/bin/env node

/**
 * The `rankseg` command line (`dist/cli.js`, the package's `bin`).
 *
 * @module
 */

import { runCli } from './program';
import { processContext } from './shared/context';
import { removeTempFilesOnExit } from './shared/signals';

removeTempFilesOnExit((text) => process.stderr.write(text));
runCli(process.argv.slice(2), processContext()).then((code) => {
  process.exitCode = code;
});
