/**
 * `rankseg/io/node`: read and write array files in Node (`node:fs`). Every error names the file:
 * its message starts with the path and it has a `path` field. Writes are atomic: a temporary file
 * in the same directory is renamed onto the destination only when complete (a destination that is
 * a symbolic link is written through: the file it points to is replaced, the link kept).
 *
 * @module
 */

export { IoFormatError } from '../errors';
export type { ReadOptions } from '../limits';
export type { ArrayFile, ArrayFileFormat, ReadArrayFileOptions, WriteArrayFileOptions } from './arrayFile';
export { arrayFileFormat, readArrayFile, writeArrayFile } from './arrayFile';
export type { IoFileErrorOptions, PathRangeError, PathTypeError } from './errors';
export { IoFileError } from './errors';
export type { WriteNiftiOptions } from './nifti';
export { readNifti, writeNifti } from './nifti';
export { readNpy, readNpz, writeNpy, writeNpz } from './npy';
export { readPng, writePng } from './png';
export { writeFileAtomic } from './writeFileAtomic';
