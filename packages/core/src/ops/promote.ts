/**
 * PyTorch's type promotion for elementwise ops (torch.result_type) and the scalar operands it
 * ranks: a JS number or boolean beside tensors is a "wrapped number" of the lowest priority.
 */
import { castOperand, getDefaultDtype, isFloating, promoteTypes, type DType } from '../dtype';
import type { DeviceType } from '../backend/types';
import type { Device } from '../device';
import { Tensor } from '../tensor';
import { scalarOf } from './util';

/** A Python-number operand: a number or a boolean, which takes part in type promotion as PyTorch's scalars do. */
export type Scalar = number | boolean;
/** What binary ops take as their second operand: a tensor or a scalar. */
export type Operand = Tensor | Scalar;

const CATEGORY: Record<DType, number> = { bool: 0, uint8: 1, int8: 1, int16: 1, int32: 1, int64: 1, float16: 2, bfloat16: 2, float32: 2, float64: 2 };

function promote(a: DType | null, b: DType | null): DType | null {
  if (a === null) return b;
  if (b === null) return a;
  return promoteTypes(a, b);
}

/** PyTorch's combine_categories: a lower-priority operand only wins with a higher category. */
function combine(higher: DType | null, lower: DType | null): DType | null {
  if (higher === null) return lower;
  if (lower === null) return higher;
  if (isFloating(higher)) return higher;
  if (higher === 'bool' || isFloating(lower)) return promote(higher, lower);
  return CATEGORY[lower] > CATEGORY[higher] ? lower : higher;
}

function scalarDtype(s: Scalar): DType {
  if (typeof s === 'boolean') return 'bool';
  return Number.isInteger(s) ? 'int32' : getDefaultDtype();
}

/**
 * resultType(a, b) without a rest array (every binary op asks): the common cases first, a tensor
 * with a tensor of its own dtype or a float tensor with a number.
 */
export function resultType2(a: Operand, b: Operand): DType {
  if (a instanceof Tensor && (b instanceof Tensor ? b.dtype === a.dtype : typeof b === 'number' && isFloating(a.dtype))) return a.dtype;
  return resultType(a, b);
}

/** torch.result_type: dimensioned tensors outrank 0-dim tensors, which outrank JS numbers. */
export function resultType(...operands: Operand[]): DType {
  let dim: DType | null = null, zero: DType | null = null, wrapped: DType | null = null;
  for (const o of operands) {
    if (o instanceof Tensor) {
      if (o.shape.length > 0) dim = promote(dim, o.dtype);
      else zero = promote(zero, o.dtype);
    } else {
      wrapped = promote(wrapped, scalarDtype(o));
    }
  }
  return combine(dim, combine(zero, wrapped)) ?? getDefaultDtype();
}

export function scalarValue(s: Scalar): number {
  return typeof s === 'boolean' ? (s ? 1 : 0) : s;
}

/** A 0-dim tensor holding `x` (rounded to `dtype`), for a scalar on the left or in `where`. */
export function scalarTensor(x: Scalar, dtype: DType, device: DeviceType | Device = 'cpu'): Tensor {
  return scalarOf(castOperand(dtype, scalarValue(x)), dtype, device);
}
