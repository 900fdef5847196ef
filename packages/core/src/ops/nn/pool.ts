/**
 * 2-D pooling over im2col windows: max (MaxPool2DWithIndicesBackward0), average
 * (AvgPool2DBackward0) and adaptive average (AdaptiveAvgPool2DBackward0, as two pooling-matrix
 * products). Each records one node whose gradient is built from differentiable ops.
 */
import type { WindowGeometry } from '../../backend/types';
import { noGrad } from '../../autograd/grad-mode';
import { needsGrad, record } from '../../autograd/record';
import { allocArray } from '../../dtype';
import type { Tensor } from '../../tensor';
import { fromHost } from '../util';
import { where } from '../binary';
import { col2im, im2colRaw, pair, type IntPair } from './window';

export interface MaxPool2dOptions {
  /** Defaults to the kernel size. */
  stride?: IntPair | null;
  padding?: IntPair;
  dilation?: IntPair;
  ceilMode?: boolean;
}

export interface AvgPool2dOptions {
  stride?: IntPair | null;
  padding?: IntPair;
  ceilMode?: boolean;
  countIncludePad?: boolean;
  divisorOverride?: number | null;
}

/** PyTorch's pooling_output_shape (with ceil mode's last-window rule). */
function poolOut(n: number, k: number, pad: number, s: number, d: number, ceil: boolean): number {
  const num = n + 2 * pad - d * (k - 1) - 1 + (ceil ? s - 1 : 0);
  let out = Math.floor(num / s) + 1;
  if (ceil && (out - 1) * s >= n + pad) out--;
  return out;
}

function batched(x: Tensor, what: string): Tensor {
  if ((x.shape.length !== 3 && x.shape.length !== 4) || x.numel() === 0) throw new Error(`non-empty 3D or 4D (batch mode) tensor expected for ${what}`);
  return x.shape.length === 3 ? x.unsqueeze(0) : x;
}

function poolGeometry(x: Tensor, kernel: IntPair, stride: IntPair | null | undefined, padding: IntPair, dilation: IntPair, ceil: boolean): WindowGeometry {
  const k = pair(kernel, 'kernel_size'), s = stride === null || stride === undefined ? k : pair(stride, 'stride');
  const p = pair(padding, 'padding'), d = pair(dilation, 'dilation');
  if (s.some((v) => v <= 0)) throw new Error('stride should be greater than zero, but got strideH: ' + s[0] + ' strideW: ' + s[1]);
  for (let i = 0; i < 2; i++) {
    if (p[i]! > k[i]! / 2) throw new Error(`pad should be at most half of kernel size, but got pad=${p[i]} and kernel_size=${k[i]}`);
  }
  const [c, h, w] = x.shape.slice(1) as [number, number, number];
  const outSize: [number, number] = [poolOut(h, k[0], p[0], s[0], d[0], ceil), poolOut(w, k[1], p[1], s[1], d[1], ceil)];
  if (outSize[0] < 1 || outSize[1] < 1) {
    throw new Error(`Given input size: (${c}x${h}x${w}). Calculated output size: (${c}x${outSize[0]}x${outSize[1]}). Output size is too small`);
  }
  return { kernel: k, stride: s, padding: p, dilation: d, outSize };
}

/**
 * F.max_pool2d over [N, C, H, W] or [C, H, W]; padding reads -inf.
 * @example maxPool2d(x, 2) // halves H and W
 */
export function maxPool2d(input: Tensor, kernelSize: IntPair, opts: MaxPool2dOptions = {}): Tensor {
  const x = batched(input, 'input');
  const g = poolGeometry(x, kernelSize, opts.stride, opts.padding ?? 0, opts.dilation ?? 1, opts.ceilMode ?? false);
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const kk = g.kernel[0] * g.kernel[1], l = g.outSize[0] * g.outSize[1];
  const [values, indices] = noGrad(() => im2colRaw(x, g, -Infinity).view([n, c, kk, l]).max(2));
  const out = values.view([n, c, g.outSize[0], g.outSize[1]]);
  if (needsGrad(x)) {
    record(out, 'MaxPool2DWithIndicesBackward0', [x], [indices], null, (gr, s) => {
      const pos = fromHost(Int32Array.from({ length: kk }, (_, i) => i), [1, 1, kk, 1], 'int32');
      const spread = where(pos.eq(s[0]!.view([n, c, 1, l])), gr.reshape([n, c, 1, l]), 0);
      return [col2im(spread.reshape([n, c * kk, l]), g, [h, w])];
    });
  }
  return input.shape.length === 3 ? out.squeeze(0) : out;
}

/** Per-output divisors of avg_pool2d (PyTorch's pool_size / count rules). */
function avgDivisors(g: WindowGeometry, h: number, w: number, includePad: boolean, override: number | null, dtype: Tensor['dtype']): Tensor {
  const [oh, ow] = g.outSize;
  const d = allocArray(dtype, oh * ow);
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      let hs = y * g.stride[0] - g.padding[0], ws = x * g.stride[1] - g.padding[1];
      let he = Math.min(hs + g.kernel[0], h + g.padding[0]), we = Math.min(ws + g.kernel[1], w + g.padding[1]);
      const poolSize = (he - hs) * (we - ws);
      hs = Math.max(hs, 0); ws = Math.max(ws, 0); he = Math.min(he, h); we = Math.min(we, w);
      d[y * ow + x] = override ?? (includePad ? poolSize : (he - hs) * (we - ws));
    }
  }
  return fromHost(d, [oh * ow], dtype);
}

/**
 * F.avg_pool2d over [N, C, H, W] or [C, H, W].
 * @example avgPool2d(x, 2, { stride: 1, padding: 1, countIncludePad: false })
 */
export function avgPool2d(input: Tensor, kernelSize: IntPair, opts: AvgPool2dOptions = {}): Tensor {
  const x = batched(input, 'input');
  const g = poolGeometry(x, kernelSize, opts.stride, opts.padding ?? 0, 1, opts.ceilMode ?? false);
  const override = opts.divisorOverride ?? null;
  if (override !== null && override === 0) throw new Error('divisor must be not zero');
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const kk = g.kernel[0] * g.kernel[1], l = g.outSize[0] * g.outSize[1];
  const div = avgDivisors(g, h, w, opts.countIncludePad ?? true, override, x.dtype);
  const out = noGrad(() => im2colRaw(x, g, 0).view([n, c, kk, l]).sum(2).div(div)).view([n, c, g.outSize[0], g.outSize[1]]);
  if (needsGrad(x)) {
    record(out, 'AvgPool2DBackward0', [x], [], null, (gr) => {
      const spread = gr.reshape([n, c, 1, l]).div(div).expand([n, c, kk, l]);
      return [col2im(spread.reshape([n, c * kk, l]), g, [h, w])];
    });
  }
  return input.shape.length === 3 ? out.squeeze(0) : out;
}

/** [out, n] averaging matrix of adaptive pooling: row i averages [floor(i n/out), ceil((i+1) n/out)). */
function poolMatrix(out: number, n: number, dtype: Tensor['dtype']): Tensor {
  const m = allocArray(dtype, out * n);
  for (let i = 0; i < out; i++) {
    const s = Math.floor((i * n) / out), e = Math.ceil(((i + 1) * n) / out);
    for (let j = s; j < e; j++) m[i * n + j] = 1 / (e - s);
  }
  return fromHost(m, [out, n], dtype);
}

/**
 * F.adaptive_avg_pool2d: averages into an output of `outputSize` (an int, or [h, w] where null
 * keeps the input size).
 * @example adaptiveAvgPool2d(x, 1) // global average pooling
 */
export function adaptiveAvgPool2d(input: Tensor, outputSize: number | readonly (number | null)[]): Tensor {
  if (input.shape.length !== 3 && input.shape.length !== 4) {
    throw new Error(`adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got [${input.shape.join(', ')}]`);
  }
  const h = input.shape[input.shape.length - 2]!, w = input.shape[input.shape.length - 1]!;
  const sizes = typeof outputSize === 'number' ? [outputSize, outputSize] : outputSize;
  const oh = sizes[0] ?? h, ow = sizes[1] ?? sizes[0] ?? w;
  const ph = poolMatrix(oh, h, input.dtype), pw = poolMatrix(ow, w, input.dtype);
  const out = noGrad(() => ph.matmul(input).matmul(pw.t()));
  if (needsGrad(input)) {
    record(out, 'AdaptiveAvgPool2DBackward0', [input], [], null, (gr) => [
      poolMatrix(oh, h, gr.dtype).t().matmul(gr).matmul(poolMatrix(ow, w, gr.dtype)),
    ]);
  }
  return out;
}
