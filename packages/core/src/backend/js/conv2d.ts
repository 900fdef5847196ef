/**
 * The oracle for the optional conv2d and max-pool kernels (Backend.conv2d, conv2dInputGrad,
 * conv2dWeightGrad, maxPool2d, maxPool2dBackward): direct loops over the windows, with no
 * im2col array, in the rounding order their contracts in types.ts fix. Operands are row-major
 * dense (the op layer makes them so); outputs are written through denseOut/settleOut.
 */
import { fmaF32Halfway } from '../../numeric';
import { denseOut, hostData, settleOut } from '../host';
import type { View, WindowGeometry } from '../types';

const fr = Math.fround;

/** fround(a * b + c) rounded once (numeric.ts fmaF32, its fast path inline). */
function fma(a: number, b: number, c: number): number {
  const s = a * b + c;
  const f = fr(s);
  const g = 2 * s - f;
  return g === f || fr(g) !== g ? f : fmaF32Halfway(a, b, c, s, f, g);
}

/** The output columns x whose tap j reads inside [0, W): [lo, hi). */
function validCols(j: number, g: WindowGeometry, W: number): [number, number] {
  const off = j * g.dilation[1] - g.padding[1], s = g.stride[1], ow = g.outSize[1];
  const lo = off >= 0 ? 0 : Math.min(ow, Math.ceil(-off / s));
  const hi = Math.max(lo, Math.min(ow, W - off <= 0 ? 0 : Math.ceil((W - off) / s)));
  return [lo, hi];
}

/** acc[p] = fma(wv, tap value, acc[p]) over the oh*ow outputs of tap (i, j) on the plane at xBase. */
function accumulateTap(xd: ArrayLike<number>, xBase: number, H: number, W: number, g: WindowGeometry, i: number, j: number, wv: number, acc: Float32Array): void {
  const [oh, ow] = g.outSize, [sH, sW] = g.stride;
  const [lo, hi] = validCols(j, g, W);
  const off = j * g.dilation[1] - g.padding[1];
  // A padding tap adds wv * 0: nothing, unless wv is not finite (then NaN, as the product gives).
  const padHit = !Number.isFinite(wv);
  for (let y = 0; y < oh; y++) {
    const h = y * sH - g.padding[0] + i * g.dilation[0], p0 = y * ow;
    if (h < 0 || h >= H) {
      if (padHit) acc.fill(NaN, p0, p0 + ow);
      continue;
    }
    if (padHit) { acc.fill(NaN, p0, p0 + lo); acc.fill(NaN, p0 + hi, p0 + ow); }
    const row = xBase + h * W + off;
    for (let x = lo; x < hi; x++) acc[p0 + x] = fma(wv, xd[row + x * sW]!, acc[p0 + x]!);
  }
}

export function conv2dKernel(x: View, w: View, b: View | null, g: WindowGeometry, out: View): void {
  const [N, C, H, W] = x.shape as [number, number, number, number];
  const [O, , kh, kw] = w.shape as [number, number, number, number];
  const L = g.outSize[0] * g.outSize[1];
  const xd = hostData(x), wd = hostData(w), bd = b === null ? null : hostData(b);
  const o = denseOut(out);
  const acc = new Float32Array(L);
  for (let n = 0; n < N; n++) {
    for (let oc = 0; oc < O; oc++) {
      acc.fill(0);
      for (let c = 0; c < C; c++) {
        const xBase = x.offset + (n * C + c) * H * W;
        for (let i = 0; i < kh; i++) {
          for (let j = 0; j < kw; j++) accumulateTap(xd, xBase, H, W, g, i, j, wd[w.offset + ((oc * C + c) * kh + i) * kw + j]!, acc);
        }
      }
      const base = (n * O + oc) * L;
      if (bd === null) o.set(acc, base);
      else {
        const bv = bd[b!.offset + oc]!;
        for (let p = 0; p < L; p++) o[base + p] = fr(acc[p]! + bv);
      }
    }
  }
  settleOut(out, o);
}

export function conv2dInputGradKernel(gy: View, w: View, g: WindowGeometry, out: View): void {
  const [N, C, H, W] = out.shape as [number, number, number, number];
  const [O, , kh, kw] = w.shape as [number, number, number, number];
  const [oh, ow] = g.outSize, L = oh * ow;
  const gd = hostData(gy), wd = hostData(w);
  const dx = denseOut(out);
  dx.fill(0);
  const col = new Float32Array(L);
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const dBase = (n * C + c) * H * W;
      for (let i = 0; i < kh; i++) {
        for (let j = 0; j < kw; j++) {
          col.fill(0);
          for (let oc = 0; oc < O; oc++) {
            const wv = wd[w.offset + ((oc * C + c) * kh + i) * kw + j]!, gBase = gy.offset + (n * O + oc) * L;
            for (let p = 0; p < L; p++) col[p] = fma(wv, gd[gBase + p]!, col[p]!);
          }
          const [lo, hi] = validCols(j, g, W);
          const off = j * g.dilation[1] - g.padding[1];
          for (let y = 0; y < oh; y++) {
            const h = y * g.stride[0] - g.padding[0] + i * g.dilation[0];
            if (h < 0 || h >= H) continue;
            const row = dBase + h * W + off;
            for (let x = lo; x < hi; x++) {
              const at = row + x * g.stride[1];
              dx[at] = fr(dx[at]! + col[y * ow + x]!);
            }
          }
        }
      }
    }
  }
  settleOut(out, dx);
}

/** Folds 16 lanes 8, 4, 2, 1 apart into lane 0. */
function fold16(l: Float32Array): number {
  for (let s = 8; s >= 1; s >>= 1) for (let i = 0; i < s; i++) l[i] = fr(l[i]! + l[i + s]!);
  return l[0]!;
}

export function conv2dWeightGradKernel(gy: View, x: View, g: WindowGeometry, out: View): void {
  const [N, C, H, W] = x.shape as [number, number, number, number];
  const [O, , kh, kw] = out.shape as [number, number, number, number];
  const [oh, ow] = g.outSize, L = oh * ow;
  const gd = hostData(gy), xd = hostData(x);
  const dw = denseOut(out);
  dw.fill(0);
  const tap = new Float32Array(L), lanes = new Float32Array(16);
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const xBase = x.offset + (n * C + c) * H * W;
      for (let i = 0; i < kh; i++) {
        for (let j = 0; j < kw; j++) {
          // The tap's values (0 in the padding): one im2col row.
          tap.fill(0);
          const [lo, hi] = validCols(j, g, W);
          const off = j * g.dilation[1] - g.padding[1];
          for (let y = 0; y < oh; y++) {
            const h = y * g.stride[0] - g.padding[0] + i * g.dilation[0];
            if (h < 0 || h >= H) continue;
            const row = xBase + h * W + off;
            for (let xo = lo; xo < hi; xo++) tap[y * ow + xo] = xd[row + xo * g.stride[1]]!;
          }
          for (let oc = 0; oc < O; oc++) {
            lanes.fill(0);
            const gBase = gy.offset + (n * O + oc) * L;
            for (let p = 0; p < L; p++) lanes[p & 15] = fma(gd[gBase + p]!, tap[p]!, lanes[p & 15]!);
            const at = ((oc * C + c) * kh + i) * kw + j;
            dw[at] = fr(dw[at]! + fold16(lanes));
          }
        }
      }
    }
  }
  settleOut(out, dw);
}

export function maxPool2dKernel(x: View, g: WindowGeometry, out: View, indices: View): void {
  const [B, H, W] = x.shape as [number, number, number];
  const [kH, kW] = g.kernel, [sH, sW] = g.stride, [pH, pW] = g.padding, [dH, dW] = g.dilation, [oh, ow] = g.outSize;
  const xd = hostData(x), o = denseOut(out), id = denseOut(indices);
  let q = 0;
  for (let b = 0; b < B; b++) {
    const base = x.offset + b * H * W;
    for (let oy = 0; oy < oh; oy++) {
      let h0 = oy * sH - pH;
      const h1 = Math.min(h0 + (kH - 1) * dH + 1, H);
      while (h0 < 0) h0 += dH;
      for (let ox = 0; ox < ow; ox++) {
        let w0 = ox * sW - pW;
        const w1 = Math.min(w0 + (kW - 1) * dW + 1, W);
        while (w0 < 0) w0 += dW;
        let best = -Infinity, at = h0 * W + w0;
        for (let h = h0; h < h1; h += dH) {
          for (let w = w0; w < w1; w += dW) {
            const v = xd[base + h * W + w]!;
            if (v > best || Number.isNaN(v)) { best = v; at = h * W + w; }
          }
        }
        o[q] = best;
        id[q++] = at;
      }
    }
  }
  settleOut(out, o);
  settleOut(indices, id);
}

export function maxPool2dBackwardKernel(gy: View, indices: View, out: View): void {
  const [B, L] = gy.shape as [number, number];
  const plane = out.shape[1]!;
  const gd = hostData(gy), id = hostData(indices), od = hostData(out);
  for (let b = 0; b < B; b++) {
    const gBase = gy.offset + b * L, iBase = indices.offset + b * L, oBase = out.offset + b * plane;
    for (let p = 0; p < L; p++) {
      const at = oBase + id[iBase + p]!;
      od[at] = od[at]! + gd[gBase + p]!;
    }
  }
}
