/**
 * The array file formats rankseg reads and writes, chosen by file extension, and what each can
 * hold: the one list of them. The Node readers and writers (`io/node/arrayFile.ts`) and the
 * command line read this table; switches over {@link FileFormat} are exhaustive.
 *
 * @module
 */

/** What the table says about one format. */
export interface FormatEntry {
  /** Extensions, lower case with the dot; matched case-insensitively, the longest first. */
  extensions: readonly string[];
  /** Reads probability maps (or logits) `[B, C, ...spatial]`. */
  probabilities: boolean;
  /** Reads label maps and 0/1 masks (predictions, targets). */
  labels: boolean;
  /** Writes masks (label maps, 0/1 masks). */
  masks: boolean;
  /** Stores an N-D array as it is, so the reader chooses the class axis and the layout. */
  anyAxes: boolean;
  /** Holds several named arrays; a key picks one. */
  members: boolean;
  /** Carries voxel geometry (spacing, orientation) that an output can keep. */
  geometry: boolean;
  /** Holds one 2-D image: one image of one class (or a label map) per file. */
  oneImage: boolean;
}

/** The formats, in the order messages list them. */
export const FILE_FORMATS = {
  npy: {
    extensions: ['.npy'],
    probabilities: true,
    labels: true,
    masks: true,
    anyAxes: true,
    members: false,
    geometry: false,
    oneImage: false,
  },
  npz: {
    extensions: ['.npz'],
    probabilities: true,
    labels: true,
    masks: true,
    anyAxes: true,
    members: true,
    geometry: false,
    oneImage: false,
  },
  nifti: {
    extensions: ['.nii', '.nii.gz'],
    probabilities: true,
    labels: true,
    masks: true,
    anyAxes: false,
    members: false,
    geometry: true,
    oneImage: false,
  },
  png: {
    extensions: ['.png'],
    probabilities: true,
    labels: true,
    masks: true,
    anyAxes: false,
    members: false,
    geometry: false,
    oneImage: true,
  },
} as const satisfies Record<string, FormatEntry>;

/** A format of {@link FILE_FORMATS}: `'npy'`, `'npz'`, `'nifti'` or `'png'`. */
export type FileFormat = keyof typeof FILE_FORMATS;

/**
 * The formats that store an N-D array as it is (`anyAxes`): readers and writers treat them alike,
 * so a new one needs no case of its own outside its codec.
 */
export type ArrayFormat = {
  [F in FileFormat]: (typeof FILE_FORMATS)[F]['anyAxes'] extends true ? F : never;
}[FileFormat];

/**
 * Whether a format stores an N-D array as it is (see {@link ArrayFormat}).
 *
 * @example
 * ```ts
 * isArrayFormat('npz'); // true
 * isArrayFormat('png'); // false
 * ```
 */
export function isArrayFormat(format: FileFormat): format is ArrayFormat {
  return FILE_FORMATS[format].anyAxes;
}

/** An extension of {@link FILE_FORMATS}, lower case with the dot. */
export type FileExtension = (typeof FILE_FORMATS)[FileFormat]['extensions'][number];

/** Every format, in table order. */
export const FILE_FORMAT_NAMES = Object.keys(FILE_FORMATS) as FileFormat[];

/** Every extension, in table order. */
export const FILE_EXTENSIONS: readonly FileExtension[] = FILE_FORMAT_NAMES.flatMap(
  (f) => FILE_FORMATS[f].extensions,
);

// Longest first, so that '.nii.gz' wins over any shorter ending.
const BY_LENGTH = [...FILE_EXTENSIONS].sort((a, b) => b.length - a.length);

/**
 * Splits a file name into its stem, its known extension and that extension's format,
 * case-insensitively; `undefined` for an unknown extension (or a name that is only an extension).
 *
 * @example
 * ```ts
 * splitFileName('Case01.NII.GZ'); // { stem: 'Case01', ext: '.nii.gz', format: 'nifti' }
 * splitFileName('notes.txt'); // undefined
 * ```
 */
export function splitFileName(
  name: string,
): { stem: string; ext: FileExtension; format: FileFormat } | undefined {
  const lower = name.toLowerCase();
  for (const ext of BY_LENGTH) {
    if (lower.endsWith(ext) && lower.length > ext.length) {
      return { stem: name.slice(0, name.length - ext.length), ext, format: formatOfExtension(ext) };
    }
  }
  return undefined;
}

/**
 * The format of a path by its extension, case-insensitive; `undefined` for an unknown one.
 *
 * @example
 * ```ts
 * formatOfPath('scans/a.NII.gz'); // 'nifti'
 * ```
 */
export function formatOfPath(path: string): FileFormat | undefined {
  const lower = path.toLowerCase();
  const ext = BY_LENGTH.find((e) => lower.endsWith(e));
  return ext === undefined ? undefined : formatOfExtension(ext);
}

/**
 * The format of an extension of the table.
 *
 * @example
 * ```ts
 * formatOfExtension('.nii.gz'); // 'nifti'
 * ```
 */
export function formatOfExtension(ext: FileExtension): FileFormat {
  return FILE_FORMAT_NAMES.find((f) => (FILE_FORMATS[f].extensions as readonly string[]).includes(ext))!;
}

/**
 * The extensions of the formats that `has` a capability, as prose: `.npy, .npz, .nii, .nii.gz or
 * .png` (all formats by default).
 *
 * @example
 * ```ts
 * extensionList(); // '.npy, .npz, .nii, .nii.gz or .png'
 * extensionList((f) => f.anyAxes, 'and'); // '.npy and .npz'
 * ```
 */
export function extensionList(
  has: (entry: FormatEntry) => boolean = () => true,
  conjunction: 'or' | 'and' = 'or',
): string {
  const list = FILE_FORMAT_NAMES.filter((f) => has(FILE_FORMATS[f])).flatMap(
    (f) => FILE_FORMATS[f].extensions,
  );
  return list.length < 2 ? list.join('') : `${list.slice(0, -1).join(', ')} ${conjunction} ${list.at(-1)}`;
}
