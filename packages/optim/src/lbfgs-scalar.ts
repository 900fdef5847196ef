/**
 * LBFGS mixes Python floats with 0-dim tensors (dot products, step sizes); which one a value is
 * decides its rounding. `Num` keeps that distinction: a JS number is a Python float (double), a
 * `TensorScalar` is a 0-dim tensor of the parameters' dtype. The helpers follow PyTorch: an op
 * with a tensor casts the Python float to the tensor's dtype first and rounds the result to it;
 * `float / tensor` is `tensor.reciprocal() * float`; comparisons cast the float too.
 */
import { Tensor, zeros } from '@torchlet/core';

export type FloatDType = 'float32' | 'float64';

/** A 0-dim tensor's value and dtype (no storage: LBFGS only needs its arithmetic). */
export class TensorScalar {
  constructor(readonly value: number, readonly dtype: FloatDType) {}
}

export type Num = number | TensorScalar;

function rounder(dtype: FloatDType): (x: number) => number {
  return dtype === 'float32' ? Math.fround : (x: number) => x;
}

function dtypeOf(a: Num, b: Num): FloatDType | null {
  if (a instanceof TensorScalar) return a.dtype;
  if (b instanceof TensorScalar) return b.dtype;
  return null;
}

function raw(a: Num): number {
  return a instanceof TensorScalar ? a.value : a;
}

function binary(a: Num, b: Num, op: (x: number, y: number) => number): Num {
  const dtype = dtypeOf(a, b);
  if (dtype === null) return op(raw(a), raw(b));
  const r = rounder(dtype);
  return new TensorScalar(r(op(r(raw(a)), r(raw(b)))), dtype);
}

export const add = (a: Num, b: Num): Num => binary(a, b, (x, y) => x + y);
export const sub = (a: Num, b: Num): Num => binary(a, b, (x, y) => x - y);
export const mul = (a: Num, b: Num): Num => binary(a, b, (x, y) => x * y);

export function div(a: Num, b: Num): Num {
  if (typeof a === 'number' && b instanceof TensorScalar) {
    const r = rounder(b.dtype);
    return new TensorScalar(r(r(1 / b.value) * r(a)), b.dtype);
  }
  return binary(a, b, (x, y) => x / y);
}

export function neg(a: Num): Num {
  return a instanceof TensorScalar ? new TensorScalar(-a.value, a.dtype) : -a;
}

export function abs(a: Num): Num {
  return a instanceof TensorScalar ? new TensorScalar(Math.abs(a.value), a.dtype) : Math.abs(a);
}

/** `x.sqrt()` of a tensor (or math.sqrt of a float). */
export function sqrt(a: Num): Num {
  return a instanceof TensorScalar ? new TensorScalar(rounder(a.dtype)(Math.sqrt(a.value)), a.dtype) : Math.sqrt(a);
}

function compare(a: Num, b: Num, op: (x: number, y: number) => boolean): boolean {
  const dtype = dtypeOf(a, b);
  if (dtype === null) return op(raw(a), raw(b));
  const r = rounder(dtype);
  return op(r(raw(a)), r(raw(b)));
}

export const lt = (a: Num, b: Num): boolean => compare(a, b, (x, y) => x < y);
export const le = (a: Num, b: Num): boolean => compare(a, b, (x, y) => x <= y);
export const gt = (a: Num, b: Num): boolean => compare(a, b, (x, y) => x > y);
export const ge = (a: Num, b: Num): boolean => compare(a, b, (x, y) => x >= y);

/** Python's min(a, b): the first argument unless the second is smaller. */
export function pyMin(a: Num, b: Num): Num {
  return lt(b, a) ? b : a;
}

/** Python's max(a, b): the first argument unless the second is larger. */
export function pyMax(a: Num, b: Num): Num {
  return gt(b, a) ? b : a;
}

/** The plain value (Python's float(x) / tensor.item()). */
export function value(a: Num): number {
  return raw(a);
}

/** A 0-dim result of a tensor reduction (dot, max, sum) as a TensorScalar. */
export function fromTensor(t: Tensor): TensorScalar {
  return new TensorScalar(t.item(), t.dtype === 'float64' ? 'float64' : 'float32');
}

/** For the state dict: TensorScalars become 0-dim tensors, floats stay numbers. */
export function toStateValue(a: Num): Tensor | number {
  return typeof a === 'number' ? a : zeros([], { dtype: a.dtype }).fill_(a.value);
}

/** Back from the state dict. */
export function fromStateValue(v: unknown, fallback: Num): Num {
  if (typeof v === 'number') return v;
  if (v instanceof Tensor && v.numel() === 1) return fromTensor(v);
  return fallback;
}
