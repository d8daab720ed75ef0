/**
 * `rankseg/io`: file formats as pure byte codecs that run in browsers and Node alike (no Node
 * built-ins). NumPy `.npy`/`.npz`, NIfTI-1 `.nii`/`.nii.gz`, PNG, and the picture helpers that
 * show segmentations. File reading and writing is in `rankseg/io/node`.
 *
 * Axis convention: arrays are C order (last axis fastest), `[B, C, ...spatial]` for probabilities.
 * NIfTI stores x fastest, so an (X, Y, Z) volume is the C-order array `[Z, Y, X]`.
 *
 * @module
 */

export { floatToHalf, halfToFloat } from '../kernels/float16';
export type { Dtype, DtypeData } from './dtype';
export { DTYPES } from './dtype';
export type { IoFormat, IoFormatErrorOptions } from './errors';
export { IoFormatError } from './errors';
export type { ReadOptions } from './limits';
export type { NiftiVolume } from './nifti/decodeNifti';
export { decodeNifti } from './nifti/decodeNifti';
export type { NiftiEncodeOptions, NiftiImage } from './nifti/encodeNifti';
export { encodeNifti, encodeNiftiChunks } from './nifti/encodeNifti';
export type { LabelsToNiftiOptions } from './nifti/labelsToNifti';
export { labelsToNifti, NIFTI_INTENT_LABEL } from './nifti/labelsToNifti';
export type { NiftiDtype } from './nifti/niftiDatatype';
export { NIFTI_DATATYPE_CODE } from './nifti/niftiDatatype';
export type { NiftiHeader } from './nifti/niftiHeader';
export type { NiftiToProbabilitiesOptions, ProbabilityVolume } from './nifti/niftiToProbabilities';
export { niftiToProbabilities } from './nifti/niftiToProbabilities';
export type { NpyArray } from './npy/decodeNpy';
export { decodeNpy } from './npy/decodeNpy';
export { decodeNpz } from './npy/decodeNpz';
export type { NpyEncodeOptions } from './npy/encodeNpy';
export { encodeNpy, encodeNpyChunks } from './npy/encodeNpy';
export type { NpzEncodeOptions } from './npy/encodeNpz';
export { encodeNpz, encodeNpzChunks } from './npy/encodeNpz';
export { decodePng } from './png/decodePng';
export { encodePng } from './png/encodePng';
export type { VoidColor } from './png/labelPalette';
export { labelPalette } from './png/labelPalette';
export type { LabelsToPngOptions } from './png/labelsToPng';
export { labelsToPng } from './png/labelsToPng';
export type { MaskDifferenceOptions } from './png/maskDifference';
export { maskDifference } from './png/maskDifference';
export { maskToPng } from './png/maskToPng';
export type { OverlayLabelsOptions } from './png/overlayLabels';
export { overlayLabels } from './png/overlayLabels';
export type { OverlayMaskOptions } from './png/overlayMask';
export { overlayMask } from './png/overlayMask';
export type { MapInput, PngImage, Rgb, RgbImage } from './png/pngImage';
export type { PngToProbabilitiesOptions } from './png/pngToProbabilities';
export { pngToProbabilities } from './png/pngToProbabilities';
export type { ProbabilitiesToPngOptions } from './png/probabilitiesToPng';
export { probabilitiesToPng } from './png/probabilitiesToPng';
export type { SideBySideOptions } from './png/sideBySide';
export { sideBySide } from './png/sideBySide';
export { toRgb } from './png/toRgb';
export type { ArrayInput, NdArray, NumericData, TypedArray } from './types';
