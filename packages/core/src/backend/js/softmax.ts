/**
 * softmax / logSoftmax over the middle dim of a [N, C, K] view, and their backward, in PyTorch's
 * CPU order (aten/src/ATen/native/cpu/SoftMaxKernel.cpp), every float32 step rounded:
 *   forward   e = exp(x - max), S = sum e; log: (x - max) - log(S); softmax: e * (1 / S)
 *   backward  log: g - exp(y) * sum(g) (one fused rounding); softmax: (g - sum(g * y)) * y
 * Over the last dim (K = 1) PyTorch works on 8-float vectors: exp and log are SLEEF's, sums run
 * in 8 lanes added as a tree (a plain running sum below 8 items). Over other dims the forward
 * vectorises across k in blocks of 8 (SLEEF, libm for the rest; softmax divides by the sum), with
 * running sums from 0.
 */
import type { TypedArray } from '../../dtype';
import { fmaF32 } from '../../numeric';
import type { View } from '../types';
import { sleefExpf, sleefLogf } from './sleef';
import { hostData } from '../host';

const fr = Math.fround;
const LANES = new Float64Array(8);
let scratch = new Float64Array(64);

/** Sum of e[0..C) in PyTorch's reduce_all order for `lanes`-wide vectors. */
function reduceAll(e: Float64Array, C: number, f32: boolean, lanes: number): number {
  if (C < lanes) {
    let s = e[0]!;
    for (let c = 1; c < C; c++) s = f32 ? fr(s + e[c]!) : s + e[c]!;
    return s;
  }
  for (let l = 0; l < lanes; l++) LANES[l] = e[l]!;
  let d = lanes;
  for (; d + lanes <= C; d += lanes) {
    for (let l = 0; l < lanes; l++) LANES[l] = f32 ? fr(LANES[l]! + e[d + l]!) : LANES[l]! + e[d + l]!;
  }
  for (let l = 0; d + l < C; l++) LANES[l] = f32 ? fr(LANES[l]! + e[d + l]!) : LANES[l]! + e[d + l]!;
  return laneTotal(f32, lanes);
}

/** The lanes' total: AVX2's horizontal reduction (halves, pairs, neighbours) for floats. */
function laneTotal(f32: boolean, lanes: number): number {
  if (!f32) {
    let s = LANES[0]!;
    for (let l = 1; l < lanes; l++) s += LANES[l]!;
    return s;
  }
  for (const step of [4, 2, 1]) {
    for (let l = 0; l < 8; l++) if ((l & step) === 0) LANES[l] = fr(LANES[l]! + LANES[l + step]!);
  }
  return LANES[0]!;
}

/** The exp and log PyTorch applies at position k of K: SLEEF on vector lanes, libm otherwise. */
function useSleef(f32: boolean, k: number, K: number): boolean {
  return f32 && (K === 1 || k < K - (K % 8));
}

function scratchFor(C: number): Float64Array {
  if (scratch.length < C) scratch = new Float64Array(C);
  return scratch;
}

export function softmaxKernel(x: View, out: TypedArray, log: boolean): void {
  const [N, C, K] = x.shape as [number, number, number];
  const [sN, sC, sK] = x.strides as [number, number, number];
  const xd = hostData(x);
  const f32 = out instanceof Float32Array;
  const e = scratchFor(C);
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < K; k++) {
      const base = x.offset + n * sN + k * sK;
      const sleef = useSleef(f32, k, K);
      let max = xd[base]!;
      for (let c = 1; c < C; c++) {
        const v = xd[base + c * sC]!;
        if (v > max || v !== v) max = v;
        if (max !== max) break;
      }
      for (let c = 0; c < C; c++) {
        const d = xd[base + c * sC]! - max;
        e[c] = !f32 ? Math.exp(d) : sleef ? sleefExpf(fr(d)) : fr(Math.exp(fr(d)));
      }
      let sum: number;
      if (K === 1) sum = reduceAll(e, C, f32, f32 ? 8 : 4);
      else {
        sum = 0;
        for (let c = 0; c < C; c++) sum = f32 ? fr(sum + e[c]!) : sum + e[c]!;
      }
      const o = n * C * K + k;
      if (log) {
        const ls = !f32 ? Math.log(sum) : sleef ? sleefLogf(sum) : fr(Math.log(sum));
        for (let c = 0; c < C; c++) {
          const d = xd[base + c * sC]! - max;
          out[o + c * K] = (f32 ? fr(d) : d) - ls;
        }
      } else if (K === 1) {
        const r = f32 ? fr(1 / sum) : 1 / sum;
        for (let c = 0; c < C; c++) out[o + c * K] = e[c]! * r;
      } else {
        for (let c = 0; c < C; c++) out[o + c * K] = e[c]! / sum;
      }
    }
  }
}

/**
 * Backward of softmaxKernel: g and y (the forward output) as [N, C, K] views, out contiguous.
 */
export function softmaxBackwardKernel(g: View, y: View, out: TypedArray, log: boolean): void {
  const [N, C, K] = g.shape as [number, number, number];
  if (K > 1) {
    innerSoftmaxBackward(g, y, out, log);
    return;
  }
  const [gN, gC, gK] = g.strides as [number, number, number];
  const [yN, yC, yK] = y.strides as [number, number, number];
  const gd = hostData(g), yd = hostData(y);
  const f32 = out instanceof Float32Array;
  const e = scratchFor(C);
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < K; k++) {
      const gb = g.offset + n * gN + k * gK, yb = y.offset + n * yN + k * yK;
      const o = n * C * K + k;
      let sum: number;
      if (log) {
        for (let c = 0; c < C; c++) e[c] = gd[gb + c * gC]!;
        sum = reduceAll(e, C, f32, f32 ? 8 : 4);
        for (let c = 0; c < C; c++) {
          const yv = yd[yb + c * yC]!, gv = gd[gb + c * gC]!;
          out[o + c * K] = f32 ? fmaF32(-sleefExpf(yv), sum, gv) : gv - Math.exp(yv) * sum;
        }
      } else {
        sum = dotLanes(gd, gb, gC, yd, yb, yC, C, f32);
        for (let c = 0; c < C; c++) {
          const d = gd[gb + c * gC]! - sum;
          out[o + c * K] = (f32 ? fr(d) : d) * yd[yb + c * yC]!;
        }
      }
    }
  }
}

/**
 * Over a non-last dim PyTorch vectorises across k: running float sums from 0 (fused multiply-adds
 * for sum(g * y)), then g - exp(y) * sum fused (SLEEF exp on vector lanes, libm on the rest) or
 * (g - sum) * y.
 */
function innerSoftmaxBackward(g: View, y: View, out: TypedArray, log: boolean): void {
  const [N, C, K] = g.shape as [number, number, number];
  const [gN, gC, gK] = g.strides as [number, number, number];
  const [yN, yC, yK] = y.strides as [number, number, number];
  const gd = hostData(g), yd = hostData(y);
  const f32 = out instanceof Float32Array;
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < K; k++) {
      const gb = g.offset + n * gN + k * gK, yb = y.offset + n * yN + k * yK;
      const o = n * C * K + k;
      const sleef = useSleef(f32, k, K);
      let sum = 0;
      for (let c = 0; c < C; c++) {
        const gv = gd[gb + c * gC]!;
        if (log) sum = f32 ? fr(sum + gv) : sum + gv;
        else sum = f32 ? fmaF32(gv, yd[yb + c * yC]!, sum) : sum + gv * yd[yb + c * yC]!;
      }
      for (let c = 0; c < C; c++) {
        const gv = gd[gb + c * gC]!, yv = yd[yb + c * yC]!;
        if (!f32) out[o + c * K] = log ? gv - Math.exp(yv) * sum : (gv - sum) * yv;
        else if (log) out[o + c * K] = fmaF32(-(sleef ? sleefExpf(yv) : fr(Math.exp(yv))), sum, gv);
        else out[o + c * K] = fr(gv - sum) * yv;
      }
    }
  }
}

/** sum(g * y) as PyTorch's map2_reduce_all: products, lanes accumulated with fma, a tree. */
function dotLanes(gd: TypedArray, gb: number, gC: number, yd: TypedArray, yb: number, yC: number, C: number, f32: boolean): number {
  const lanes = f32 ? 8 : 4;
  const prod = (c: number): number => (f32 ? fr(gd[gb + c * gC]! * yd[yb + c * yC]!) : gd[gb + c * gC]! * yd[yb + c * yC]!);
  if (C < lanes) {
    let s = prod(0);
    for (let c = 1; c < C; c++) s = f32 ? fr(s + prod(c)) : s + prod(c);
    return s;
  }
  for (let l = 0; l < lanes; l++) LANES[l] = prod(l);
  let d = lanes;
  for (; d < C - (C % lanes); d += lanes) {
    for (let l = 0; l < lanes; l++) {
      const gv = gd[gb + (d + l) * gC]!, yv = yd[yb + (d + l) * yC]!;
      LANES[l] = f32 ? fmaF32(gv, yv, LANES[l]!) : LANES[l]! + gv * yv;
    }
  }
  for (let l = 0; d + l < C; l++) {
    const gv = gd[gb + (d + l) * gC]!, yv = yd[yb + (d + l) * yC]!;
    LANES[l] = f32 ? fmaF32(gv, yv, LANES[l]!) : LANES[l]! + gv * yv;
  }
  return laneTotal(f32, lanes);
}
