/** Python-style text for optimizer reprs: `True`, `None`, `1e-08`, `(0.9, 0.999)`. */
import { pyNumber } from '@torchlet/core/internal';

export { pyNumber };

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
