/**
 * The js backend's geluBackward / layerNorm / layerNormBackward: the exact/ replays of torch
 * 1.13's float32 kernels (unchanged numerics) on the views' host arrays.
 */
import { geluBackwardOneDnn } from '../../exact/gelu-onednn';
import { layerNormBackwardRows, layerNormRows } from '../../exact/layer-norm-f32';
import { numelOf } from '../../shape';
import { denseOut, hostData, isDense, settleOut } from '../host';
import type { View } from '../types';

/** A dense float32 view's own elements (no copy). */
function denseF32(v: View, what: string): Float32Array {
  const d = hostData(v);
  if (v.dtype !== 'float32' || !(d instanceof Float32Array) || !isDense(v)) throw new Error(`${what}: expected a dense float32 tensor`);
  return d.subarray(v.offset, v.offset + numelOf(v.shape));
}

function put(out: View | null, src: Float32Array | null): void {
  if (out === null || src === null) return;
  const o = denseOut(out);
  o.set(src);
  settleOut(out, o);
}

export function geluBackwardRows(g: View, x: View, out: View): void {
  put(out, geluBackwardOneDnn(denseF32(g, 'geluBackward'), denseF32(x, 'geluBackward')));
}

export function layerNormRowsInto(x: View, w: View | null, b: View | null, eps: number, rows: number, cols: number,
  y: View | null, mean: View | null, rstd: View | null): void {
  const wd = w === null ? null : denseF32(w, 'layerNorm'), bd = b === null ? null : denseF32(b, 'layerNorm');
  const r = layerNormRows(denseF32(x, 'layerNorm'), rows, cols, eps, wd, bd);
  put(y, r.y);
  put(mean, r.mean);
  put(rstd, r.rstd);
}

export function layerNormBackwardRowsInto(dy: View, x: View, mean: View, rstd: View, w: View | null, rows: number, cols: number,
  dx: View | null, dw: View | null, db: View | null): void {
  const f = (v: View): Float32Array => denseF32(v, 'layerNormBackward');
  const r = layerNormBackwardRows(f(dy), f(x), f(mean), f(rstd), w === null ? null : f(w), rows, cols,
    { dx: dx !== null, dgamma: dw !== null, dbeta: db !== null });
  put(dx, r.dx);
  put(dw, r.dgamma);
  put(db, r.dbeta);
}
