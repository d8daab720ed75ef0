/**
 * The built worker entry (dist/worker.js, made by `npm test`'s pretest build): vitest runs src/ as
 * TypeScript, worker threads need JavaScript, so tests of src/parallel/ give the pool this script.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export const DIST_INDEX = new URL('../../dist/index.js', import.meta.url);
export const DIST_INDEX_CJS = new URL('../../dist/index.cjs', import.meta.url);
export const DIST_WORKER = new URL('../../dist/worker.js', import.meta.url);

/** Throws a clear message when dist/ was not built (run `npm run build`). */
export function requireBuild(): void {
  if (!existsSync(DIST_WORKER)) throw new Error(`${DIST_WORKER.pathname} is missing: run npm run build`);
}

export { pathToFileURL };
