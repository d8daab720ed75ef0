/**
 * The shared buffers kept between calls: a call's input and output both come back, the smallest
 * fitting one is taken, never one more than twice the size asked, and at most KEEP_COUNT are kept.
 */
import { describe, expect, it } from 'vitest';
import { KEEP_COUNT, releaseSharedBuffer, takeSharedBuffer } from '../../src/parallel/sharedBuffers';

describe('takeSharedBuffer / releaseSharedBuffer', () => {
  it('gives back both buffers of a call (input and output) to the next call of the same sizes', () => {
    const input = takeSharedBuffer(4000);
    const mask = takeSharedBuffer(1000);
    releaseSharedBuffer(input);
    releaseSharedBuffer(mask);
    expect(takeSharedBuffer(1000)).toBe(mask);
    expect(takeSharedBuffer(4000)).toBe(input);
  });

  it('takes the smallest kept buffer that fits, and none more than twice the size asked', () => {
    const big = new SharedArrayBuffer(3000);
    const small = new SharedArrayBuffer(2100);
    releaseSharedBuffer(big);
    releaseSharedBuffer(small);
    const fresh = takeSharedBuffer(1000); // both too large: a new one of exactly 1000 bytes
    expect(fresh).not.toBe(small);
    expect(fresh.byteLength).toBe(1000);
    expect(takeSharedBuffer(1400)).toBe(small);
    expect(takeSharedBuffer(1400)).not.toBe(big);
    expect(takeSharedBuffer(2000)).toBe(big);
  });

  it(`keeps the ${KEEP_COUNT} largest released buffers, each once`, () => {
    const sizes = [100, 400, 200, 300];
    const buffers = sizes.map((n) => new SharedArrayBuffer(n));
    for (const b of buffers) releaseSharedBuffer(b);
    releaseSharedBuffer(buffers[1]!); // released twice: kept once
    expect(KEEP_COUNT).toBe(2);
    expect(takeSharedBuffer(300)).toBe(buffers[3]);
    expect(takeSharedBuffer(400)).toBe(buffers[1]);
    expect(takeSharedBuffer(400)).not.toBe(buffers[1]); // taken already
    expect(takeSharedBuffer(200)).not.toBe(buffers[2]); // dropped: not among the two largest
  });
});
