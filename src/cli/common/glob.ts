/**
 * `--include GLOB` / `--exclude GLOB`: which files of a folder a command takes.
 *
 * @module
 */

/**
 * Compiles a glob into a test of relative paths (`/` between folders):
 * - `*` any run of characters within one name (not `/`), `?` one such character;
 * - `**` as a whole path segment any number of folders, none included (`**\/x.npz`, `a/**`);
 * - `[abc]`, `[a-z]`, `[!a-z]` (or `[^a-z]`) one character of (not of) a set;
 * - `\x` the character x itself;
 * - a pattern without `/` is matched against the file name alone, in any folder (`*.npz`); one with
 *   `/` against the whole relative path (`sub/*.npz`).
 * Matching is case-sensitive, as file names are on Linux.
 *
 * @throws {RangeError} for an empty pattern, an unclosed `[` or a bad range such as `[z-a]`.
 * @example
 * ```ts
 * const isCase = compileGlob('case_*.npz');
 * isCase('sub/case_01.npz'); // true (no '/' in the pattern: the name alone)
 * compileGlob('**\/*.nii.gz')('a/b/c.nii.gz'); // true
 * ```
 */
export function compileGlob(pattern: string): (path: string) => boolean {
  if (pattern.length === 0) throw new RangeError('a glob must not be empty');
  const byName = !pattern.includes('/');
  const segments = pattern.split('/');
  let source = '';
  segments.forEach((segment, k) => {
    const last = k === segments.length - 1;
    // '**' as a segment: any number of folders ('a/**/b' matches a/b and a/x/y/b), or, last, anything
    if (segment === '**') source += last ? '.*' : '(?:[^/]+/)*';
    else source += segmentSource(segment, pattern) + (last ? '' : '/');
  });
  let regex: RegExp;
  try {
    regex = new RegExp(`^${source}$`, 'u');
  } catch (e) {
    // a character class the RegExp engine refuses, such as the range [z-a]
    throw new RangeError(`glob ${JSON.stringify(pattern)} is not valid (${(e as Error).message})`);
  }
  return (path) => regex.test(byName ? path.slice(path.lastIndexOf('/') + 1) : path);
}

/** The regular expression of one path segment (no `/` inside). */
function segmentSource(segment: string, pattern: string): string {
  let out = '';
  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i]!;
    if (ch === '*') {
      // '**' inside a segment is the same as '*'
      while (segment[i + 1] === '*') i++;
      out += '[^/]*';
    } else if (ch === '?') {
      out += '[^/]';
    } else if (ch === '[') {
      const negate = segment[i + 1] === '!' || segment[i + 1] === '^';
      const first = i + 1 + (negate ? 1 : 0);
      // a ']' right after '[' (or '[!') is a member of the set, as in POSIX globs
      const end = segment.indexOf(']', first + 1);
      if (end < 0) throw new RangeError(`glob ${JSON.stringify(pattern)} has an unclosed [`);
      // inside a class only '\', ']' and '^' mean something to RegExp; '-' keeps its range meaning
      const body = segment.slice(first, end).replace(/[\\\]^]/g, (c) => `\\${c}`);
      out += negate ? `[^/${body}]` : `[${body}]`;
      i = end;
    } else if (ch === '\\' && i + 1 < segment.length) {
      i++;
      out += escapeChar(segment[i]!);
    } else {
      out += escapeChar(ch);
    }
  }
  return out;
}

function escapeChar(ch: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(ch) ? `\\${ch}` : ch;
}

/** The compiled `--include` and `--exclude` globs of a command. */
export interface FileFilter {
  /** Why the file at a relative path is left out, or undefined when it is taken. */
  reasonToSkip(path: string): string | undefined;
  /** Why a subfolder is not entered (an `--exclude` glob matches it), or undefined. */
  folderExcluded(path: string): string | undefined;
  /** True when no glob was given. */
  readonly empty: boolean;
}

/**
 * The filter of `--include` (a file must match one of them, when any is given) and `--exclude` (a
 * file matching one is left out, even if included).
 *
 * @throws {RangeError} for a bad glob (the message names the flag).
 * @example
 * ```ts
 * const filter = fileFilter(['*.npz'], ['*_tmp*']);
 * filter.reasonToSkip('a.nii.gz'); // 'not matched by --include *.npz'
 * filter.reasonToSkip('b_tmp.npz'); // 'excluded by --exclude *_tmp*'
 * ```
 */
export function fileFilter(include: readonly string[] = [], exclude: readonly string[] = []): FileFilter {
  const compile = (flag: string, patterns: readonly string[]) =>
    patterns.map((p) => {
      try {
        return { pattern: p, test: compileGlob(p) };
      } catch (e) {
        throw new RangeError(`${flag}: ${(e as Error).message}`);
      }
    });
  const includes = compile('--include', include);
  const excludes = compile('--exclude', exclude);
  const folderExcluded = (path: string): string | undefined => {
    const hit = excludes.find((g) => g.test(path));
    return hit === undefined ? undefined : `excluded by --exclude ${hit.pattern}`;
  };
  return {
    empty: includes.length === 0 && excludes.length === 0,
    reasonToSkip: (path) =>
      includes.length > 0 && !includes.some((g) => g.test(path))
        ? `not matched by --include ${includes.map((g) => g.pattern).join(', ')}`
        : folderExcluded(path),
    folderExcluded,
  };
}
