/** Reductions: kept dims walk the output in order; reduced dims are a precomputed offset list. */
import type { TypedArray } from '../../dtype';
import type { ReduceOp, View } from '../types';
import { forEachRow, stridesAreContiguous } from './strided';

export function reduceKernel(op: ReduceOp, x: View, dims: readonly number[], out: TypedArray, indices?: Int32Array): void {
  const xd = x.storage.data;
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
  if (rn === 0 && (op === 'max' || op === 'min')) {
    if (out.length > 0) throw new Error(`${op}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`);
    return;
  }
  // Relative offsets of every reduced position; a contiguous block needs no list.
  const contiguousBlock = stridesAreContiguous(redShape, redStrides);
  const rel = contiguousBlock ? null : relativeOffsets(redShape, redStrides);
  const step = contiguousBlock ? 1 : 0;
  let o = 0;
  const emit = (base: number): void => {
    out[o] = reduceOne(op, xd, base, rn, rel, step, indices, o);
    o++;
  };
  if (keptShape.length === 0) {
    emit(x.offset);
    return;
  }
  forEachRow(keptShape, [{ strides: keptStrides, offset: x.offset }], (offs, len, last) => {
    const b0 = offs[0]!, s = last[0]!;
    for (let j = 0; j < len; j++) emit(b0 + j * s);
  });
}

function relativeOffsets(shape: readonly number[], strides: readonly number[]): Int32Array {
  let n = 1;
  for (const s of shape) n *= s;
  const rel = new Int32Array(n);
  let i = 0;
  forEachRow(shape, [{ strides, offset: 0 }], (offs, len, last) => {
    const b = offs[0]!, s = last[0]!;
    for (let j = 0; j < len; j++) rel[i++] = b + j * s;
  });
  return rel;
}

function reduceOne(op: ReduceOp, x: TypedArray, base: number, n: number, rel: Int32Array | null, step: number, indices: Int32Array | undefined, o: number): number {
  const at = (k: number): number => x[rel === null ? base + k * step : base + rel[k]!]!;
  switch (op) {
    case 'sum': {
      let s = 0;
      if (rel === null) for (let k = 0; k < n; k++) s += x[base + k]!;
      else for (let k = 0; k < n; k++) s += x[base + rel[k]!]!;
      return s;
    }
    case 'prod': {
      let p = 1;
      for (let k = 0; k < n; k++) p *= at(k);
      return p;
    }
    case 'max':
    case 'min': {
      let best = at(0), bi = 0;
      const isMax = op === 'max';
      if (best === best) {
        for (let k = 1; k < n; k++) {
          const v = at(k);
          if (v !== v) { best = v; bi = k; break; }
          if (isMax ? v > best : v < best) { best = v; bi = k; }
        }
      }
      if (indices) indices[o] = bi;
      return best;
    }
    case 'all': {
      for (let k = 0; k < n; k++) if (at(k) === 0) return 0;
      return 1;
    }
    case 'any': {
      for (let k = 0; k < n; k++) if (at(k) !== 0) return 1;
      return 0;
    }
  }
}
