/**
 * The TypeScript backend: always present, the oracle every other backend is tested against. Its
 * kernels write a dense row-major array; `denseOut` / `settleOut` (host.ts) let them write any
 * strided `out` view, straight into its elements when it is dense.
 */
import { allocArray, castValue, isFloating, isSmallInt, toInt64, type DType, type TypedArray } from '../../dtype';
import { bfloat16Bits, bfloat16Value, decodeHalf, encodeHalf, float16Bits, float16Value, isHalfType } from '../../half';
import { withHalfKernels } from './narrow-kernels';
import { numelOf } from '../../shape';
import { HostStorage, denseOut, hostData, settleOut, isDense } from '../host';
import type { Backend, View } from '../types';
import { binaryKernel, copyKernel, stridedCopyKernel, unaryKernel, whereKernel } from './elementwise';
import { fusedKernel } from './fused';
import { matmulKernel } from './matmul';
import { reduceKernel } from './reduce';
import { softmaxBackwardKernel, softmaxKernel } from './softmax';
import { gatherKernel, indexSelectKernel, scatterKernel } from './indexing';
import { scanKernel } from './scan';
import { sortKernel } from './sort';
import { geluBackwardRows, layerNormBackwardRowsInto, layerNormRowsInto } from './exact-rows';
import { col2imKernel, crossEntropyGradKernel, im2colKernel, nllLossGradKernel, nllLossKernel } from './nn';
import { conv2dInputGradKernel, conv2dKernel, conv2dWeightGradKernel, maxPool2dBackwardKernel, maxPool2dKernel } from './conv2d';

/** Turns -0 into 0 (int64 elements computed in doubles). */
function plusZero(a: TypedArray): void {
  for (let i = 0; i < a.length; i++) a[i] = a[i]! + 0;
}

/** An int32 index output's dense array (the kernels write positions as int32). */
function denseIndices(v: View | undefined): Int32Array | undefined {
  return v === undefined ? undefined : denseOut(v) as Int32Array;
}

/** One element of a non-float32 view as a number (int64's -0 as 0, half types decoded). */
function itemOf(dtype: DType, v: number): number {
  switch (dtype) {
    case 'int64': return v + 0;
    case 'float16': return float16Value(v);
    case 'bfloat16': return bfloat16Value(v);
    default: return v;
  }
}

/** A cast to or from a half or small integer type: through values (half types hold bit patterns), castValue's C-style wrap. */
function halfCopy(src: View, dst: View): void {
  const raw = jsBackend.read(src);
  const values = isHalfType(src.dtype) ? decodeHalf(src.dtype, raw as Uint16Array) : raw;
  if (isHalfType(dst.dtype)) {
    jsBackend.write(dst, encodeHalf(dst.dtype, values));
    return;
  }
  const out = allocArray(dst.dtype, values.length);
  for (let i = 0; i < values.length; i++) out[i] = castValue(dst.dtype, values[i]!);
  jsBackend.write(dst, out);
}

export const jsBackend: Backend = withHalfKernels({
  name: 'js',
  device: 'cpu',
  alloc: (dtype, n) => new HostStorage(allocArray(dtype, n)),
  fromHost: (data) => new HostStorage(data),
  read(x) {
    const d = hostData(x), n = numelOf(x.shape);
    let out: TypedArray;
    if (isDense(x)) out = d.slice(x.offset, x.offset + n);
    else {
      out = new (d.constructor as new (n: number) => typeof d)(n);
      copyKernel(x, out);
    }
    if (x.dtype === 'int64') plusZero(out);
    return out;
  },
  // int64 arithmetic in doubles can make -0 (0 * -1): an integer reads as 0.
  // Half types decode their bit pattern.
  item: (x) => x.dtype === 'float32' ? hostData(x)[x.offset]! : itemOf(x.dtype, hostData(x)[x.offset]!),
  readAsync: (x) => Promise.resolve(jsBackend.read(x)),
  write(dst, src) {
    const d = hostData(dst);
    if (isDense(dst)) d.set(src, dst.offset);
    else settleOut(dst, src);
  },
  copy(src, dst) {
    if (src.dtype !== dst.dtype && (isHalfType(src.dtype) || isHalfType(dst.dtype) || isSmallInt(src.dtype) || isSmallInt(dst.dtype))) {
      halfCopy(src, dst);
    } else if (dst.dtype === 'int64' && src.dtype !== 'int64') {
      // Casts into int64 truncate as C does (typed arrays only round for Float64Array).
      const v = jsBackend.read(src);
      jsBackend.write(dst, isFloating(src.dtype) ? Float64Array.from(v, toInt64) : Float64Array.from(v));
    } else if (src.dtype === 'int64' && isFloating(dst.dtype)) {
      const v = jsBackend.read(src); // read gives +0 for -0
      jsBackend.write(dst, dst.dtype === 'float32' ? Float32Array.from(v) : v);
    } else if (isDense(dst)) {
      const o = denseOut(dst);
      copyKernel(src, o);
    } else {
      stridedCopyKernel(src, dst);
    }
  },
  fill(dst, value) {
    const d = hostData(dst);
    if (dst.dtype !== 'float32' && isHalfType(dst.dtype)) value = dst.dtype === 'float16' ? float16Bits(value) : bfloat16Bits(value);
    if (isDense(dst)) d.fill(value, dst.offset, dst.offset + numelOf(dst.shape));
    else settleOut(dst, new (d.constructor as new (n: number) => typeof d)(numelOf(dst.shape)).fill(value));
  },
  unary(op, x, out, p0, p1) {
    const o = denseOut(out);
    unaryKernel(op, x, o, p0, p1);
    settleOut(out, o);
  },
  binary(op, a, b, out) {
    const o = denseOut(out);
    binaryKernel(op, a, b, o, out.shape);
    settleOut(out, o);
  },
  where(cond, a, b, out) {
    const o = denseOut(out);
    whereKernel(cond, a, b, o, out.shape);
    settleOut(out, o);
  },
  reduce(op, x, dims, out, indices) {
    const o = denseOut(out), i = denseIndices(indices);
    reduceKernel(op, x, dims, o, i);
    settleOut(out, o);
    if (indices !== undefined) settleOut(indices, i!);
  },
  matmul(a, b, out, plain, bare) {
    const o = denseOut(out);
    matmulKernel(a, b, o, plain, bare);
    settleOut(out, o);
  },
  fused(op, a, b, c, s, out) {
    const o = denseOut(out);
    fusedKernel(op, a, b, c, s, o, out.shape);
    settleOut(out, o);
  },
  softmax(x, out, log) {
    const o = denseOut(out);
    softmaxKernel(x, o, log);
    settleOut(out, o);
  },
  softmaxBackward(g, y, out, log) {
    const o = denseOut(out);
    softmaxBackwardKernel(g, y, o, log);
    settleOut(out, o);
  },
  geluBackward: geluBackwardRows,
  layerNorm: layerNormRowsInto,
  layerNormBackward: layerNormBackwardRowsInto,
  conv2d: conv2dKernel,
  conv2dInputGrad: conv2dInputGradKernel,
  conv2dWeightGrad: conv2dWeightGradKernel,
  maxPool2d: maxPool2dKernel,
  maxPool2dBackward: maxPool2dBackwardKernel,
  gather(x, dim, index, out) {
    const o = denseOut(out);
    gatherKernel(x, dim, index, o);
    settleOut(out, o);
  },
  scatter: scatterKernel,
  indexSelect(x, dim, index, out) {
    const o = denseOut(out);
    indexSelectKernel(x, dim, index, o);
    settleOut(out, o);
  },
  scan(op, x, dim, out, indices) {
    const o = denseOut(out), i = denseIndices(indices);
    scanKernel(op, x, dim, o, i);
    settleOut(out, o);
    if (indices !== undefined) settleOut(indices, i!);
  },
  sort(x, dim, descending, k, values, indices) {
    const o = denseOut(values), i = denseIndices(indices)!;
    sortKernel(x, dim, descending, k, o, i);
    settleOut(values, o);
    settleOut(indices, i);
  },
  im2col(x, g, padValue, out) {
    const o = denseOut(out);
    im2colKernel(x, g, padValue, o);
    settleOut(out, o);
  },
  col2im(cols, g, inSize, out) {
    // Accumulates: a strided out must be read first, so it gets a dense copy of its values.
    const dense = isDense(out);
    const o = dense ? denseOut(out) : jsBackend.read(out);
    col2imKernel(cols, g, inSize, o);
    settleOut(out, o);
  },
  nllLoss(input, target, weight, ignoreIndex, reduction, out) {
    const o = denseOut(out);
    const total = nllLossKernel(input, target, weight, ignoreIndex, reduction, o);
    settleOut(out, o);
    return total;
  },
  nllLossGrad(target, weight, ignoreIndex, reduction, grad, totalWeight, numClasses, out) {
    const o = denseOut(out);
    nllLossGradKernel(target, weight, ignoreIndex, reduction, grad, totalWeight, numClasses, o);
    settleOut(out, o);
  },
  crossEntropyGrad(logp, target, weight, ignoreIndex, reduction, grad, totalWeight, out) {
    const o = denseOut(out);
    crossEntropyGradKernel(logp, target, weight, ignoreIndex, reduction, grad, totalWeight, o);
    settleOut(out, o);
  },
});
