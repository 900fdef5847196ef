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

/** How an nn loss kernel reduces its terms. */
export type LossReduction = 'none' | 'mean' | 'sum';

export type ReduceOp = 'sum' | 'prod' | 'max' | 'min' | 'all' | 'any';

/**
 * Fused elementwise ops, each rounded once where PyTorch's kernel fuses (fma): addScaled a + s*b
 * (add/sub with alpha), addcmul a + s*b*c, addcdiv a + s*b/c, lerp a + w*(b-a) (w = c or s).
 */
export type FusedOp = 'addScaled' | 'addcmul' | 'addcdiv' | 'lerp';

/** How scatter combines a written value with the one already there ('none' overwrites). */
export type ScatterReduce = 'none' | 'add' | 'multiply' | 'amax' | 'amin';

/** Running reductions along one dim (cumsum, cumprod, cummax, cummin). */
export type ScanOp = 'sum' | 'prod' | 'max' | 'min';

/** Sliding-window geometry for im2col/col2im (2-D; 1-D ops use a height of 1). */
export interface WindowGeometry {
  readonly kernel: readonly [number, number];
  readonly stride: readonly [number, number];
  /** Padding before the first row/column; positions past the input read the pad value. */
  readonly padding: readonly [number, number];
  readonly dilation: readonly [number, number];
  readonly outSize: readonly [number, number];
}

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
  /**
   * Batched product: a [B,M,K] x b [B,K,N] -> out [B,M,N] contiguous; any strides (0 = broadcast).
   * Float32 accumulates in float, one fused multiply-add per k (BLAS sgemm's rounding), or with a
   * separate multiply and add when `plain` (PyTorch's own small-bmm loop).
   */
  matmul(a: View, b: View, out: TypedArray, plain?: boolean): void;
  /** Strided copy into a contiguous array of out's dtype (casts as it goes). */
  copy(x: View, out: TypedArray): void;
  /** out = op(a, b, c, s) broadcast to outShape (see FusedOp); `s` is already in out's dtype. */
  fused(op: FusedOp, a: View, b: View, c: View | null, s: number, out: TypedArray, outShape: readonly number[]): void;
  /**
   * softmax (or logSoftmax when `log`) over dim 1 of x [N, C, K] into contiguous out [N, C, K],
   * rounded in PyTorch's order: (x - max) - log(sum exp), exp(x - max) * (1 / sum).
   */
  softmax(x: View, out: TypedArray, log: boolean): void;
  /** Its backward from g and the forward output y (both [N, C, K]) into contiguous out. */
  softmaxBackward(g: View, y: View, out: TypedArray, log: boolean): void;
  /**
   * out (index's shape) = x[..., index[...], ...] along dim; index is int32. Throws PyTorch's
   * out-of-bounds error before writing anything.
   */
  gather(x: View, dim: number, index: View, out: TypedArray): void;
  /**
   * Writes src (or a scalar) into out (contiguous, outShape) at index positions along dim,
   * combining by `reduce`. Every index is checked before the first write.
   */
  scatter(out: TypedArray, outShape: readonly number[], dim: number, index: View, src: View | number, reduce: ScatterReduce): void;
  /** out = x with dim replaced by the 1-D int32 index's entries (rows copied); checked first. */
  indexSelect(x: View, dim: number, index: View, out: TypedArray): void;
  /** Running op along dim into contiguous out; `indices` receives arg positions for max/min. */
  scan(op: ScanOp, x: View, dim: number, out: TypedArray, indices?: Int32Array): void;
  /**
   * Stable sort along dim, keeping the first k of each line (k = size for a full sort); NaN
   * sorts above everything. values/indices are contiguous with dim replaced by k.
   */
  sort(x: View, dim: number, descending: boolean, k: number, values: TypedArray, indices: Int32Array): void;
  /** cols [N, C*kh*kw, oh*ow] from x [N, C, H, W] (any strides); taps outside x read padValue. */
  im2col(x: View, g: WindowGeometry, padValue: number, out: TypedArray): void;
  /** Adds cols [N, C*kh*kw, oh*ow] into out [N, C, H, W] (contiguous, zeroed by the caller). */
  col2im(cols: View, g: WindowGeometry, inSize: readonly [number, number], out: TypedArray): void;
  /**
   * NLL of log-probabilities input [N, C, K] at int32 targets [N, K] (optional weight [C]), in
   * PyTorch's float order: 'none' writes -w[t] * input[n, t, k] per position (0 where ignored)
   * into out [N*K]; 'mean' / 'sum' write the cascade-summed total (over the total weight for
   * 'mean') into out[0]. Returns the total weight. Checks every target before writing.
   */
  nllLoss(input: View, target: View, weight: View | null, ignoreIndex: number, reduction: LossReduction, out: TypedArray): number;
  /**
   * Its gradient (PyTorch's nll_loss_backward) into out [N, C, K], zeroed by the caller:
   * w[t] * -(g / totalWeight) for 'mean', w[t] * -g for 'sum', -w[t] * g[n, k] for 'none'
   * (g a number for the reductions, an [N, K] view for 'none').
   */
  nllLossGrad(target: View, weight: View | null, ignoreIndex: number, reduction: LossReduction, grad: View | number,
    totalWeight: number, numClasses: number, out: TypedArray): void;
  /**
   * Cross-entropy's gradient through log_softmax: with gl the nllLossGrad value at the target,
   * out[n, c, k] = [c == t] gl - exp(logp[n, c, k]) * gl (0 where ignored); out is [N, C, K].
   */
  crossEntropyGrad(logp: View, target: View, weight: View | null, ignoreIndex: number, reduction: LossReduction, grad: View | number,
    totalWeight: number, out: TypedArray): void;
}
