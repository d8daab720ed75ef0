/**
 * The package version, inlined at build time from package.json (so `dist/cli.js` needs no file
 * lookup at run time and works the same from a checkout, a global install or `npx rankseg`).
 *
 * @module
 */

import { version } from '../../package.json';

/** The `version` field of package.json, e.g. `'0.1.0'`. */
export const VERSION: string = version;
