/**
 * Index kernels: gather, scatter and indexSelect over strided views. Every index is checked
 * before anything is written, so a bad index leaves the output untouched.
 */
import type { TypedArray } from '../../dtype';
import type { ScatterReduce, View } from '../types';
import { isContiguous } from '../../shape';
import { forEachRow } from './strided';
import { hostData } from '../host';

/** Throws PyTorch's scatter/gather message for the first index outside [0, size). */
function checkIndices(index: View, dim: number, size: number): void {
  const id = hostData(index);
  forEachRow(index.shape, [index], (offs, len, last) => {
    const b = offs[0]!, s = last[0]!;
    for (let j = 0; j < len; j++) {
      const k = id[b + j * s]!;
      if (k < 0 || k >= size) throw new RangeError(`index ${k} is out of bounds for dimension ${dim} with size ${size}`);
    }
  });
}

export function gatherKernel(x: View, dim: number, index: View, out: TypedArray): void {
  const size = x.shape[dim]!;
  checkIndices(index, dim, size);
  const xd = hostData(x), id = hostData(index);
  const sd = x.strides[dim]!;
  // x is walked with index's shape; the gathered dim's stride is replaced by the index value.
  const xs = x.strides.slice();
  xs[dim] = 0;
  forEachRow(index.shape, [index, { strides: xs, offset: x.offset }], (offs, len, last, o0) => {
    const ib = offs[0]!, is = last[0]!, xb = offs[1]!, xst = last[1]!;
    for (let j = 0; j < len; j++) out[o0 + j] = xd[xb + j * xst + id[ib + j * is]! * sd]!;
  });
}

/** Scatters straight into the strided `target` view (it holds the values combined with). */
export function scatterKernel(target: View, dim: number, index: View, src: View | number, reduce: ScatterReduce): void {
  const size = target.shape[dim]!;
  checkIndices(index, dim, size);
  const id = hostData(index);
  const out = hostData(target);
  const os = target.strides.slice();
  const sd = os[dim]!;
  os[dim] = 0;
  const place = { strides: os, offset: target.offset };
  const scalar = typeof src === 'number';
  const sv = scalar ? src : 0;
  const srcOp = scalar ? { strides: index.strides.map(() => 0), offset: 0 } : src;
  const sdata = scalar ? null : hostData(src);
  const toBool = out instanceof Uint8Array;
  forEachRow(index.shape, [index, place, srcOp], (offs, len, last) => {
    const ib = offs[0]!, is = last[0]!, ob = offs[1]!, ost = last[1]!, sb = offs[2]!, ss = last[2]!;
    for (let j = 0; j < len; j++) {
      const p = ob + j * ost + id[ib + j * is]! * sd;
      const v = sdata === null ? sv : sdata[sb + j * ss]!;
      switch (reduce) {
        case 'none': out[p] = v; break;
        case 'add': out[p] = toBool ? (out[p]! || v ? 1 : 0) : out[p]! + v; break;
        case 'multiply': out[p] = toBool ? (out[p]! && v ? 1 : 0) : out[p]! * v; break;
        case 'amax': { const o = out[p]!; if (v > o || v !== v) out[p] = v; break; }
        case 'amin': { const o = out[p]!; if (v < o || v !== v) out[p] = v; break; }
      }
    }
  });
}

/** Relative offsets of every position of a strided block, in row-major order. */
function blockOffsets(shape: readonly number[], strides: readonly number[]): Int32Array {
  let n = 1;
  for (const d of shape) n *= d;
  const rel = new Int32Array(n);
  let i = 0;
  forEachRow(shape, [{ strides, offset: 0 }], (offs, len, last) => {
    const b = offs[0]!, s = last[0]!;
    for (let j = 0; j < len; j++) rel[i++] = b + j * s;
  });
  return rel;
}

export function indexSelectKernel(x: View, dim: number, index: View, out: TypedArray): void {
  const size = x.shape[dim]!;
  const id = hostData(index);
  const m = index.shape.length === 0 ? 1 : index.shape[0]!;
  const is = index.shape.length === 0 ? 0 : index.strides[0]!;
  for (let k = 0; k < m; k++) {
    const v = id[index.offset + k * is]!;
    if (v < 0 || v >= size) throw new RangeError('index out of range in self');
  }
  if (out.length === 0) return;
  const xd = hostData(x);
  const sd = x.strides[dim]!;
  const outer = blockOffsets(x.shape.slice(0, dim), x.strides.slice(0, dim));
  const innerShape = x.shape.slice(dim + 1), innerStrides = x.strides.slice(dim + 1);
  const inner = isContiguous(innerShape, innerStrides) ? null : blockOffsets(innerShape, innerStrides);
  let innerN = 1;
  for (const d of innerShape) innerN *= d;
  let p = 0;
  for (let o = 0; o < outer.length; o++) {
    const ob = x.offset + outer[o]!;
    for (let k = 0; k < m; k++) {
      const base = ob + id[index.offset + k * is]! * sd;
      if (inner === null) {
        if (innerN === 1) out[p] = xd[base]!;
        else out.set(xd.subarray(base, base + innerN), p);
        p += innerN;
      } else {
        for (let r = 0; r < innerN; r++) out[p++] = xd[base + inner[r]!]!;
      }
    }
  }
}
