/**
 * Shared pieces of torch.linalg: argument checks in PyTorch's words, the host round trip of a
 * batch of matrices, and a small differentiable helper (diagEmbed) the gradients use.
 *
 * The factorizations (LU, Cholesky, QR, eigh, SVD) run as float64 loops on the host over
 * toTypedArray(): torch.linalg inputs are small matrices here, and a GPU device would add its own
 * kernels behind the same functions. Every gradient is composed of differentiable core ops.
 */
import { isFloating, type DType } from '../dtype';
import type { DeviceType } from '../backend/types';
import type { Device } from '../device';
import { eye } from '../ops/creation';
import { fromHost } from '../ops/util';
import type { Tensor } from '../tensor';

/** PyTorch's scalar type names (int32 stands for Long, PyTorch's default integer). */
export function typeName(d: DType): string {
  return d === 'float32' ? 'Float' : d === 'float64' ? 'Double' : d === 'bool' ? 'Bool' : 'Long';
}

/** "Expected a floating point or complex tensor as input. Got Long", as PyTorch's linalg checks. */
export function checkFloat(fn: string, x: Tensor): void {
  if (!isFloating(x.dtype)) throw new TypeError(`${fn}: Expected a floating point or complex tensor as input. Got ${typeName(x.dtype)}`);
}

/** At least 2 dims and (when `square`) square trailing matrices. */
export function checkMatrix(fn: string, x: Tensor, square: boolean, arg = 'A'): void {
  if (x.ndim < 2) throw new Error(`${fn}: The input tensor ${arg} must have at least 2 dimensions.`);
  const r = x.shape[x.ndim - 2]!, c = x.shape[x.ndim - 1]!;
  if (square && r !== c) throw new Error(`${fn}: A must be batches of square matrices, but they are ${r} by ${c} matrices`);
}

/** The "(Batch element i): " PyTorch puts in a batched input's error. */
export function batchNote(x: Tensor, i: number): string {
  return x.ndim > 2 ? `(Batch element ${i}): ` : '';
}

/** A batch of matrices as one row-major float64 array. */
export interface HostMatrices {
  data: Float64Array;
  /** The leading (batch) dims. */
  batch: number[];
  count: number;
  rows: number;
  cols: number;
}

export function readMatrices(x: Tensor): HostMatrices {
  const src = x.toTypedArray();
  const data = src instanceof Float64Array ? src : Float64Array.from(src);
  const rows = x.shape[x.ndim - 2]!, cols = x.shape[x.ndim - 1]!;
  const batch = x.shape.slice(0, -2);
  return { data, batch, count: batch.reduce((a, b) => a * b, 1), rows, cols };
}

/** Matrix `i` of a batch (a view into `data`). */
export function matrixAt(m: HostMatrices, i: number): Float64Array {
  const size = m.rows * m.cols;
  return m.data.subarray(i * size, (i + 1) * size);
}

/** Uploads float64 host values as a tensor of `dtype` (float32 rounds once, at the end). */
export function upload(data: Float64Array, shape: number[], dtype: DType, device: DeviceType | Device): Tensor {
  return fromHost(dtype === 'float64' ? data : Float32Array.from(data), shape, dtype, device);
}

/** Vectors on the diagonal of square matrices (differentiable: a broadcast product with I). */
export function diagEmbed(v: Tensor): Tensor {
  const n = v.shape[v.ndim - 1]!;
  return v.unsqueeze(-1).mul(eye(n, { dtype: v.dtype }));
}

/** PyTorch's default rtol for rank decisions: eps(dtype) * max(rows, cols). */
export function defaultRtol(dtype: DType, rows: number, cols: number): number {
  return (dtype === 'float64' ? 2 ** -52 : 2 ** -23) * Math.max(rows, cols);
}
