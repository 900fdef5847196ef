/**
 * Bitwise kernels: int32 and bool loops, and int64's (exact integers in doubles: int32
 * arithmetic when the operands fit, BigInt otherwise).
 */
import type { TypedArray } from '../../dtype';
import type { BinaryOp } from '../types';

/** out = x op y for int32 and bool: JS's 32-bit bitwise operators. */
export function bitwiseLoop(op: BinaryOp, x: TypedArray, ix: number, sx: number, y: TypedArray, iy: number, sy: number, o: TypedArray, io: number, n: number): void {
  let j = 0;
  switch (op) {
    case 'bitwiseAnd': for (; j < n; j++) o[io + j] = x[ix + j * sx]! & y[iy + j * sy]!; break;
    case 'bitwiseOr': for (; j < n; j++) o[io + j] = x[ix + j * sx]! | y[iy + j * sy]!; break;
    case 'bitwiseXor': for (; j < n; j++) o[io + j] = x[ix + j * sx]! ^ y[iy + j * sy]!; break;
    // Shifts by a negative amount or by the width or more: 0, or the sign for >> (PyTorch 2's rule).
    case 'bitwiseLeftShift': for (; j < n; j++) { const v = y[iy + j * sy]!; o[io + j] = v < 0 || v >= 32 ? 0 : x[ix + j * sx]! << v; } break;
    case 'bitwiseRightShift': for (; j < n; j++) { const u = x[ix + j * sx]!, v = y[iy + j * sy]!; o[io + j] = v < 0 || v >= 32 ? u >> 31 : u >> v; } break;
    default: break;
  }
}

const I32_MIN = -(2 ** 31), I32_MAX = 2 ** 31 - 1;
/** One int64 bitwise op on exact integers: int32 arithmetic when both fit and the result must, BigInt otherwise. */
export function int64Bitwise(op: BinaryOp, u: number, v: number): number {
  const small = u >= I32_MIN && u <= I32_MAX && v >= I32_MIN && v <= I32_MAX;
  if (small && op === 'bitwiseAnd') return u & v;
  if (small && op === 'bitwiseOr') return u | v;
  if (small && op === 'bitwiseXor') return u ^ v;
  const a = BigInt(Number.isFinite(u) ? Math.trunc(u) : 0), b = BigInt(Number.isFinite(v) ? Math.trunc(v) : 0);
  let r: bigint;
  switch (op) {
    case 'bitwiseAnd': r = a & b; break;
    case 'bitwiseOr': r = a | b; break;
    case 'bitwiseXor': r = a ^ b; break;
    case 'bitwiseLeftShift': r = v < 0 || v >= 64 ? 0n : BigInt.asIntN(64, a << b); break;
    default: r = v < 0 || v >= 64 ? (u < 0 ? -1n : 0n) : a >> b; break;
  }
  return Number(r);
}
