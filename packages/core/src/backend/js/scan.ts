/** Running reductions along one dim (cumsum, cumprod, cummax, cummin), accumulated in doubles. */
import type { TypedArray } from '../../dtype';
import { contiguousStrides } from '../../shape';
import type { ScanOp, View } from '../types';
import { forEachRow } from './strided';
import { hostData } from '../host';

/** Strides and shape of every dim except `dim` (the lines' starting points). */
function without<T>(a: readonly T[], dim: number): T[] {
  return a.filter((_, i) => i !== dim);
}

export function scanKernel(op: ScanOp, x: View, dim: number, out: TypedArray, indices?: Int32Array): void {
  const n = x.shape[dim]!;
  if (out.length === 0) return;
  const xd = hostData(x), sd = x.strides[dim]!;
  const os = contiguousStrides(x.shape), od = os[dim]!;
  const lines = [{ strides: without(x.strides, dim), offset: x.offset }, { strides: without(os, dim), offset: 0 }];
  forEachRow(without(x.shape, dim), lines, (offs, len, last) => {
    for (let j = 0; j < len; j++) {
      const xb = offs[0]! + j * last[0]!, ob = offs[1]! + j * last[1]!;
      switch (op) {
        case 'sum': {
          let acc = 0;
          for (let k = 0; k < n; k++) { acc += xd[xb + k * sd]!; out[ob + k * od] = acc; }
          break;
        }
        case 'prod': {
          let acc = 1;
          for (let k = 0; k < n; k++) { acc *= xd[xb + k * sd]!; out[ob + k * od] = acc; }
          break;
        }
        case 'max':
        case 'min': {
          // PyTorch keeps the latest of tied extremes, and a NaN once seen.
          const isMax = op === 'max';
          let best = xd[xb]!, bi = 0;
          for (let k = 0; k < n; k++) {
            const v = xd[xb + k * sd]!;
            if (v !== v || (best === best && (isMax ? v >= best : v <= best))) { best = v; bi = k; }
            out[ob + k * od] = best;
            if (indices) indices[ob + k * od] = bi;
          }
          break;
        }
      }
    }
  });
}
