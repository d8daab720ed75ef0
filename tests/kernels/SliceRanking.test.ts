import { describe, expect, it } from 'vitest';
import { BINS, SliceRanking } from '../../src/kernels/SliceRanking';
import { writeTopMask } from '../../src/kernels/writeTopMask';
import { topMask } from '../helpers/oracle';
import { seededRandom } from '../helpers/random';

function maskOf(data: Float32Array, top: ReturnType<SliceRanking['topSetOfVolume']>): number[] {
  const out = new Uint8Array(data.length);
  writeTopMask(data, 0, data.length, top, out, 0);
  return Array.from(out);
}

describe('SliceRanking', () => {
  const random = seededRandom(21);
  const slices = [
    Float32Array.from({ length: 100 }, random),
    Float32Array.from({ length: 9000 }, random),
    Float32Array.from({ length: 9000 }, () => Math.floor(random() * 9) / 8),
    Float32Array.from({ length: 9000 }, () => Math.floor(random() * 4097) / 4096),
  ];

  it('gives, for any τ, the τ most probable pixels with ties taken in index order', () => {
    for (const data of slices) {
      const ranking = new SliceRanking();
      ranking.load(data, 0, data.length, 0);
      for (const tau of [0, 1, 2, 37, Math.floor(data.length / 2), data.length - 1, data.length]) {
        const top = ranking.topSetOfVolume(tau);
        expect(top.volume).toBe(tau);
        expect(maskOf(data, top)).toEqual(Array.from(topMask(data, tau)));
      }
    }
  });

  it('keeps exactly the pixels at or above the floor, rounded down to a bin edge', () => {
    const data = slices[1]!;
    const ranking = new SliceRanking();
    ranking.load(data, 0, data.length, 0.7);
    const edge = Math.floor(0.7 * BINS) / BINS;
    expect(ranking.kept).toBe(data.filter((p) => p >= edge).length);
    const kept = Array.from(ranking.keptIndices.subarray(0, ranking.kept));
    expect(kept.every((i, j) => data[i]! >= edge && (j === 0 || i > kept[j - 1]!))).toBe(true);
    expect(() => ranking.topSetOfVolume(ranking.kept + 1)).toThrow(RangeError);
  });

  it('gathers bins sorted descending', () => {
    const data = slices[1]!;
    const ranking = new SliceRanking();
    ranking.load(data, 0, data.length, 0);
    const run = Array.from(ranking.gather(2000, 2100));
    const expected = Array.from(data)
      .filter((p) => p >= 2000 / BINS && p < 2101 / BINS)
      .sort((a, b) => b - a);
    expect(run).toEqual(expected);
  });
});
