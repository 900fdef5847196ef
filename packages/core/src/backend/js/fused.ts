/**
 * Fused elementwise kernels rounded as PyTorch's CPU kernels round them. GCC contracts
 * `a + s * b` into one fma in PyTorch's float kernels, so these use a single rounding there:
 *   addScaled  a + s*b           fma(b, s, a)                       (add/sub with alpha)
 *   addcmul    a + s*b*c         fma(fl(s*b), c, a)
 *   addcdiv    a + s*b/c         a + fl(fl(s*b) / c)
 *   lerp       a + w*(b-a)       |w| < 0.5 ? fma(w, d, a) : fma(-d, fl(1-w), b), d = fl(b-a)
 * The scalar `s` (and a scalar lerp weight) arrives already in the compute dtype.
 */
import type { TypedArray } from '../../dtype';
import { fma64, fmaF32, fmaF32Halfway } from '../../numeric';
import type { FusedOp, View } from '../types';
import { expandStrides, forEachRow } from './strided';
import { hostData, isDense } from '../host';
import { shapeEquals } from '../../shape';

const fr = Math.fround;
const EMPTY = new Float64Array(1);

export function fusedKernel(
  op: FusedOp, a: View, b: View, c: View | null, s: number, out: TypedArray, outShape: readonly number[],
): void {
  let n = 1;
  for (const d of outShape) n *= d;
  if (n === 0) return;
  const kind = out instanceof Float32Array ? 0 : out instanceof Float64Array ? 1 : 2;
  const ad = hostData(a), bd = hostData(b), cd = c === null ? EMPTY : hostData(c);
  if (dense(a, outShape) && dense(b, outShape) && (c === null || dense(c, outShape))) {
    fusedLoop(op, kind, ad, a.offset, 1, bd, b.offset, 1, cd, c === null ? 0 : c.offset, c === null ? 0 : 1, s, out, 0, n);
    return;
  }
  const ops = [a, b, c ?? a].map((v) => ({ strides: expandStrides(v.shape, v.strides, outShape), offset: v.offset }));
  forEachRow(outShape, ops, (offs, len, last, o0) => {
    fusedLoop(op, kind, ad, offs[0]!, last[0]!, bd, offs[1]!, last[1]!, cd, c === null ? 0 : offs[2]!, c === null ? 0 : last[2]!, s, out, o0, len);
  });
}

/** v covers outShape contiguously (no broadcast, no gaps). */
function dense(v: View, outShape: readonly number[]): boolean {
  return shapeEquals(v.shape, outShape) && isDense(v);
}

/** kind: 0 float32, 1 float64, 2 integral. */
function fusedLoop(
  op: FusedOp, kind: number,
  x: TypedArray, ix: number, sx: number, y: TypedArray, iy: number, sy: number, z: TypedArray, iz: number, sz: number,
  s: number, o: TypedArray, io: number, n: number,
): void {
  let j = 0;
  switch (op) {
    case 'addScaled':
      if (kind === 0) {
        // fmaF32(b, s, a) written out (the optimizers' update, every step): one double rounding,
        // fixed up on the rare halfway case, as matmul's loop does.
        for (; j < n; j++) {
          const bj = y[iy + j * sy]!, aj = x[ix + j * sx]!;
          const t = bj * s + aj, f = fr(t), g = 2 * t - f;
          o[io + j] = g === f || fr(g) !== g ? f : fmaF32Halfway(bj, s, aj, t, f, g);
        }
      } else if (kind === 1) for (; j < n; j++) o[io + j] = fma64(y[iy + j * sy]!, s, x[ix + j * sx]!);
      else for (; j < n; j++) o[io + j] = x[ix + j * sx]! + Math.imul(s, y[iy + j * sy]!);
      break;
    case 'addcmul':
      if (kind === 0) for (; j < n; j++) o[io + j] = fmaF32(fr(s * y[iy + j * sy]!), z[iz + j * sz]!, x[ix + j * sx]!);
      else if (kind === 1) for (; j < n; j++) o[io + j] = fma64(s * y[iy + j * sy]!, z[iz + j * sz]!, x[ix + j * sx]!);
      else for (; j < n; j++) o[io + j] = x[ix + j * sx]! + Math.imul(Math.imul(s, y[iy + j * sy]!), z[iz + j * sz]!);
      break;
    case 'addcdiv':
      if (kind === 0) for (; j < n; j++) o[io + j] = x[ix + j * sx]! + fr(fr(s * y[iy + j * sy]!) / z[iz + j * sz]!);
      else for (; j < n; j++) o[io + j] = x[ix + j * sx]! + s * y[iy + j * sy]! / z[iz + j * sz]!;
      break;
    case 'lerp':
      for (; j < n; j++) {
        const start = x[ix + j * sx]!, end = y[iy + j * sy]!;
        const w = z === EMPTY ? s : z[iz + j * sz]!;
        o[io + j] = lerpOne(kind, start, end, w);
      }
      break;
  }
}

function lerpOne(kind: number, start: number, end: number, w: number): number {
  if (kind === 0) {
    const d = fr(end - start);
    return Math.abs(w) < 0.5 ? fmaF32(w, d, start) : fmaF32(-d, fr(1 - w), end);
  }
  const d = end - start;
  return Math.abs(w) < 0.5 ? fma64(w, d, start) : fma64(-d, 1 - w, end);
}
