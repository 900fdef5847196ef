/**
 * softmax / logSoftmax over the middle dim of a [N, C, K] view, in PyTorch's CPU order
 * (aten/src/ATen/native/cpu/SoftMaxKernel.cpp): per line, the max, e = exp(x - max), their sum S,
 * then logSoftmax = (x - max) - log(S) and softmax = e * (1 / S), every float32 step rounded.
 * Over the last dim (K = 1) PyTorch sums e in 8 float lanes and adds the lanes as a tree (a plain
 * running sum below 8 items); over other dims it keeps a running sum from 0.
 */
import type { TypedArray } from '../../dtype';
import type { View } from '../types';

const fr = Math.fround;
const LANES = new Float64Array(8);

/** Sum of e[0..C) (stride 1) in PyTorch's reduce_all order for `lanes`-wide vectors. */
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
  if (!f32) {
    let s = LANES[0]!;
    for (let l = 1; l < lanes; l++) s += LANES[l]!;
    return s;
  }
  // AVX2's horizontal reduction: halves, then pairs of pairs, then neighbours.
  for (const step of [4, 2, 1]) {
    for (let l = 0; l < 8; l++) if ((l & step) === 0) LANES[l] = fr(LANES[l]! + LANES[l + step]!);
  }
  return LANES[0]!;
}

let scratch = new Float64Array(64);

export function softmaxKernel(x: View, out: TypedArray, log: boolean): void {
  const [N, C, K] = x.shape as [number, number, number];
  const [sN, sC, sK] = x.strides as [number, number, number];
  const xd = x.storage.data;
  const f32 = out instanceof Float32Array;
  if (scratch.length < C) scratch = new Float64Array(C);
  const e = scratch;
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < K; k++) {
      const base = x.offset + n * sN + k * sK;
      let max = xd[base]!;
      for (let c = 1; c < C; c++) {
        const v = xd[base + c * sC]!;
        if (v > max || v !== v) max = v;
        if (max !== max) break;
      }
      for (let c = 0; c < C; c++) {
        const d = xd[base + c * sC]! - max;
        e[c] = f32 ? fr(Math.exp(fr(d))) : Math.exp(d);
      }
      let sum: number;
      if (K === 1) sum = reduceAll(e, C, f32, f32 ? 8 : 4);
      else {
        sum = 0;
        for (let c = 0; c < C; c++) sum = f32 ? fr(sum + e[c]!) : sum + e[c]!;
      }
      const o = n * C * K + k;
      if (log) {
        const ls = f32 ? fr(Math.log(sum)) : Math.log(sum);
        for (let c = 0; c < C; c++) {
          const d = xd[base + c * sC]! - max;
          out[o + c * K] = (f32 ? fr(d) : d) - ls;
        }
      } else {
        const r = f32 ? fr(1 / sum) : 1 / sum;
        for (let c = 0; c < C; c++) out[o + c * K] = e[c]! * r;
      }
    }
  }
}
