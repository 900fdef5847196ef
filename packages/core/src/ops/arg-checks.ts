/** Argument checks with PyTorch's words shared by the elementwise ops (not public API). */
import { Tensor } from '../tensor';
import type { Scalar } from './promote';

/** Python's type name of a non-tensor argument, for "must be Tensor, not ..." errors. */
function pyType(v: unknown): string {
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (v === null || v === undefined) return 'NoneType';
  return typeof v === 'string' ? 'str' : typeof v;
}

export function checkTensorArg(fn: string, name: string, position: number, v: unknown): asserts v is Tensor {
  if (!(v instanceof Tensor)) throw new TypeError(`${fn}(): argument '${name}' (position ${position}) must be Tensor, not ${pyType(v)}`);
}

/** PyTorch's error when neither operand is a tensor (its overloads all take one). */
export function noTensorError(name: string, a: Scalar, b: Scalar): TypeError {
  const ty = (v: Scalar): string => (typeof v === 'boolean' ? 'bool' : Number.isInteger(v) ? 'int' : 'float');
  return new TypeError(`${name}() received an invalid combination of arguments - got (${ty(a)}, ${ty(b)}), but expected one of:`);
}
