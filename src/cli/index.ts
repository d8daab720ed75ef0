#!/usr/bin/env node

/**
 * The `rankseg` command line (`dist/cli.js`, the package's `bin`). The same file is the script of
 * its worker threads (`--jobs`): in a worker it serves the program's jobs instead.
 *
 * @module
 */

import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { processContext } from './common/context';
import { isJobWorkerData, serveJobs } from './common/jobWorker';
import { removeTempFilesOnExit } from './common/signals';
import { JOBS, runCli } from './program';

if (isMainThread) {
  removeTempFilesOnExit((text) => process.stderr.write(text));
  runCli(process.argv.slice(2), processContext(new URL(import.meta.url))).then((code) => {
    process.exitCode = code;
  });
} else if (parentPort !== null && isJobWorkerData(workerData)) {
  serveJobs(parentPort, JOBS, workerData);
} else {
  throw new Error('rankseg: started in a worker thread that is not one of its own');
}
