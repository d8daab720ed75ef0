import { describe, expect, it } from 'vitest';
import { ProbabilityValueError } from '../../../src/api/ProbabilityValueError';
import { explainValueError } from '../../../src/cli/common/explainValues';
import type { StoredArray } from '../../../src/cli/common/readProbabilities';

const stored = (
  values: number[],
  shape: number[],
  classAxis: number | undefined,
  axes: StoredArray['axes'],
) => ({
  values: () => Float64Array.from(values),
  shape,
  classAxis,
  batched: axes === 'array',
  axes,
});
const range = new ProbabilityValueError('range', 'probs.data[0] is 3, outside [0, 1]', '; library advice');
const sums = new ProbabilityValueError('distribution', 'probs: … sum to 2, not 1', ': library advice');

describe('explainValueError', () => {
  it("replaces the library's advice with the flag, from the file's values", () => {
    // (X, Y, C) NIfTI-like: C order [C, Y, X] = [2, 1, 2]; classes sum to 1 along C-order axis 0
    const nifti = stored([0.2, 0.6, 0.8, 0.4], [2, 1, 2], 2, 'nifti');
    expect(explainValueError(sums, nifti, 2)).toBe(
      'probs: … sum to 2, not 1; they sum to 1 along axis 0 of [2, 1, 2] instead: use --class-axis 2 (NIfTI axes: 0 = x, 1 = y, 2 = z, 3 = the 4th)',
    );
    const middle = stored([0.2, 0.6, 0.8, 0.4], [1, 2, 2], 2, 'array');
    expect(explainValueError(sums, middle, 2)).toMatch(/use --class-axis 1$/);
  });

  it('NaN or infinities are neither probabilities nor logits', () => {
    expect(explainValueError(range, stored([0.5, Number.NaN], [1, 2], 1, 'array'), 2)).toBe(
      'probs.data[0] is 3, outside [0, 1]; the file holds NaN or ±Infinity, which are neither probabilities nor logits: check the model output',
    );
  });

  it('whole numbers above 255 are not called 8-bit; they read as logits', () => {
    expect(explainValueError(range, stored([0, 300], [1, 2], 1, 'array'), 2)).toMatch(
      /the values span \[0, 300\]: they look like logits/,
    );
  });
});
