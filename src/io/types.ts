/**
 * Array types shared by the codecs.
 *
 * @module
 */

/** Every typed array the codecs read or produce (no `Float16Array`: Node 20 lacks it). */
export type TypedArray =
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array
  | Float32Array
  | Float64Array;

/** Numeric storage accepted by the encoders: a typed array or a plain array of numbers. */
export type NumericData = TypedArray | readonly number[];

/**
 * An N-D array in C order (last axis fastest). Either `shape` (rankseg, TF.js, ndarray) or `dims`
 * (onnxruntime, transformers.js) gives the dimensions.
 */
export type ArrayInput =
  | { readonly data: NumericData; readonly shape: readonly number[] }
  | { readonly data: NumericData; readonly dims: readonly number[] };

/** A decoded N-D array in C order: `data.length` is the product of `shape`. */
export interface NdArray<D extends TypedArray = TypedArray> {
  data: D;
  shape: number[];
}
