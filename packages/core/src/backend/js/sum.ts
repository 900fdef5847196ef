/**
 * Floating-point sum in PyTorch's order, so float32 sums carry PyTorch's bits (CPU, AVX2 build,
 * tensors below PyTorch's parallel grain of 32768 elements).
 *
 * PyTorch lays the reduction out with TensorIterator (reduced dims first, then by stride; dims
 * merged where contiguous) and sums each 2-D block with `cascade_sum` (aten SumKernel.cpp): four
 * interleaved accumulators per row, a cascade of partial sums every 16+ elements, 8-lane float
 * vectors (4 for double) when the reduced or the kept dim is contiguous, and the block results
 * added into the zero-filled output in order. This file replays exactly that, rounding every
 * float32 addition. Scratch buffers are reused, so a sum allocates nothing but its layout.
 */
import type { TypedArray } from '../../dtype';
import type { View } from '../types';
import { hostData, isDense } from '../host';


const fr = Math.fround;
const LEVELS = 4;
/** multi_row_sum's accumulators: LEVELS x (up to 4 rows x 8 lanes). */
const ACC = new Float64Array(LEVELS * 32);
/** The last multiRowSum / rowSum result: nrows x width values, row-major. */
const RES = new Float64Array(32);

export interface Layout {
  shape: number[];
  inStrides: number[];
  outStrides: number[];
}

/** TensorIterator's reorder_dimensions + coalesce_dimensions for a reduction (output first). */
export function reductionLayout(shape: readonly number[], strides: readonly number[], dims: readonly number[]): Layout {
  const nd = shape.length;
  const reduced = new Array<boolean>(nd).fill(false);
  for (const d of dims) reduced[d] = true;
  // The output's strides: contiguous over the keepdim shape, 0 in reduced dims.
  const outStrides = new Array<number>(nd);
  let s = 1;
  for (let d = nd - 1; d >= 0; d--) {
    if (reduced[d]) outStrides[d] = 0;
    else { outStrides[d] = s; s *= shape[d]!; }
  }
  const shouldSwap = (d0: number, d1: number): number => {
    const o0 = outStrides[d0]!, o1 = outStrides[d1]!;
    if ((o0 === 0) !== (o1 === 0)) return o1 === 0 ? 1 : -1;
    if (o0 !== 0 && o1 !== 0) {
      if (o0 < o1) return -1;
      if (o0 > o1) return 1;
      if (shape[d0]! > shape[d1]!) return 1;
    }
    const i0 = strides[d0]!, i1 = strides[d1]!;
    if (i0 !== 0 && i1 !== 0) {
      if (i0 < i1) return -1;
      if (i0 > i1) return 1;
      if (shape[d0]! > shape[d1]!) return 1;
    }
    return 0;
  };
  const perm = new Array<number>(nd);
  for (let i = 0; i < nd; i++) perm[i] = nd - 1 - i;
  for (let i = 1; i < nd; i++) {
    let d1 = i;
    for (let d0 = i - 1; d0 >= 0; d0--) {
      const c = shouldSwap(perm[d0]!, perm[d1]!);
      if (c > 0) {
        const t = perm[d0]!; perm[d0] = perm[d1]!; perm[d1] = t;
        d1 = d0;
      } else if (c < 0) break;
    }
  }
  const sh = perm.map((d) => shape[d]!);
  const is = perm.map((d) => strides[d]!);
  const os = perm.map((d) => outStrides[d]!);
  if (nd <= 1) return { shape: sh, inStrides: is, outStrides: os };
  let prev = 0;
  for (let d = 1; d < nd; d++) {
    const s0 = sh[prev]!, s1 = sh[d]!;
    const can = s0 === 1 || s1 === 1 || (s0 * is[prev]! === is[d]! && s0 * os[prev]! === os[d]!);
    if (can) {
      if (s0 === 1) { is[prev] = is[d]!; os[prev] = os[d]!; }
      sh[prev] = s0 * s1;
    } else {
      prev++;
      if (prev !== d) { is[prev] = is[d]!; os[prev] = os[d]!; sh[prev] = s1; }
    }
  }
  sh.length = is.length = os.length = prev + 1;
  return { shape: sh, inStrides: is, outStrides: os };
}

/** Sums `dims` of x into out (contiguous, kept dims in order). Float32 or float64 only. */
export function cascadeSumKernel(x: View, dims: readonly number[], out: TypedArray): void {
  out.fill(0);
  let n = 1;
  for (const d of x.shape) n *= d;
  if (n === 0) return;
  const f32 = hostData(x) instanceof Float32Array;
  const lanes = f32 ? 8 : 4;
  const xd = hostData(x);
  if (dims.length === x.shape.length && isDense(x)) {
    // Everything from a contiguous block: one row (TensorIterator coalesces it to 1-D).
    loop2d(xd, out, f32, lanes, x.offset, 0, 1, 0, 0, 0, n, 1);
    return;
  }
  if (dims.length === 1 && x.shape.length === 2) {
    // A contiguous [R, C] matrix over one dim (bias gradients): the layout reductionLayout
    // gives, without building it.
    const R = x.shape[0]!, C = x.shape[1]!;
    if (R > 1 && C > 1 && x.strides[0] === C && x.strides[1] === 1) {
      if (dims[0] === 0) loop2d(xd, out, f32, lanes, x.offset, 0, C, 1, 0, 1, R, C);
      else loop2d(xd, out, f32, lanes, x.offset, 0, 1, C, 0, 1, C, R);
      return;
    }
  }
  const L = reductionLayout(x.shape, x.strides, dims);
  const nd = L.shape.length;
  const size0 = nd > 0 ? L.shape[0]! : 1;
  const size1 = nd > 1 ? L.shape[1]! : 1;
  const in0 = nd > 0 ? L.inStrides[0]! : 0, out0 = nd > 0 ? L.outStrides[0]! : 0;
  const in1 = nd > 1 ? L.inStrides[1]! : 0, out1 = nd > 1 ? L.outStrides[1]! : 0;
  // Outer dims (2..) walked as an odometer, dim 2 fastest; each block runs the 2-D loop.
  forEachOuterBlock(L, x.offset, (inBase, outBase) => {
    loop2d(xd, out, f32, lanes, inBase, outBase, in0, in1, out0, out1, size0, size1);
  });
}

/**
 * Visits every block of a reduction layout: dims 2.. walked as an odometer (dim 2 fastest), each
 * visit given the block's input and output base offsets. Shared with the WebAssembly sum so both
 * replay the same order.
 */
export function forEachOuterBlock(L: Layout, inStart: number, visit: (inBase: number, outBase: number) => void): void {
  const outer = Math.max(L.shape.length - 2, 0);
  const idx = new Array<number>(outer).fill(0);
  let inBase = inStart, outBase = 0;
  for (;;) {
    visit(inBase, outBase);
    let d = 0;
    for (; d < outer; d++) {
      const dim = d + 2;
      idx[d]!++;
      inBase += L.inStrides[dim]!;
      outBase += L.outStrides[dim]!;
      if (idx[d]! < L.shape[dim]!) break;
      inBase -= L.inStrides[dim]! * L.shape[dim]!;
      outBase -= L.outStrides[dim]! * L.shape[dim]!;
      idx[d] = 0;
    }
    if (d === outer) break;
  }
}

/** out[o] += v, rounded to float when f32. */
function store(out: TypedArray, o: number, v: number, f32: boolean): void {
  const s = out[o]! + v;
  out[o] = f32 ? fr(s) : s;
}

/** cascade_sum's per-block lambda (strides in elements). */
function loop2d(
  x: TypedArray, out: TypedArray, f32: boolean, lanes: number, inBase: number, outBase: number,
  i0: number, i1: number, o0: number, o1: number, size0: number, size1: number,
): void {
  if (o0 !== 0 && o1 === 0) {
    // Move the reduction to be the first dim.
    let t = i0; i0 = i1; i1 = t;
    t = o0; o0 = o1; o1 = t;
    t = size0; size0 = size1; size1 = t;
  }
  if (o0 !== 0 && o1 !== 0) {
    // Not a reduction: out += in elementwise.
    for (let j = 0; j < size1; j++) {
      for (let i = 0; i < size0; i++) store(out, outBase + j * o1 + i * o0, x[inBase + j * i1 + i * i0]!, f32);
    }
    return;
  }
  if (i0 === 1 && size0 >= lanes) {
    // Contiguous inner reduction: rows of `lanes`-wide vectors, then the scalar tail, then the lanes.
    const vecSize = Math.floor(size0 / lanes);
    for (let j = 0; j < size1; j++) {
      const row = inBase + j * i1;
      rowSum(x, f32, row, lanes, vecSize, lanes);
      let acc = 0;
      for (let k = vecSize * lanes; k < size0; k++) acc = f32 ? fr(acc + x[row + k]!) : acc + x[row + k]!;
      for (let l = 0; l < lanes; l++) acc = f32 ? fr(acc + RES[l]!) : acc + RES[l]!;
      store(out, outBase + j * o1, acc, f32);
    }
  } else if (i1 === 1 && size1 >= lanes) {
    // Contiguous outer reduction: columns in groups of 4 vectors, then single vectors, then scalars.
    let j = 0;
    for (; j + 4 * lanes <= size1; j += 4 * lanes) {
      multiRowSum(x, f32, inBase + j, i0, lanes, size0, 4, lanes);
      for (let k = 0; k < 4 * lanes; k++) store(out, outBase + (j + k) * o1, RES[k]!, f32);
    }
    for (; j + lanes <= size1; j += lanes) {
      rowSum(x, f32, inBase + j, i0, size0, lanes);
      for (let l = 0; l < lanes; l++) store(out, outBase + (j + l) * o1, RES[l]!, f32);
    }
    for (; j < size1; j++) {
      rowSum(x, f32, inBase + j, i0, size0, 1);
      store(out, outBase + j * o1, RES[0]!, f32);
    }
  } else if (i0 < i1) {
    for (let j = 0; j < size1; j++) {
      rowSum(x, f32, inBase + j * i1, i0, size0, 1);
      store(out, outBase + j * o1, RES[0]!, f32);
    }
  } else {
    let j = 0;
    for (; j + 3 < size1; j += 4) {
      multiRowSum(x, f32, inBase + j * i1, i0, i1, size0, 4, 1);
      for (let r = 0; r < 4; r++) store(out, outBase + (j + r) * o1, RES[r]!, f32);
    }
    for (; j < size1; j++) {
      rowSum(x, f32, inBase + j * i1, i0, size0, 1);
      store(out, outBase + j * o1, RES[0]!, f32);
    }
  }
}

/**
 * row_sum: `size` items (each `width` contiguous lanes) `stride` apart, as four interleaved
 * multi-row sums, the leftover items into the first, then the four added in order. Result in
 * RES[0, width).
 */
function rowSum(x: TypedArray, f32: boolean, base: number, stride: number, size: number, width: number): void {
  const ilp = 4;
  const sizeIlp = Math.floor(size / ilp);
  multiRowSum(x, f32, base, stride * ilp, stride, sizeIlp, ilp, width);
  for (let i = sizeIlp * ilp; i < size; i++) {
    const at = base + i * stride;
    for (let l = 0; l < width; l++) {
      const s = RES[l]! + x[at + l]!;
      RES[l] = f32 ? fr(s) : s;
    }
  }
  for (let k = 1; k < ilp; k++) {
    for (let l = 0; l < width; l++) {
      const s = RES[l]! + RES[k * width + l]!;
      RES[l] = f32 ? fr(s) : s;
    }
  }
}

/**
 * multi_row_sum: `nrows` running sums (item k of row i at base + i*rowStride + k*colStride, each
 * `width` lanes) with a 4-level cascade that folds level j into j+1 every 2^(j*p) items.
 * Result in RES[0, nrows*width), row-major.
 */
function multiRowSum(x: TypedArray, f32: boolean, base: number, rowStride: number, colStride: number, size: number, nrows: number, width: number): void {
  const levelPower = Math.max(4, Math.floor(ceilLog2(size) / LEVELS));
  const levelStep = 2 ** levelPower;
  const levelMask = levelStep - 1;
  const w = nrows * width;
  ACC.fill(0, 0, LEVELS * w);
  let i = 0;
  while (i + levelStep <= size) {
    for (let j = 0; j < levelStep; j++, i++) addRow(x, f32, base + i * rowStride, colStride, nrows, width);
    for (let j = 1; j < LEVELS; j++) {
      for (let t = 0; t < w; t++) {
        const s = ACC[j * w + t]! + ACC[(j - 1) * w + t]!;
        ACC[j * w + t] = f32 ? fr(s) : s;
        ACC[(j - 1) * w + t] = 0;
      }
      if (andMask(i, levelMask * 2 ** (j * levelPower)) !== 0) break;
    }
  }
  for (; i < size; i++) addRow(x, f32, base + i * rowStride, colStride, nrows, width);
  for (let j = 1; j < LEVELS; j++) {
    for (let t = 0; t < w; t++) {
      const s = ACC[t]! + ACC[j * w + t]!;
      ACC[t] = f32 ? fr(s) : s;
    }
  }
  for (let t = 0; t < w; t++) RES[t] = ACC[t]!;
}

/** Level 0 += one item of each of the nrows rows. */
function addRow(x: TypedArray, f32: boolean, at: number, colStride: number, nrows: number, width: number): void {
  for (let k = 0; k < nrows; k++) {
    const src = at + k * colStride;
    for (let l = 0; l < width; l++) {
      const s = ACC[k * width + l]! + x[src + l]!;
      ACC[k * width + l] = f32 ? fr(s) : s;
    }
  }
}

/** i & mask for non-negative integers that may exceed 32 bits. */
function andMask(i: number, mask: number): number {
  if (i < 2 ** 31 && mask < 2 ** 31) return i & mask;
  return Number(BigInt(i) & BigInt(mask));
}

/** utils::CeilLog2: 1 for x <= 2, else floor(log2(x - 1)) + 1. */
function ceilLog2(x: number): number {
  if (x <= 2) return 1;
  return 32 - Math.clz32(x - 1);
}
