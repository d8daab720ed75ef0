/**
 * The messages between the calling thread and the pool's workers, and the typed arrays they carry
 * (as buffer, offset, length and element kind, so that one shared buffer serves every task).
 *
 * @module
 */

import type { MaskData } from '../api/types';
import type { FloatArray } from '../kernels/types';
import type { ClassChoices } from '../solvers/OverlapResolver';

/** Element kinds of the arrays a task reads and writes. */
export type ArrayKind = 'float32' | 'float64' | 'uint8' | 'uint16' | 'uint32' | 'int32';

/** A typed array by parts: a (possibly shared) buffer, the byte offset, the element count. */
export interface ArrayRef {
  buffer: ArrayBufferLike;
  byteOffset: number;
  length: number;
  kind: ArrayKind;
}

/** One task: calling thread → worker (a whole sub-tensor, or one step of a split image). */
export type TaskMessage = SolveMessage | ImageStepMessage;

/** A sub-tensor solved by the synchronous solver. */
export interface SolveMessage {
  id: number;
  kind?: undefined;
  /** Probabilities of the task's sub-tensor, `[B', C', ...spatial]`, channels first. */
  probs: ArrayRef;
  shape: number[];
  /** `solve`/`rankseg` options for the sub-tensor (no activation, layout or validate: done before). */
  options: Record<string, unknown>;
  /** Whether volume, cutoff and expected are wanted (`solve`), or the mask alone (`rankseg`). */
  report: boolean;
  /** Where to write the mask, when the output is shared memory; absent: the mask comes back. */
  mask?: ArrayRef;
}

/**
 * One step of a multiclass image split across the workers (DESIGN §4.2): `'choose'` the classes
 * `[from, to)` (each alone, marking its selection in its bit plane), `'claim'` the pixels
 * `[from, to)` from every class's plane and sum them, `'resolve'` those pixels once every range
 * is summed.
 */
export interface ImageStepMessage {
  id: number;
  kind: 'choose' | 'claim' | 'resolve';
  /** The image's probabilities, `[C, D]`, in shared memory. */
  probs: ArrayRef;
  classes: number;
  pixels: number;
  /** `solve` options (as for {@link SolveMessage}). */
  options: Record<string, unknown>;
  from: number;
  to: number;
  /** Every class's selection as a bit plane (`markSelectionBits`), class c's at word c·⌈D/32⌉; shared. */
  bits: ArrayRef;
  /** Claim and resolve: the image's labels (shared output) and shared resolution state. */
  labels?: ArrayRef;
  scratch?: ArrayRef;
  blockSums?: ArrayRef;
  settled?: ArrayRef;
  /** Claim and resolve: every class's choice. */
  choices?: ClassChoices;
}

/** A task's outcome: worker → calling thread. */
export type ReplyMessage =
  | {
      id: number;
      ok: true;
      volume: Int32Array;
      cutoff: Float32Array;
      expected: Float64Array;
      /** The mask, when it was not written into shared memory. */
      mask?: ArrayRef;
      /** A `'choose'` step: the choices of its classes. */
      choices?: ClassChoices;
    }
  | { id: number; ok: false; error: { name: string; message: string } };

/**
 * The kind of a float or label array.
 *
 * @example
 * ```ts
 * kindOf(new Float32Array(2)); // 'float32'
 * ```
 */
export function kindOf(array: FloatArray | MaskData | Int32Array): ArrayKind {
  if (array instanceof Float32Array) return 'float32';
  if (array instanceof Float64Array) return 'float64';
  if (array instanceof Uint8Array) return 'uint8';
  if (array instanceof Uint16Array) return 'uint16';
  if (array instanceof Int32Array) return 'int32';
  return 'uint32';
}

/**
 * The parts of `array` (no copy).
 *
 * @example
 * ```ts
 * refOf(new Float32Array(4).subarray(1)); // { byteOffset: 4, length: 3, kind: 'float32', … }
 * ```
 */
export function refOf(array: FloatArray | MaskData | Int32Array): ArrayRef {
  return { buffer: array.buffer, byteOffset: array.byteOffset, length: array.length, kind: kindOf(array) };
}

/**
 * A view of the array `ref` describes (no copy).
 *
 * @throws TypeError for an unknown kind (a message from another version of the package).
 * @example
 * ```ts
 * viewOf({ buffer: new ArrayBuffer(8), byteOffset: 0, length: 2, kind: 'float32' }); // Float32Array(2)
 * ```
 */
export function viewOf(ref: ArrayRef): FloatArray | MaskData | Int32Array {
  const { buffer, byteOffset, length } = ref;
  switch (ref.kind) {
    case 'float32':
      return new Float32Array(buffer, byteOffset, length);
    case 'float64':
      return new Float64Array(buffer, byteOffset, length);
    case 'uint8':
      return new Uint8Array(buffer, byteOffset, length);
    case 'uint16':
      return new Uint16Array(buffer, byteOffset, length);
    case 'uint32':
      return new Uint32Array(buffer, byteOffset, length);
    case 'int32':
      return new Int32Array(buffer, byteOffset, length);
    default:
      throw new TypeError(`unknown array kind ${String((ref as { kind: unknown }).kind)}`);
  }
}
