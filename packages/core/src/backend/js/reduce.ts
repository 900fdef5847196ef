/**
 * Reductions. Floating sums follow PyTorch's summation order (sum.ts); the rest walk the kept
 * dims in output order and, for each output, the reduced positions as one strided run or a
 * precomputed offset list. Products accumulate in double; max/min/all/any are exact anyway.
 */
import type { TypedArray } from '../../dtype';
import type { ReduceOp, View } from '../types';

import { cascadeSumKernel } from './sum';
import { hostData } from '../host';
import { isContiguous } from '../../shape';

export function reduceKernel(op: ReduceOp, x: View, dims: readonly number[], out: TypedArray, indices?: Int32Array): void {
  const xd = hostData(x);
  if (op === 'sum' && (out instanceof Float32Array || out instanceof Float64Array) && out.constructor === xd.constructor) {
    cascadeSumKernel(x, dims, out);
    return;
  }
  const nd = x.shape.length;
  const isRed = new Array<boolean>(nd).fill(false);
  for (const d of dims) isRed[d] = true;
  const keptShape: number[] = [], keptStrides: number[] = [];
  const redShape: number[] = [], redStrides: number[] = [];
  for (let d = 0; d < nd; d++) {
    if (isRed[d]) { redShape.push(x.shape[d]!); redStrides.push(x.strides[d]!); }
    else { keptShape.push(x.shape[d]!); keptStrides.push(x.strides[d]!); }
  }
  let rn = 1;
  for (const s of redShape) rn *= s;
  let on = 1;
  for (const s of keptShape) on *= s;
  if (on === 0) return;
  if (rn === 0 && (op === 'max' || op === 'min')) {
    throw new Error(`${op}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`);
  }
  // The reduced positions: one run with a single stride when they form one, else an offset list.
  let runStride = 1;
  let rel: Int32Array | null = null;
  if (redShape.length === 1) runStride = redStrides[0]!;
  else if (!isContiguous(redShape, redStrides)) rel = relativeOffsets(redShape, redStrides);
  const kn = keptShape.length;
  const idx = new Array<number>(kn).fill(0);
  let base = x.offset;
  for (let o = 0; o < on; o++) {
    out[o] = reduceOne(op, xd, base, rn, runStride, rel, indices, o);
    for (let d = kn - 1; d >= 0; d--) {
      idx[d]!++;
      base += keptStrides[d]!;
      if (idx[d]! < keptShape[d]!) break;
      base -= keptStrides[d]! * keptShape[d]!;
      idx[d] = 0;
    }
  }
}

function relativeOffsets(shape: readonly number[], strides: readonly number[]): Int32Array {
  let n = 1;
  for (const s of shape) n *= s;
  const rel = new Int32Array(n);
  const nd = shape.length;
  const idx = new Array<number>(nd).fill(0);
  let off = 0;
  for (let i = 0; i < n; i++) {
    rel[i] = off;
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]!++;
      off += strides[d]!;
      if (idx[d]! < shape[d]!) break;
      off -= strides[d]! * shape[d]!;
      idx[d] = 0;
    }
  }
  return rel;
}

function reduceOne(
  op: ReduceOp, x: TypedArray, base: number, n: number, step: number, rel: Int32Array | null,
  indices: Int32Array | undefined, o: number,
): number {
  switch (op) {
    case 'sum': {
      let s = 0;
      if (rel === null) for (let k = 0; k < n; k++) s += x[base + k * step]!;
      else for (let k = 0; k < n; k++) s += x[base + rel[k]!]!;
      return s;
    }
    case 'prod': {
      let p = 1;
      if (rel === null) for (let k = 0; k < n; k++) p *= x[base + k * step]!;
      else for (let k = 0; k < n; k++) p *= x[base + rel[k]!]!;
      return p;
    }
    case 'max':
    case 'min': {
      // The first extreme wins; a NaN is the extreme (the first NaN, as PyTorch).
      const isMax = op === 'max';
      let best = x[rel === null ? base : base + rel[0]!]!, bi = 0;
      if (best === best) {
        for (let k = 1; k < n; k++) {
          const v = x[rel === null ? base + k * step : base + rel[k]!]!;
          if (v !== v) { best = v; bi = k; break; }
          if (isMax ? v > best : v < best) { best = v; bi = k; }
        }
      }
      if (indices) indices[o] = bi;
      return best;
    }
    case 'all': {
      if (rel === null) { for (let k = 0; k < n; k++) if (x[base + k * step] === 0) return 0; }
      else for (let k = 0; k < n; k++) if (x[base + rel[k]!] === 0) return 0;
      return 1;
    }
    case 'any': {
      if (rel === null) { for (let k = 0; k < n; k++) if (x[base + k * step] !== 0) return 1; }
      else for (let k = 0; k < n; k++) if (x[base + rel[k]!] !== 0) return 1;
      return 0;
    }
  }
}
