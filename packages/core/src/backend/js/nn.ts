/**
 * Kernels for the nn primitives: im2col/col2im (convolution and pooling windows, adjoint to
 * each other), and NLL / cross-entropy in PyTorch's order of float32 operations (the cascade sum
 * of nll_loss_out_frame, nll_loss_backward's scaling, log_softmax's backward).
 */
import type { TypedArray } from '../../dtype';
import { fmaF32 } from '../../numeric';
import type { LossReduction, View, WindowGeometry } from '../types';
import { sleefExpf } from './sleef';
import { hostData } from '../host';

export function im2colKernel(x: View, g: WindowGeometry, padValue: number, out: TypedArray): void {
  const [N, C, H, W] = x.shape as [number, number, number, number];
  const [sN, sC, sH, sW] = x.strides as [number, number, number, number];
  const [kh, kw] = g.kernel, [strH, strW] = g.stride, [padH, padW] = g.padding, [dilH, dilW] = g.dilation;
  const [oh, ow] = g.outSize;
  const xd = hostData(x);
  let o = 0;
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const base = x.offset + n * sN + c * sC;
      for (let i = 0; i < kh; i++) {
        for (let j = 0; j < kw; j++) {
          for (let y = 0; y < oh; y++) {
            const h = y * strH - padH + i * dilH;
            if (h < 0 || h >= H) {
              out.fill(padValue, o, o + ow);
              o += ow;
              continue;
            }
            const row = base + h * sH;
            for (let xo = 0; xo < ow; xo++) {
              const w = xo * strW - padW + j * dilW;
              out[o++] = w >= 0 && w < W ? xd[row + w * sW]! : padValue;
            }
          }
        }
      }
    }
  }
}

export function col2imKernel(cols: View, g: WindowGeometry, inSize: readonly [number, number], out: TypedArray): void {
  const [kh, kw] = g.kernel, [strH, strW] = g.stride, [padH, padW] = g.padding, [dilH, dilW] = g.dilation;
  const [oh, ow] = g.outSize;
  const [H, W] = inSize;
  const N = cols.shape[0]!, C = cols.shape[1]! / (kh * kw);
  const [sN, sK, sL] = cols.strides as [number, number, number];
  const cd = hostData(cols);
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const outBase = (n * C + c) * H * W;
      for (let i = 0; i < kh; i++) {
        for (let j = 0; j < kw; j++) {
          const k = (c * kh + i) * kw + j;
          const src = cols.offset + n * sN + k * sK;
          for (let y = 0; y < oh; y++) {
            const h = y * strH - padH + i * dilH;
            if (h < 0 || h >= H) continue;
            const orow = outBase + h * W;
            for (let xo = 0; xo < ow; xo++) {
              const w = xo * strW - padW + j * dilW;
              if (w >= 0 && w < W) out[orow + w] = out[orow + w]! + cd[src + (y * ow + xo) * sL]!;
            }
          }
        }
      }
    }
  }
}

/** Targets must lie in [0, C) unless ignored: PyTorch's message, raised before any write. */
function checkTargets(target: View, C: number, ignoreIndex: number): void {
  const [N, K] = target.shape as [number, number];
  const [sN, sK] = target.strides as [number, number];
  const td = hostData(target);
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < K; k++) {
      const t = td[target.offset + n * sN + k * sK]!;
      if (t !== ignoreIndex && (t < 0 || t >= C)) throw new RangeError(`Target ${t} is out of bounds.`);
    }
  }
}

const identity = (v: number): number => v;
const LEVELS = 8, LEVEL_POWER = 4, LEVEL_MASK = 15;

export function nllLossKernel(
  input: View, target: View, weight: View | null, ignoreIndex: number, reduction: LossReduction, out: TypedArray,
): number {
  const [N, C, K] = input.shape as [number, number, number];
  const [iN, iC, iK] = input.strides as [number, number, number];
  const [tN, tK] = target.strides as [number, number];
  checkTargets(target, C, ignoreIndex);
  const rd = out instanceof Float32Array ? Math.fround : identity;
  const xd = hostData(input), td = hostData(target);
  const wd = weight ? hostData(weight) : undefined, wo = weight?.offset ?? 0, ws = weight?.strides[0] ?? 0;
  if (reduction === 'none') {
    let o = 0;
    for (let n = 0; n < N; n++) {
      for (let k = 0; k < K; k++, o++) {
        const t = td[target.offset + n * tN + k * tK]!;
        if (t === ignoreIndex) { out[o] = 0; continue; }
        const w = wd === undefined ? 1 : wd[wo + t * ws]!;
        out[o] = -xd[input.offset + n * iN + t * iC + k * iK]! * w;
      }
    }
    return 0;
  }
  // PyTorch's cascade sum (nll_loss_out_frame): level j+1 absorbs level j every 16^(j+1) items.
  const loss = new Float64Array(LEVELS), wsum = new Float64Array(LEVELS);
  let ignored = 0;
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < K; k++) {
      const idx = n * K + k;
      const t = td[target.offset + n * tN + k * tK]!;
      if (t === ignoreIndex) { ignored++; continue; }
      const v = xd[input.offset + n * iN + t * iC + k * iK]!;
      if (wd === undefined) loss[0] = rd(loss[0]! - v);
      else {
        const w = wd[wo + t * ws]!;
        loss[0] = rd(loss[0]! - rd(v * w));
        wsum[0] = rd(wsum[0]! + w);
      }
      for (let j = 0; j + 1 < LEVELS; j++) {
        if ((idx & (LEVEL_MASK << (j * LEVEL_POWER))) !== 0) break;
        wsum[j + 1] = rd(wsum[j + 1]! + wsum[j]!);
        loss[j + 1] = rd(loss[j + 1]! + loss[j]!);
        wsum[j] = 0;
        loss[j] = 0;
      }
    }
  }
  let total = 0, tw = 0;
  for (let j = 0; j < LEVELS; j++) { total = rd(total + loss[j]!); tw = rd(tw + wsum[j]!); }
  if (wd === undefined) tw = N * K - ignored;
  out[0] = reduction === 'mean' ? rd(total / tw) : total;
  return tw;
}

/** PyTorch's nll_loss_backward value at a target position (before log_softmax's backward). */
function nllGradAt(
  t: number, n: number, k: number, wd: TypedArray | undefined, wo: number, ws: number,
  reduction: LossReduction, g: View | null, gScaled: number, rd: (v: number) => number,
): number {
  const w = wd === undefined ? 1 : wd[wo + t * ws]!;
  if (reduction === 'none') {
    const gv = hostData(g!)[g!.offset + n * g!.strides[0]! + k * g!.strides[1]!]!;
    return rd(-w * gv);
  }
  return wd === undefined ? gScaled : rd(w * gScaled);
}

export function nllLossGradKernel(
  target: View, weight: View | null, ignoreIndex: number, reduction: LossReduction, grad: View | number,
  totalWeight: number, numClasses: number, out: TypedArray,
): void {
  const [N, K] = target.shape as [number, number];
  const [tN, tK] = target.strides as [number, number];
  const td = hostData(target);
  const rd = out instanceof Float32Array ? Math.fround : identity;
  const wd = weight ? hostData(weight) : undefined, wo = weight?.offset ?? 0, ws = weight?.strides[0] ?? 0;
  const g = typeof grad === 'number' ? null : grad;
  const gScaled = typeof grad === 'number' ? -(reduction === 'mean' ? rd(grad / totalWeight) : grad) : 0;
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < K; k++) {
      const t = td[target.offset + n * tN + k * tK]!;
      if (t === ignoreIndex) continue;
      out[(n * numClasses + t) * K + k] = nllGradAt(t, n, k, wd, wo, ws, reduction, g, gScaled, rd);
    }
  }
}

export function crossEntropyGradKernel(
  logp: View, target: View, weight: View | null, ignoreIndex: number, reduction: LossReduction, grad: View | number,
  totalWeight: number, out: TypedArray,
): void {
  const [N, C, K] = logp.shape as [number, number, number];
  const [sN, sC, sK] = logp.strides as [number, number, number];
  const [tN, tK] = target.strides as [number, number];
  const ld = hostData(logp), td = hostData(target);
  const rd = out instanceof Float32Array ? Math.fround : identity;
  const wd = weight ? hostData(weight) : undefined, wo = weight?.offset ?? 0, ws = weight?.strides[0] ?? 0;
  const g = typeof grad === 'number' ? null : grad;
  const gScaled = typeof grad === 'number' ? -(reduction === 'mean' ? rd(grad / totalWeight) : grad) : 0;
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < K; k++) {
      const t = td[target.offset + n * tN + k * tK]!;
      if (t === ignoreIndex) continue;
      const gl = nllGradAt(t, n, k, wd, wo, ws, reduction, g, gScaled, rd);
      // log_softmax backward: grad - exp(out) * sum(grad), with sum(grad) = gl (one nonzero).
      const base = logp.offset + n * sN + k * sK;
      const o = n * C * K + k;
      if (K === 1 && out instanceof Float32Array) {
        // PyTorch's vectorised log_softmax backward over the last dim: fma(-exp(y), sum, g) with SLEEF's expf.
        for (let c = 0; c < C; c++) out[o + c] = fmaF32(-sleefExpf(ld[base + c * sC]!), gl, c === t ? gl : 0);
        continue;
      }
      for (let c = 0; c < C; c++) out[o + c * K] = rd((c === t ? gl : 0) - rd(rd(Math.exp(ld[base + c * sC]!)) * gl));
    }
  }
}
