import { describe, expect, it } from 'vitest';
import * as stats from '../../src/stats/index';

describe('src/stats/index', () => {
  it('re-exports exactly the distribution functions the solvers use', () => {
    expect(Object.keys(stats).sort()).toEqual([
      'FLOAT32_VARIANCE_FLOOR',
      'FLOAT64_VARIANCE_FLOOR',
      'fillRefinedNormalPmf',
      'normalCdf',
      'normalPdf',
      'normalQuantile',
      'poissonBinomialMoments',
      'poissonBinomialSd',
      'poissonBinomialSkew',
      'refinedNormalCdf',
      'refinedNormalInterval',
      'refinedNormalPmf',
      'refinedNormalQuantile',
      'refinedNormalStdCdf',
    ]);
  });
});
