/**
 * The Backend interface: primitive kernels over strided views. Kernels know nothing of autograd;
 * the op layer allocates outputs, picks dtypes and records gradients. A kernel reads its inputs
 * through (storage.data, shape, strides, offset) so views need no copy, and writes its output
 * contiguously. Every backend runs the same conformance tests; the TypeScript one is the oracle.
 */
import type { DType, TypedArray } from '../dtype';

/** A strided read-only window on a storage; the Tensor class satisfies it structurally. */
export interface View {
  readonly storage: { readonly data: TypedArray };
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
  readonly dtype: DType;
}

export type UnaryOp =
  | 'neg' | 'abs' | 'exp' | 'log' | 'log1p' | 'expm1' | 'sqrt' | 'rsqrt' | 'sin' | 'cos' | 'tan'
  | 'tanh' | 'sigmoid' | 'relu' | 'sign' | 'floor' | 'ceil' | 'round' | 'trunc' | 'reciprocal'
  | 'square' | 'erf' | 'logicalNot' | 'isnan' | 'isfinite' | 'identity'
  | 'leakyRelu' | 'elu' | 'softplus' | 'clamp' | 'gelu' | 'geluTanh' | 'silu'
  | 'log2' | 'log10' | 'exp2' | 'asin' | 'acos' | 'atan' | 'sinh' | 'cosh' | 'asinh' | 'acosh' | 'atanh'
  | 'erfc' | 'frac' | 'isinf' | 'signbit';

export type BinaryOp =
  | 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum' | 'atan2' | 'fmod' | 'remainder'
  | 'floorDivide' | 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'logicalAnd' | 'logicalOr' | 'logicalXor';

export type ReduceOp = 'sum' | 'prod' | 'max' | 'min' | 'all' | 'any';

export interface Backend {
  readonly name: string;
  /** out[i] = op(x[i]) with optional parameters (leakyRelu slope, clamp bounds, ...). */
  unary(op: UnaryOp, x: View, out: TypedArray, p0?: number, p1?: number): void;
  /** out = a op b, broadcast to outShape; `b` may be a scalar. */
  binary(op: BinaryOp, a: View, b: View | number, out: TypedArray, outShape: readonly number[]): void;
  /** out = cond ? a : b, all broadcast to outShape. */
  where(cond: View, a: View, b: View, out: TypedArray, outShape: readonly number[]): void;
  /** Reduces `dims` (sorted, distinct) of x; `indices` receives arg positions for max/min. */
  reduce(op: ReduceOp, x: View, dims: readonly number[], out: TypedArray, indices?: Int32Array): void;
  /** Batched product: a [B,M,K] x b [B,K,N] -> out [B,M,N] contiguous; any strides (0 = broadcast). */
  matmul(a: View, b: View, out: TypedArray): void;
  /** Strided copy into a contiguous array of out's dtype (casts as it goes). */
  copy(x: View, out: TypedArray): void;
}
