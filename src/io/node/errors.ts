/**
 * Errors of the Node file layer: every error names the file.
 *
 * @module
 */

import { IoFormatError } from '../errors';

/** Options of {@link IoFileError}. */
export interface IoFileErrorOptions {
  /** The file. */
  path: string;
  /** The system error code (`ENOENT`, `EACCES`, `EISDIR`…), when there is one. */
  code?: string | undefined;
  /** The underlying error. */
  cause?: unknown;
}

/**
 * A file could not be read, created, written or renamed (a system error). `message` starts with
 * the path; `code` is the system error code.
 *
 * @example
 * ```ts
 * import { IoFileError, readNpy } from 'rankseg/io/node';
 * try { await readNpy('missing.npy'); } catch (e) { if (e instanceof IoFileError) console.log(e.code); } // 'ENOENT'
 * ```
 */
export class IoFileError extends Error {
  override readonly name = 'IoFileError';
  /** The file. */
  readonly path: string;
  /** System error code such as `ENOENT`, or `undefined`. */
  readonly code: string | undefined;

  constructor(message: string, options: IoFileErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.path = options.path;
    this.code = options.code;
  }
}

/** An argument error that also records the file it was about. */
export type PathTypeError = TypeError & { path: string };
/** A value error that also records the file it was about. */
export type PathRangeError = RangeError & { path: string };

/**
 * Re-throws `error` with `path` in front of its message and as a `path` field, keeping its kind:
 * `IoFormatError` (bad file content), `TypeError`/`RangeError` (bad arguments), and
 * {@link IoFileError} for everything else (system errors). The original is the `cause`.
 */
export function withPath(error: unknown, path: string, action: 'read' | 'write'): Error {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof IoFormatError) {
    return new IoFormatError(error.format, `${path}: ${message}`, { path, cause: error });
  }
  if (error instanceof TypeError || error instanceof RangeError) {
    const Ctor = error instanceof TypeError ? TypeError : RangeError;
    return Object.assign(new Ctor(`${path}: ${message}`, { cause: error }), { path });
  }
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return new IoFileError(`${path}: cannot ${action} the file (${message})`, {
    path,
    code: typeof code === 'string' ? code : undefined,
    cause: error,
  });
}

/**
 * Runs `task` and re-throws any error through {@link withPath}.
 *
 * @throws {TypeError} if `path` is not a non-empty string.
 */
export async function guard<T>(
  path: unknown,
  action: 'read' | 'write',
  task: (path: string) => Promise<T>,
): Promise<T> {
  if (typeof path !== 'string' || path.length === 0) {
    throw new TypeError(`path must be a non-empty string; got ${JSON.stringify(path)}`);
  }
  try {
    return await task(path);
  } catch (e) {
    throw withPath(e, path, action);
  }
}
