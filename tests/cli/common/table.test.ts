import { describe, expect, it } from 'vitest';
import { formatScore, formatTable } from '../../../src/cli/common/table';

describe('tables', () => {
  it('aligns text left and numbers right under an underlined header', () => {
    expect(
      formatTable([
        ['class', 'dice'],
        ['0', '0.8571'],
        ['mean', '-'],
      ]),
    ).toBe('class    dice\n-----  ------\n0      0.8571\nmean        -\n');
  });

  it('shows scores with 4 decimals and NaN as -', () => {
    expect([formatScore(2 / 3), formatScore(1), formatScore(Number.NaN)]).toEqual(['0.6667', '1.0000', '-']);
  });
});
