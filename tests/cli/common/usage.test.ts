import { describe, expect, it } from 'vitest';
import { flagMessage, reasonOf } from '../../../src/cli/common/usage';

describe('usage messages', () => {
  it('library messages are rewritten in flag terms and folded onto one line', () => {
    expect(flagMessage("outputMode 'x'\n  voidIndex 3, options.numClasses")).toBe(
      "--output-mode 'x' --void-index 3, --num-classes",
    );
    expect(reasonOf(new Error('dir/a.npy: NPY data is truncated'), 'dir/a.npy')).toBe(
      'NPY data is truncated',
    );
    expect(reasonOf(new Error('other.npy: x'), 'dir/a.npy')).toBe('other.npy: x');
  });
});
