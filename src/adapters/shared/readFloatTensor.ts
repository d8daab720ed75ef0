import { describe } from '../../api/describe';
import { decodeFloat16 } from '../../kernels/float16';
import type { FloatArray } from '../../kernels/types';

/** A dense float tensor read from a library's tensor object: C-order values and their dimensions. */
export interface FloatTensorView {
  /** The tensor's own array when it is a Float32Array/Float64Array (never written), else a decoded copy. */
  data: FloatArray;
  dims: number[];
}

/**
 * Reads `{data, dims}` or `{data, shape}` from a tensor object of any library (transformers.js,
 * onnxruntime, plain objects) by duck typing: fields are read with `in` and property access only,
 * never spread or enumerated, so getters behind a Proxy (transformers.js `Tensor`) work.
 *
 * float16 tensors (`type: 'float16'`) are decoded into a new Float32Array, whether their storage
 * is binary16 bits in a Uint16Array (onnxruntime in Node) or a native `Float16Array` (browsers
 * that have one). A `number[]` is copied into a Float64Array. O(n) for a copy, O(1) otherwise.
 *
 * @param tensor - the tensor object.
 * @param name - how error messages call it, e.g. `'outputs.logits'`.
 * @throws TypeError when `tensor` is not an object with a numeric `data` and a `dims`/`shape`
 *   array, or its data live off the CPU (`location` other than `'cpu'`/`'cpu-pinned'`).
 * @throws RangeError for a dimension that is not a non-negative integer, or a data length that
 *   disagrees with the dimensions.
 * @example
 * ```ts
 * readFloatTensor({ data: new Float32Array(6), dims: [1, 2, 3] }, 'x').dims; // [1, 2, 3]
 * ```
 */
export function readFloatTensor(tensor: unknown, name: string): FloatTensorView {
  if (typeof tensor !== 'object' || tensor === null) {
    throw new TypeError(`${name} must be a tensor with \`data\` and \`dims\`; got ${describe(tensor)}`);
  }
  if ('location' in tensor && typeof tensor.location === 'string' && !tensor.location.startsWith('cpu')) {
    throw new TypeError(
      `${name} lives on '${tensor.location}', not on the CPU: download it first (\`await tensor.getData()\`)`,
    );
  }
  const rawDims = 'dims' in tensor ? tensor.dims : 'shape' in tensor ? tensor.shape : undefined;
  if (!Array.isArray(rawDims)) {
    throw new TypeError(`${name} must have a \`dims\` (or \`shape\`) array; got ${describe(rawDims)}`);
  }
  const dims: number[] = [];
  let size = 1;
  for (let i = 0; i < rawDims.length; i++) {
    const n: unknown = rawDims[i];
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
      throw new RangeError(`${name} dims[${i}] must be a non-negative integer; got ${describe(n)}`);
    }
    dims.push(n);
    size *= n;
  }
  if (!('data' in tensor)) throw new TypeError(`${name} has no \`data\` field`);
  const type = 'type' in tensor ? tensor.type : undefined;
  const data = readValues(tensor.data, type, name);
  if (data.length !== size) {
    throw new RangeError(`${name}.data has ${data.length} values but dims [${dims.join(', ')}] need ${size}`);
  }
  return { data, dims };
}

function readValues(data: unknown, type: unknown, name: string): FloatArray {
  if (data instanceof Float32Array || data instanceof Float64Array) return data;
  if (type === 'float16') {
    if (data instanceof Uint16Array) return decodeFloat16(data);
    // A native Float16Array (or any other numeric typed array holding float16 values).
    if (ArrayBuffer.isView(data) && !(data instanceof DataView)) {
      return Float32Array.from(data as unknown as ArrayLike<number>);
    }
  }
  if (Array.isArray(data)) {
    const copy = new Float64Array(data.length);
    for (let i = 0; i < data.length; i++) {
      const v: unknown = data[i];
      if (typeof v !== 'number')
        throw new TypeError(`${name}.data[${i}] must be a number; got ${describe(v)}`);
      copy[i] = v;
    }
    return copy;
  }
  const what = type === undefined ? describe(data) : `${describe(data)} of type ${describe(type)}`;
  throw new TypeError(`${name}.data must hold float32, float64 or float16 values; got ${what}`);
}
