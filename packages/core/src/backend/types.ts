/**
 * The Backend interface: the one seam between the op layer and a device's memory and kernels.
 * A tensor's elements live in an opaque Storage owned by its device; only that device's backend
 * reads or writes them. Kernels read strided input views and write a strided output view, so
 * views need no copy on either side. Kernels know nothing of autograd: the op layer allocates
 * outputs, picks dtypes and records gradients. Every backend runs the same conformance spec; the
 * TypeScript one is the oracle. Host code reads elements only through `read` (toTypedArray,
 * item, tolist, printing) and writes them only through `write` / `fromHost`.
 */
import type { DType, TypedArray } from '../dtype';

/** The devices a storage can live on: host memory, or a WebGPU device's buffers (webgpu/). */
export type DeviceType = 'cpu' | 'webgpu';

/**
 * Elements of one tensor's memory, shared by its views. Opaque outside the device's backend.
 * `version` counts in-place writes (the autograd version counter); views share it.
 */
export interface Storage {
  /** The device whose backend owns these elements. */
  readonly device: DeviceType;
  /**
   * Bumped on every in-place write: autograd compares it with the value saved in forward (PyTorch's version counter).
   */
  version: number;
}

/** A strided window on a storage; the Tensor class satisfies it structurally. */
export interface View {
  readonly storage: Storage;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
  readonly dtype: DType;
  /**
   * Whether shape/strides walk memory densely in row-major order, when known: a Tensor keeps it
   * (as PyTorch's TensorImpl caches is_contiguous) so kernels need not re-derive it per call.
   */
  readonly rowMajor?: boolean;
  /** The number of elements, when known (a Tensor keeps it). */
  readonly elements?: number;
}

/**
 * The elementwise op codes every backend shares: an op's code is its index here, the same in
 * the js switch, the WebAssembly kernels and the native addon (their constants are generated
 * from these lists by tools/gen-opcodes.mjs and checked by a test). Append only: never reorder.
 */
export const UNARY_OPS = [
  'identity', 'neg', 'abs', 'relu', 'sqrt', 'square', 'clamp',
  'exp', 'log', 'log1p', 'expm1', 'rsqrt', 'sin', 'cos', 'tan', 'tanh', 'sigmoid', 'sign', 'floor', 'ceil',
  'round', 'trunc', 'reciprocal', 'erf', 'logicalNot', 'isnan', 'isfinite', 'leakyRelu', 'elu', 'softplus',
  'gelu', 'geluTanh', 'silu', 'log2', 'log10', 'exp2', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'asinh', 'acosh',
  'atanh', 'erfc', 'frac', 'isinf', 'signbit', 'bitwiseNot',
] as const;
export type UnaryOp = typeof UNARY_OPS[number];

export const BINARY_OPS = [
  'add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'eq', 'ne', 'lt', 'le', 'gt', 'ge',
  'pow', 'atan2', 'fmod', 'remainder', 'floorDivide', 'logicalAnd', 'logicalOr', 'logicalXor',
  'copysign', 'hypot', 'bitwiseAnd', 'bitwiseOr', 'bitwiseXor', 'bitwiseLeftShift', 'bitwiseRightShift',
] as const;
export type BinaryOp = typeof BINARY_OPS[number];

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

/**
 * Every kernel writes `out` (a view of any strides over a storage of this device) without
 * reading it first, unless its comment says it accumulates. For unary, binary, where and fused,
 * out's shape is the (broadcast) result shape; the other kernels only need out to hold the
 * result's number of elements, written in the row-major order of out's own shape (so a plain
 * [M, N] tensor serves as matmul's [1, M, N] output). `out` never overlaps an input,
 * except that elementwise kernels (unary, binary, where, fused) may write onto an input they
 * read at the same position (in-place ops).
 */
export interface Backend {
  readonly name: string;
  readonly device: DeviceType;
  /** A new storage of n zeroed elements. */
  alloc(dtype: DType, n: number): Storage;
  /** A storage holding `data` (the backend may take the array over: the caller gives it up). */
  fromHost(data: TypedArray): Storage;
  /** The elements of x in row-major order, as a new host array of x's dtype. */
  read(x: View): TypedArray;
  /** The one element of a one-element x (loss.item() once a step: no array made). */
  item(x: View): number;
  /**
   * `read`, asynchronously: what every device can do (WebGPU reads only this way; its `read` and
   * `item` raise an error naming the async form). CPU backends resolve `read(x)`.
   */
  readAsync(x: View): Promise<TypedArray>;
  /** Writes host `src` (row-major, dst's dtype, numel(dst) long) into dst. */
  write(dst: View, src: TypedArray): void;
  /** dst = src, casting to dst's dtype (bool: nonzero is true); both strided, same shape. */
  copy(src: View, dst: View): void;
  /** Every element of dst = value (already in dst's dtype). */
  fill(dst: View, value: number): void;
  /** out[i] = op(x[i]) with optional parameters (leakyRelu slope, clamp bounds, ...). */
  unary(op: UnaryOp, x: View, out: View, p0?: number, p1?: number): void;
  /** out = a op b, broadcast to out's shape; `b` may be a scalar. */
  binary(op: BinaryOp, a: View, b: View | number, out: View): void;
  /** out = cond ? a : b, all broadcast to out's shape. */
  where(cond: View, a: View, b: View, out: View): void;
  /** Reduces `dims` (sorted, distinct) of x; `indices` receives arg positions for max/min. */
  reduce(op: ReduceOp, x: View, dims: readonly number[], out: View, indices?: View): void;
  /**
   * Batched product: a [B,M,K] x b [B,K,N] -> out [B,M,N]; any strides (0 = broadcast).
   * Float32 accumulates in float, one fused multiply-add per k (BLAS sgemm's rounding), or with a
   * separate multiply and add when `plain` (PyTorch's own small-bmm loop). A K over 4096
   * (js/matmul.ts K_BLOCK) is summed that way per block of 4096 from 0, and the block sums are
   * added pairwise in float (row b + row b + w for w = 1, 2, 4, ...), so long products keep their
   * precision (one float accumulator stops at 2^24); js and wasm use this order. `bare`: a plain
   * mm/bmm (no bias), which PyTorch's BLAS may hand to its small TN kernel (16-lane sums, see
   * js/matmul-small-tn.ts): backends replay it through the js kernel for those shapes.
   */
  matmul(a: View, b: View, out: View, plain?: boolean, bare?: boolean): void;
  /** out = op(a, b, c, s) broadcast to out's shape (see FusedOp); `s` is already in out's dtype. */
  fused(op: FusedOp, a: View, b: View, c: View | null, s: number, out: View): void;
  /**
   * softmax (or logSoftmax when `log`) over dim 1 of x [N, C, K] into out [N, C, K],
   * rounded in PyTorch's order: (x - max) - log(sum exp), exp(x - max) * (1 / sum).
   */
  softmax(x: View, out: View, log: boolean): void;
  /** Its backward from g and the forward output y (both [N, C, K]) into out. */
  softmaxBackward(g: View, y: View, out: View, log: boolean): void;
  /**
   * Optional (CPU backends): GeluBackward0 of float32 as torch 1.13 hands it to oneDNN
   * (exact/gelu-onednn.ts): out = g * gelu'(x), one multiply last. g, x, out: float32, same
   * shape, g and x row-major dense. Ops without it (webgpu) compose the formula.
   */
  geluBackward?(g: View, x: View, out: View): void;
  /**
   * Optional (CPU backends): layer norm of float32 rows x [rows, cols] (row-major dense) in torch
   * 1.13's CPU rounding (exact/layer-norm-f32.ts): Welford moments per row, rstd = 1 / sqrt(var +
   * eps), y = fma(fma(x, rstd, -rstd * mean), w, b). w, b: dense [cols] or null (1 and 0); y
   * [rows, cols] and mean, rstd [rows] are written when not null.
   */
  layerNorm?(x: View, w: View | null, b: View | null, eps: number, rows: number, cols: number,
    y: View | null, mean: View | null, rstd: View | null): void;
  /**
   * Its backward (LayerNormBackwardKernelImplInternal, one thread's order) from dy, x [rows, cols]
   * and the forward's mean, rstd [rows] (all dense float32), w dense [cols] or null: writes dx
   * [rows, cols], dw and db [cols] (sums over rows) where not null.
   */
  layerNormBackward?(dy: View, x: View, mean: View, rstd: View, w: View | null, rows: number, cols: number,
    dx: View | null, dw: View | null, db: View | null): void;
  /**
   * Optional (CPU backends): 2-D convolution (groups 1, zero padding) of x [N, C, H, W] with w
   * [O, C, kh, kw] into out [N, O, oh, ow], as one kernel (no im2col array). float32, x and w
   * row-major dense, b dense [O] or null. Each output is the im2col product's sum: one fma per
   * tap from 0 in (c, i, j) order (padding taps multiply 0), then + b[o]. Ops without it compose
   * im2col and matmul (webgpu, float64, groups).
   */
  conv2d?(x: View, w: View, b: View | null, g: WindowGeometry, out: View): void;
  /**
   * Its input gradient dx [N, C, H, W] (written whole) from gy [N, O, oh, ow] and w (dense
   * float32): col2im(W^T @ gy) in that order: per tap (c, i, j) the fma sum over o from 0, added
   * into dx tap by tap, row by row.
   */
  conv2dInputGrad?(gy: View, w: View, g: WindowGeometry, out: View): void;
  /**
   * Its weight gradient dw [O, C, kh, kw] (written whole) from gy [N, O, oh, ow] and x (dense
   * float32): for each sample n, s = the fma sum over the oh*ow outputs in 16 lanes (position p
   * in lane p mod 16, each from 0, folded 8, 4, 2, 1 apart), then dw = dw + s in n order from 0.
   */
  conv2dWeightGrad?(gy: View, x: View, g: WindowGeometry, out: View): void;
  /**
   * Optional (CPU backends): max pooling of the planes x [B, H, W] (row-major dense, float32 or
   * float64) into out (x's dtype) and indices (int32) [B, oh, ow], both written whole, with PyTorch's CPU loop: taps
   * in the padding are skipped, a value replaces the max when greater or NaN, and the index (flat
   * in the plane) starts at the window's first tap inside the input.
   */
  maxPool2d?(x: View, g: WindowGeometry, out: View, indices: View): void;
  /**
   * Its backward in one scatter pass: adds gy [B, L] into out [B, H*W] at the int32 indices [B,
   * L] (all row-major dense; gy and out of one float dtype, out zeroed by the caller), in the
   * order of the outputs.
   */
  maxPool2dBackward?(gy: View, indices: View, out: View): void;
  /**
   * out (index's shape) = x[..., index[...], ...] along dim; index is int32. Throws PyTorch's
   * out-of-bounds error before writing anything.
   */
  gather(x: View, dim: number, index: View, out: View): void;
  /**
   * Writes src (or a scalar) into out (which holds the values to combine with) at index positions along dim,
   * combining by `reduce`. Every index is checked before the first write.
   */
  scatter(out: View, dim: number, index: View, src: View | number, reduce: ScatterReduce): void;
  /** out = x with dim replaced by the 1-D int32 index's entries (rows copied); checked first. */
  indexSelect(x: View, dim: number, index: View, out: View): void;
  /** Running op along dim into out; `indices` receives arg positions for max/min. */
  scan(op: ScanOp, x: View, dim: number, out: View, indices?: View): void;
  /**
   * Stable sort along dim, keeping the first k of each line (k = size for a full sort); NaN
   * sorts above everything. values/indices have x's shape with dim replaced by k.
   */
  sort(x: View, dim: number, descending: boolean, k: number, values: View, indices: View): void;
  /** cols [N, C*kh*kw, oh*ow] from x [N, C, H, W] (any strides); taps outside x read padValue. */
  im2col(x: View, g: WindowGeometry, padValue: number, out: View): void;
  /** Adds cols [N, C*kh*kw, oh*ow] into out [N, C, H, W] (accumulates: zeroed by the caller). */
  col2im(cols: View, g: WindowGeometry, inSize: readonly [number, number], out: View): void;
  /**
   * NLL of log-probabilities input [N, C, K] at int32 targets [N, K] (optional weight [C]), in
   * PyTorch's float order: 'none' writes -w[t] * input[n, t, k] per position (0 where ignored)
   * into out [N*K]; 'mean' / 'sum' write the cascade-summed total (over the total weight for
   * 'mean') into out[0]. Returns the total weight. Checks every target before writing. (webgpu:
   * keeps the total weight on the device, returns NaN, and cannot check targets before writing;
   * its nllLossGrad/crossEntropyGrad recompute the weight there, and take `grad` as a one-element view.)
   */
  nllLoss(input: View, target: View, weight: View | null, ignoreIndex: number, reduction: LossReduction, out: View): number;
  /**
   * Its gradient (PyTorch's nll_loss_backward) into out [N, C, K], zeroed by the caller:
   * w[t] * -(g / totalWeight) for 'mean', w[t] * -g for 'sum', -w[t] * g[n, k] for 'none'
   * (g a number for the reductions, an [N, K] view for 'none').
   */
  nllLossGrad(target: View, weight: View | null, ignoreIndex: number, reduction: LossReduction, grad: View | number,
    totalWeight: number, numClasses: number, out: View): void;
  /**
   * Cross-entropy's gradient through log_softmax: with gl the nllLossGrad value at the target,
   * out[n, c, k] = [c == t] gl - exp(logp[n, c, k]) * gl (0 where ignored); out is [N, C, K].
   */
  crossEntropyGrad(logp: View, target: View, weight: View | null, ignoreIndex: number, reduction: LossReduction, grad: View | number,
    totalWeight: number, out: View): void;
}
