/**
 * Kernels for the nn primitives: im2col/col2im (convolution and pooling windows, adjoint to
 * each other) and the NLL loss terms and their gradient coefficients.
 */
import type { TypedArray } from '../../dtype';
import type { View, WindowGeometry } from '../types';

export function im2colKernel(x: View, g: WindowGeometry, padValue: number, out: TypedArray): void {
  const [N, C, H, W] = x.shape as [number, number, number, number];
  const [sN, sC, sH, sW] = x.strides as [number, number, number, number];
  const [kh, kw] = g.kernel, [strH, strW] = g.stride, [padH, padW] = g.padding, [dilH, dilW] = g.dilation;
  const [oh, ow] = g.outSize;
  const xd = x.storage.data;
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
  const cd = cols.storage.data;
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
  const td = target.storage.data;
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < K; k++) {
      const t = td[target.offset + n * sN + k * sK]!;
      if (t !== ignoreIndex && (t < 0 || t >= C)) throw new RangeError(`Target ${t} is out of bounds.`);
    }
  }
}

export function nllLossKernel(
  input: View, target: View, weight: View | null, ignoreIndex: number, loss: TypedArray, weights: TypedArray,
): void {
  const [N, C, K] = input.shape as [number, number, number];
  const [iN, iC, iK] = input.strides as [number, number, number];
  const [tN, tK] = target.strides as [number, number];
  checkTargets(target, C, ignoreIndex);
  const xd = input.storage.data, td = target.storage.data;
  const wd = weight?.storage.data, wo = weight?.offset ?? 0, ws = weight?.strides[0] ?? 0;
  let o = 0;
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < K; k++, o++) {
      const t = td[target.offset + n * tN + k * tK]!;
      if (t === ignoreIndex) { loss[o] = 0; weights[o] = 0; continue; }
      const w = wd === undefined ? 1 : wd[wo + t * ws]!;
      loss[o] = -w * xd[input.offset + n * iN + t * iC + k * iK]!;
      weights[o] = w;
    }
  }
}

export function nllLossGradKernel(
  target: View, weight: View | null, ignoreIndex: number, denom: number, numClasses: number, out: TypedArray,
): void {
  const [N, K] = target.shape as [number, number];
  const [tN, tK] = target.strides as [number, number];
  const td = target.storage.data;
  const wd = weight?.storage.data, wo = weight?.offset ?? 0, ws = weight?.strides[0] ?? 0;
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < K; k++) {
      const t = td[target.offset + n * tN + k * tK]!;
      if (t === ignoreIndex) continue;
      const w = wd === undefined ? 1 : wd[wo + t * ws]!;
      out[(n * numClasses + t) * K + k] = -w / denom;
    }
  }
}

export function logSoftmaxKernel(x: View, out: TypedArray): void {
  const [N, C, K] = x.shape as [number, number, number];
  const [sN, sC, sK] = x.strides as [number, number, number];
  const xd = x.storage.data;
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < K; k++) {
      const base = x.offset + n * sN + k * sK;
      let max = -Infinity;
      for (let c = 0; c < C; c++) {
        const v = xd[base + c * sC]!;
        if (v > max || Number.isNaN(v)) max = v;
      }
      if (!Number.isFinite(max)) max = Number.isNaN(max) ? max : 0;
      let sum = 0;
      for (let c = 0; c < C; c++) sum += Math.exp(xd[base + c * sC]! - max);
      const lse = Math.log(sum);
      const o = n * C * K + k;
      for (let c = 0; c < C; c++) out[o + c * K] = xd[base + c * sC]! - max - lse;
    }
  }
}

export function crossEntropyGradKernel(
  logp: View, target: View, weight: View | null, ignoreIndex: number, grad: View | number, denom: number, out: TypedArray,
): void {
  const [N, C, K] = logp.shape as [number, number, number];
  const [sN, sC, sK] = logp.strides as [number, number, number];
  const [tN, tK] = target.strides as [number, number];
  const ld = logp.storage.data, td = target.storage.data;
  const wd = weight?.storage.data, wo = weight?.offset ?? 0, ws = weight?.strides[0] ?? 0;
  const gView = typeof grad === 'number' ? null : grad;
  const gd = gView?.storage.data;
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < K; k++) {
      const t = td[target.offset + n * tN + k * tK]!;
      if (t === ignoreIndex) continue;
      const g = gView === null ? (grad as number) : gd![gView.offset + n * gView.strides[0]! + k * gView.strides[1]!]!;
      const coef = ((wd === undefined ? 1 : wd[wo + t * ws]!) * g) / denom;
      const base = logp.offset + n * sN + k * sK;
      const o = n * C * K + k;
      for (let c = 0; c < C; c++) out[o + c * K] = coef * (Math.exp(ld[base + c * sC]!) - (c === t ? 1 : 0));
    }
  }
}
