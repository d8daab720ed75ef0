import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { rankseg, solve } from '../../src/index';
import { decodeFloat16, floatToHalf } from '../../src/kernels/float16';
import { realisticProbs } from '../helpers/random';

const list = (x: ArrayLike<number>) => Array.from(x);

describe('onnxruntime tensors go into the core as they are (no adapter)', () => {
  const [B, C, H, W] = [2, 3, 6, 5];
  const probs = realisticProbs(13, B, C, [H, W], { cell: 2 });

  it('a float32 ort.Tensor gives the masks and scores of {data, shape}', () => {
    const tensor = new ort.Tensor('float32', probs, [B, C, H, W]);
    expect(tensor.location).toBe('cpu');
    for (const options of [{}, { metric: 'iou' }, { outputMode: 'multilabel' }] as const) {
      const ours = solve(tensor, options);
      const plain = solve({ data: probs, shape: [B, C, H, W] }, options);
      expect(list(ours.mask.data)).toEqual(list(plain.mask.data));
      expect(list(ours.expected)).toEqual(list(plain.expected));
    }
  });

  it('a float16 ort.Tensor (binary16 bits) gives what its float32 values give', () => {
    const bits = Uint16Array.from(probs, (p) => floatToHalf(p));
    const tensor = new ort.Tensor('float16', bits, [B, C, H, W]);
    expect(tensor.type).toBe('float16');
    const values = decodeFloat16(bits);
    expect(list(rankseg(tensor).data)).toEqual(list(rankseg({ data: values, shape: [B, C, H, W] }).data));
  });

  it('logits from a real InferenceSession output work with activation', async () => {
    // A one-node graph (Identity) built in memory: the output is an ort.Tensor made by the runtime.
    const session = await ort.InferenceSession.create(identityModel());
    const logits = Float32Array.from(probs, (p) => Math.log(p));
    const { y } = await session.run({ x: new ort.Tensor('float32', logits, [B, C, H, W]) });
    // Narrowed to float32: a bare ort.Tensor's `data` type is the union of every element type.
    const fromSession = rankseg(y as ort.TypedTensor<'float32'>, { activation: 'softmax' });
    expect(list(fromSession.data)).toEqual(
      list(rankseg({ data: logits, shape: [B, C, H, W] }, { activation: 'softmax' }).data),
    );
    await session.release();
  });
});

/**
 * The bytes of an ONNX model with one Identity node x → y (float32, any shape), hand-encoded in
 * protobuf: ir_version 8, opset 13.
 */
function identityModel(): Uint8Array {
  const varint = (n: number): number[] => {
    const out: number[] = [];
    while (n > 127) {
      out.push((n & 127) | 128);
      n >>>= 7;
    }
    out.push(n);
    return out;
  };
  const field = (tag: number, bytes: number[]) => [tag, ...varint(bytes.length), ...bytes];
  const text = (s: string) => Array.from(new TextEncoder().encode(s));
  // TypeProto { tensor_type { elem_type: FLOAT } }, no shape: any shape.
  const floatType = field(0x0a, [0x08, 0x01]);
  const value = (name: string) => field(0x0a, text(name)).concat(field(0x12, floatType));
  const node = [...field(0x0a, text('x')), ...field(0x12, text('y')), ...field(0x22, text('Identity'))];
  const graph = [
    ...field(0x0a, node),
    ...field(0x12, text('g')),
    ...field(0x5a, value('x')),
    ...field(0x62, value('y')),
  ];
  const opset = field(0x42, [0x10, 13]); // opset_import { version: 13 }
  return Uint8Array.from([0x08, 8, ...field(0x3a, graph), ...opset]);
}
