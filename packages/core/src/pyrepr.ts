/** Python's repr of numbers and int tuples, as PyTorch's messages and reprs print them. */

/** Python's repr of a float: `1.0`, `0.1`, `1e-05`, `inf`. */
export function pyFloat(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (Number.isInteger(v) && Math.abs(v) < 1e16) return `${v}.0`;
  const abs = Math.abs(v);
  if (abs >= 1e16 || abs < 1e-4) {
    // Python switches to exponent form below 1e-4 and from 1e16, with at least two exponent digits.
    const [mant, exp] = v.toExponential().split('e') as [string, string];
    const sign = exp.startsWith('-') ? '-' : '+';
    return `${mant}e${sign}${exp.replace(/^[+-]/, '').padStart(2, '0')}`;
  }
  return String(v);
}

/**
 * A number as Python prints the int or float it stands for: integral values below 1e16 print
 * without `.0` (a JS number does not say whether it was an int), the rest as floats.
 */
export function pyNumber(v: number): string {
  return Number.isInteger(v) && Math.abs(v) < 1e16 ? String(v) : pyFloat(v);
}

/** Python's tuple repr of ints: `(3,)`, `(2, 2)`. */
export function pyTuple(values: readonly number[]): string {
  return values.length === 1 ? `(${values[0]},)` : `(${values.join(', ')})`;
}
