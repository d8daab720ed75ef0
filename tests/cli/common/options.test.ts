import { describe, expect, it } from 'vitest';
import { parseClassAxis, parseInteger, parseNumber } from '../../../src/cli/common/options';

describe('flag parsers check the kind of a value, not its range', () => {
  it('numbers in decimal notation only', () => {
    expect([parseNumber('1e-4'), parseNumber('.5'), parseNumber(' -2 ')]).toEqual([1e-4, 0.5, -2]);
    for (const bad of ['', 'abc', '0x10', '1,5', 'NaN'])
      expect(() => parseNumber(bad)).toThrow(/expected a number/);
  });

  it('integers and class axes', () => {
    expect(parseInteger('255')).toBe(255);
    expect(() => parseInteger('2.5')).toThrow(/expected an integer/);
    expect([parseClassAxis('-1'), parseClassAxis('LAST'), parseClassAxis('none')]).toEqual([
      -1,
      'last',
      'none',
    ]);
    expect(() => parseClassAxis('x')).toThrow(/expected an integer axis/);
  });
});
