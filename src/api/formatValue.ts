/**
 * A short, readable rendering of any value for error messages: strings quoted, numbers as they
 * are, arrays of up to 8 items listed, other objects by their class.
 *
 * @example
 * ```ts
 * formatValue('iuo'); // '"iuo"'
 * formatValue(new Float32Array(4)); // 'a Float32Array'
 * ```
 */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) {
    return value.length <= 8
      ? `[${value.map(formatValue).join(', ')}]`
      : `an array of length ${value.length}`;
  }
  if (typeof value === 'function') return 'a function';
  const name = (value as object).constructor?.name;
  return name && name !== 'Object' ? `a ${name}` : 'an object';
}
