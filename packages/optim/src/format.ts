/** Python-style text for optimizer reprs: `True`, `None`, `1e-08`, `(0.9, 0.999)`. */

/**
 * A number as Python's repr prints it: shortest digits, scientific notation below 1e-4 and from
 * 1e16 on, with a two-digit exponent (`1e-05`). Integral values print without `.0`, since a JS
 * number does not say whether it was an int.
 */
export function pyNumber(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (Number.isInteger(v) && Math.abs(v) < 1e16) return String(v);
  const [mantissa = '', expText = '0'] = v.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(v);
}

/** A param group value as PyTorch's optimizer repr shows it. */
export function formatGroupValue(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return pyNumber(v);
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return '(' + v.map(formatGroupValue).join(', ') + ')';
  if (typeof v === 'function') return '<function>';
  return JSON.stringify(v) ?? '';
}
