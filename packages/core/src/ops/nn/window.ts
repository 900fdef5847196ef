/**
 * im2col and col2im (F.unfold / F.fold): the sliding-window primitives that convolution and
 * pooling are built on. They are adjoint linear maps, so each one's gradient is the other.
 */
import type { WindowGeometry } from '../../backend/types';
import { backendOf } from '../../backend/index';
import { needsGrad, record } from '../../autograd/record';
import { Tensor } from '../../tensor';
import { alloc } from '../util';

export type { WindowGeometry };

/** An int or a pair, as PyTorch's _pair. */
export type IntPair = number | readonly number[];

export function pair(v: IntPair, name = 'value'): [number, number] {
  if (typeof v === 'number') return [v, v];
  if (v.length === 1) return [v[0]!, v[0]!];
  if (v.length !== 2) throw new Error(`${name} must be an int or a pair of ints, got [${v.join(', ')}]`);
  return [v[0]!, v[1]!];
}

/** Sliding-window output length: floor((n + padTotal - d(k-1) - 1) / s) + 1. */
export function windowCount(n: number, k: number, s: number, padTotal: number, d: number): number {
  return Math.floor((n + padTotal - d * (k - 1) - 1) / s) + 1;
}

/** A 4-D [N, C, H, W] view of x without a graph (x is [N, C, H, W] or [N, C, L] as [N, C, 1, L]). */
export function as4d(x: Tensor): Tensor {
  if (x.shape.length === 4) return x;
  if (x.shape.length !== 3) throw new Error(`as4d: expected a 3-D or 4-D tensor, got ${x.shape.length}-D`);
  const [n, c, l] = x.shape as [number, number, number];
  const [sn, sc, sl] = x.strides as [number, number, number];
  return new Tensor(x.storage, [n, c, 1, l], [sn, sc, l * sl, sl], x.offset, x.dtype);
}

/** im2col without autograd: x [N, C, H, W] -> [N, C*kh*kw, oh*ow]. */
export function im2colRaw(x: Tensor, g: WindowGeometry, padValue = 0): Tensor {
  const [n, c] = x.shape as [number, number];
  const out = alloc([n, c * g.kernel[0] * g.kernel[1], g.outSize[0] * g.outSize[1]], x.dtype, x.storage.device);
  if (out.numel() > 0) backendOf(x).im2col(x, g, padValue, out);
  return out;
}

/**
 * Extracts sliding windows: x [N, C, H, W] -> [N, C*kh*kw, L] (Im2ColBackward0).
 * Taps outside the input read `padValue` and get no gradient.
 */
export function im2col(x: Tensor, g: WindowGeometry, padValue = 0): Tensor {
  const out = im2colRaw(x, g, padValue);
  if (needsGrad(x)) {
    const inSize: [number, number] = [x.shape[2]!, x.shape[3]!];
    record(out, 'Im2ColBackward0', [x], [], null, (gr) => [col2im(gr, g, inSize)]);
  }
  return out;
}

/** Sums windows back: cols [N, C*kh*kw, L] -> [N, C, H, W] (Col2ImBackward0). */
export function col2im(cols: Tensor, g: WindowGeometry, inSize: readonly [number, number]): Tensor {
  const k = g.kernel[0] * g.kernel[1];
  const [n, ck] = cols.shape as [number, number];
  const out = alloc([n, ck / k, inSize[0], inSize[1]], cols.dtype, cols.storage.device);
  if (out.numel() > 0 && cols.numel() > 0) backendOf(cols).col2im(cols, g, inSize, out);
  if (needsGrad(cols)) record(out, 'Col2ImBackward0', [cols], [], null, (gr) => [im2col(gr, g, 0)]);
  return out;
}

export interface UnfoldOptions {
  dilation?: IntPair;
  padding?: IntPair;
  stride?: IntPair;
}

function geometry(h: number, w: number, kernel: IntPair, opts: UnfoldOptions): WindowGeometry {
  const k = pair(kernel, 'kernel_size'), d = pair(opts.dilation ?? 1, 'dilation');
  const p = pair(opts.padding ?? 0, 'padding'), s = pair(opts.stride ?? 1, 'stride');
  const outSize: [number, number] = [windowCount(h, k[0], s[0], 2 * p[0], d[0]), windowCount(w, k[1], s[1], 2 * p[1], d[1])];
  return { kernel: k, stride: s, padding: p, dilation: d, outSize };
}

/**
 * F.unfold: sliding local blocks of a batched [N, C, H, W] (or unbatched [C, H, W]) input as
 * columns [N, C*kh*kw, L].
 * @example unfold(x, 2) // x [1, 3, 4, 4] -> [1, 12, 9]
 */
export function unfold(input: Tensor, kernelSize: IntPair, opts: UnfoldOptions = {}): Tensor {
  if (input.shape.length !== 3 && input.shape.length !== 4) {
    throw new Error(`Input Error: Only 3D or 4D input Tensors are supported (got ${input.shape.length}D)`);
  }
  const x = input.shape.length === 3 ? input.unsqueeze(0) : input;
  const g = geometry(x.shape[2]!, x.shape[3]!, kernelSize, opts);
  if (g.outSize[0] < 1 || g.outSize[1] < 1) {
    throw new Error(`Given input with spatial size (${x.shape[2]}, ${x.shape[3]}), kernel_size=(${g.kernel.join(', ')}), ` +
      `dilation=(${g.dilation.join(', ')}), padding=(${g.padding.join(', ')}), calculated shape of the array of sliding blocks as ` +
      `(${g.outSize.join(', ')}), but its components must be at least one.`);
  }
  const out = im2col(x, g);
  return input.shape.length === 3 ? out.squeeze(0) : out;
}

/**
 * F.fold: sums columns [N, C*kh*kw, L] (or [C*kh*kw, L]) back into [N, C, *outputSize].
 * @example fold(unfold(x, 2), [4, 4], 2) // each pixel times the number of blocks covering it
 */
export function fold(input: Tensor, outputSize: IntPair, kernelSize: IntPair, opts: UnfoldOptions = {}): Tensor {
  if (input.shape.length !== 2 && input.shape.length !== 3) {
    throw new Error(`Input Error: Only unbatched (2D) or batched (3D) input Tensors are supported (got ${input.shape.length}D)`);
  }
  const cols = input.shape.length === 2 ? input.unsqueeze(0) : input;
  const [h, w] = pair(outputSize, 'output_size');
  const g = geometry(h, w, kernelSize, opts);
  const k = g.kernel[0] * g.kernel[1];
  if (cols.shape[1]! % k !== 0) {
    throw new Error(`Expected size of input's dimension 1 to be divisible by the product of kernel_size, but got input.size(1)=${cols.shape[1]} and kernel_size=(${g.kernel.join(', ')})`);
  }
  if (cols.shape[2] !== g.outSize[0] * g.outSize[1]) {
    throw new Error(`Given output_size=(${h}, ${w}), kernel_size=(${g.kernel.join(', ')}), dilation=(${g.dilation.join(', ')}), ` +
      `padding=(${g.padding.join(', ')}), stride=(${g.stride.join(', ')}), expected size of input's dimension 2 to match the calculated ` +
      `number of sliding blocks ${g.outSize[0]} * ${g.outSize[1]} = ${g.outSize[0] * g.outSize[1]}, but got input.size(2)=${cols.shape[2]}.`);
  }
  const out = col2im(cols, g, [h, w]);
  return input.shape.length === 2 ? out.squeeze(0) : out;
}
