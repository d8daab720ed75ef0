/**
 * NIfTI-1 datatype codes and their dtypes.
 *
 * @module
 */

import type { Dtype } from '../dtype';

/** The NIfTI datatypes this module reads and writes, by dtype name: every dtype but these two. */
export type NiftiDtype = Exclude<Dtype, 'bool' | 'float16'>;

/** NIFTI_TYPE_* code of each supported dtype (nifti1.h). */
export const NIFTI_DATATYPE_CODE: Record<NiftiDtype, number> = {
  uint8: 2,
  int16: 4,
  int32: 8,
  float32: 16,
  float64: 64,
  int8: 256,
  uint16: 512,
  uint32: 768,
  int64: 1024,
  uint64: 1280,
};

/** Names of the NIfTI-1 codes this module does not read, for error messages. */
export const UNSUPPORTED_NIFTI_DATATYPES: Record<number, string> = {
  0: 'unknown',
  1: 'binary (1 bit)',
  32: 'complex64',
  128: 'rgb24',
  1536: 'float128',
  1792: 'complex128',
  2048: 'complex256',
  2304: 'rgba32',
};

/** The dtype of a NIfTI datatype code, or `undefined` when unsupported. */
export function niftiDtypeOf(code: number): NiftiDtype | undefined {
  for (const [name, c] of Object.entries(NIFTI_DATATYPE_CODE)) if (c === code) return name as NiftiDtype;
  return undefined;
}

/** True when `dtype` can be written to NIfTI-1 (float16 and bool cannot). */
export function isNiftiDtype(dtype: Dtype): dtype is NiftiDtype {
  return dtype in NIFTI_DATATYPE_CODE;
}
