/**
 * Bitwise ops on integral and bool tensors (torch.bitwise_and, ..., bitwise_not): kernels of the
 * binary and unary op rows, with PyTorch's "not implemented for 'Float'" error for floating
 * operands (the shifts reject bool too). No gradients: their results are integral.
 */
import { isFloating } from '../dtype';
import type { BinaryOp } from '../backend/types';
import { Tensor } from '../tensor';
import { binary, binaryInplace, type Operand } from './binary';
import { noTensorError } from './arg-checks';
import { unary, unaryInplace } from './unary';
import { scalarTypeName } from './util';

function bitwiseOf(op: BinaryOp, name: string, a: Operand, b: Operand): Tensor {
  if (!(a instanceof Tensor) && !(b instanceof Tensor)) throw noTensorError(name, a, b);
  return binary(op, a, b);
}

/** a & b (logical and for bools); either side may be a number. */
export function bitwiseAnd(a: Operand, b: Operand): Tensor { return bitwiseOf('bitwiseAnd', 'bitwise_and', a, b); }
/** a | b. */
export function bitwiseOr(a: Operand, b: Operand): Tensor { return bitwiseOf('bitwiseOr', 'bitwise_or', a, b); }
/** a ^ b. */
export function bitwiseXor(a: Operand, b: Operand): Tensor { return bitwiseOf('bitwiseXor', 'bitwise_xor', a, b); }
/** a << b on integers (a shift by a negative amount or 32 and more gives 0). */
export function bitwiseLeftShift(a: Operand, b: Operand): Tensor { return bitwiseOf('bitwiseLeftShift', 'bitwise_left_shift', a, b); }
/** a >> b on integers, arithmetic (a shift by a negative amount or 32 and more leaves the sign). */
export function bitwiseRightShift(a: Operand, b: Operand): Tensor { return bitwiseOf('bitwiseRightShift', 'bitwise_right_shift', a, b); }

/** In-place bitwiseAnd: a &= b; returns a. */
export function bitwiseAnd_(a: Tensor, b: Operand): Tensor { return binaryInplace('bitwiseAnd', a, b); }
/** In-place bitwiseOr: a |= b; returns a. */
export function bitwiseOr_(a: Tensor, b: Operand): Tensor { return binaryInplace('bitwiseOr', a, b); }
/** In-place bitwiseXor: a ^= b; returns a. */
export function bitwiseXor_(a: Tensor, b: Operand): Tensor { return binaryInplace('bitwiseXor', a, b); }
/** In-place bitwiseLeftShift: a <<= b; returns a. */
export function bitwiseLeftShift_(a: Tensor, b: Operand): Tensor { return binaryInplace('bitwiseLeftShift', a, b); }
/** In-place bitwiseRightShift: a >>= b; returns a. */
export function bitwiseRightShift_(a: Tensor, b: Operand): Tensor { return binaryInplace('bitwiseRightShift', a, b); }

function checkNotFloating(x: Tensor): void {
  if (isFloating(x.dtype)) throw new TypeError(`"bitwise_not_cpu" not implemented for '${scalarTypeName(x.dtype)}'`);
}

/** ~x: every bit flipped on integers, logical not on bools. */
export function bitwiseNot(x: Tensor): Tensor {
  checkNotFloating(x);
  return unary(x.dtype === 'bool' ? 'logicalNot' : 'bitwiseNot', x);
}
/** In-place bitwiseNot; returns x. */
export function bitwiseNot_(x: Tensor): Tensor {
  checkNotFloating(x);
  return unaryInplace(x.dtype === 'bool' ? 'logicalNot' : 'bitwiseNot', x);
}
