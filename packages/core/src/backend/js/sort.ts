/** Stable sort along one dim, optionally keeping only the first k of each line (topk). */
import type { TypedArray } from '../../dtype';
import { contiguousStrides } from '../../shape';
import type { View } from '../types';
import { forEachRow } from './strided';
import { hostData } from '../host';

export function sortKernel(x: View, dim: number, descending: boolean, k: number, values: TypedArray, indices: Int32Array): void {
  const n = x.shape[dim]!;
  if (values.length === 0) return;
  const xd = hostData(x), sd = x.strides[dim]!;
  const outShape = x.shape.slice();
  outShape[dim] = k;
  const os = contiguousStrides(outShape), od = os[dim]!;
  const line = new Float64Array(n);
  const order = new Int32Array(n);
  // NaN ranks above every number; ties keep their original order (stable).
  const cmp = descending
    ? (a: number, b: number): number => {
      const va = line[a]!, vb = line[b]!;
      if (va > vb) return -1;
      if (va < vb) return 1;
      const na = va !== va, nb = vb !== vb;
      return na !== nb ? (na ? -1 : 1) : a - b;
    }
    : (a: number, b: number): number => {
      const va = line[a]!, vb = line[b]!;
      if (va < vb) return -1;
      if (va > vb) return 1;
      const na = va !== va, nb = vb !== vb;
      return na !== nb ? (na ? 1 : -1) : a - b;
    };
  const restShape = x.shape.filter((_, i) => i !== dim);
  const lines = [
    { strides: x.strides.filter((_, i) => i !== dim), offset: x.offset },
    { strides: os.filter((_, i) => i !== dim), offset: 0 },
  ];
  forEachRow(restShape, lines, (offs, len, last) => {
    for (let j = 0; j < len; j++) {
      const xb = offs[0]! + j * last[0]!, ob = offs[1]! + j * last[1]!;
      for (let t = 0; t < n; t++) { line[t] = xd[xb + t * sd]!; order[t] = t; }
      order.sort(cmp);
      for (let t = 0; t < k; t++) {
        const src = order[t]!;
        values[ob + t * od] = line[src]!;
        indices[ob + t * od] = src;
      }
    }
  });
}
