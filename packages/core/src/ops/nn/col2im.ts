/**
 * N-d im2col / col2im for convolution: x [N, C, *in] <-> cols [N, C*prod(kernel), prod(out)].
 * 1-D and 2-D windows run on the backends' 2-D kernels (1-D as height 1); 3-D ones are built
 * from strided views: im2col is one strided copy of the (padded) input seen as
 * [N, C, *kernel, *out], col2im one in-place add per kernel tap. Each is the other's adjoint
 * and gradient, so convolution's double backward works at every dimension.
 */
import type { WindowGeometry } from '../../backend/types';
import { backendOf } from '../../backend/index';
import { needsGrad, record } from '../../autograd/record';
import { contiguousStrides, numelOf } from '../../shape';
import { Tensor } from '../../tensor';
import { alloc } from '../util';
import { as4d } from './window';

/** Sliding-window geometry per spatial dim (padding: before the first position). */
export interface GeometryNd {
  readonly kernel: readonly number[];
  readonly stride: readonly number[];
  readonly padding: readonly number[];
  readonly dilation: readonly number[];
  readonly outSize: readonly number[];
}

/** A 1-D or 2-D geometry as the backends' 2-D one (1-D gets a height-1 window). */
function as2d(g: GeometryNd): WindowGeometry {
  const two = (v: readonly number[], fill: number): [number, number] => (v.length === 1 ? [fill, v[0]!] : [v[0]!, v[1]!]);
  return { kernel: two(g.kernel, 1), stride: two(g.stride, 1), padding: two(g.padding, 0), dilation: two(g.dilation, 1), outSize: two(g.outSize, 1) };
}

/** x [N, C, *in] as a 4-D view for the 2-D kernels (graph-free). */
function view4d(x: Tensor): Tensor {
  return x.shape.length === 4 ? x : as4d(x);
}

/** Extent of each padded spatial dim that the windows and the input need. */
function paddedExtent(g: GeometryNd, inSize: readonly number[]): number[] {
  return inSize.map((n, i) => Math.max(n + g.padding[i]!, (g.outSize[i]! - 1) * g.stride[i]! + g.dilation[i]! * (g.kernel[i]! - 1) + 1));
}

/** A view of t's storage with the given layout. */
function viewOf(t: Tensor, shape: number[], strides: number[], offset: number): Tensor {
  return new Tensor(t.storage, shape, strides, offset, t.dtype);
}

/** Columns without autograd. */
export function im2colNdRaw(x: Tensor, g: GeometryNd): Tensor {
  const [n, c] = x.shape as [number, number];
  const k = numelOf(g.kernel), l = numelOf(g.outSize);
  const out = alloc([n, c * k, l], x.dtype, x.storage.device);
  if (out.numel() === 0) return out;
  const be = backendOf(x);
  if (g.kernel.length <= 2) {
    be.im2col(view4d(x), as2d(g), 0, out);
    return out;
  }
  const inSize = x.shape.slice(2);
  const ext = paddedExtent(g, inSize);
  let src = x;
  if (g.padding.some((p) => p !== 0) || ext.some((e, i) => e !== inSize[i])) {
    // Zero-padded copy, so every window tap reads inside the buffer.
    src = alloc([n, c, ...ext], x.dtype, x.storage.device);
    const at = g.padding.reduce((o, p, i) => o + p * src.strides[i + 2]!, 0);
    be.copy(x, viewOf(src, x.shape.slice(), src.strides.slice(), at));
  }
  const sp = src.strides.slice(2);
  const windows = viewOf(src, [n, c, ...g.kernel, ...g.outSize],
    [src.strides[0]!, src.strides[1]!, ...sp.map((s, i) => s * g.dilation[i]!), ...sp.map((s, i) => s * g.stride[i]!)], src.offset);
  const shape = [n, c, ...g.kernel, ...g.outSize];
  be.copy(windows, viewOf(out, shape, contiguousStrides(shape), 0));
  return out;
}

/** Window sums without autograd: cols [N, C*K, L] -> [N, C, *inSize]. */
export function col2imNdRaw(cols: Tensor, g: GeometryNd, inSize: readonly number[]): Tensor {
  const k = numelOf(g.kernel);
  const [n, ck] = cols.shape as [number, number];
  const c = ck / k;
  const out = alloc([n, c, ...inSize], cols.dtype, cols.storage.device);
  if (out.numel() === 0 || cols.numel() === 0) return out;
  const be = backendOf(cols);
  if (g.kernel.length <= 2) {
    be.col2im(cols, as2d(g), g.kernel.length === 1 ? [1, inSize[0]!] : [inSize[0]!, inSize[1]!], view4d(out));
    return out;
  }
  const ext = paddedExtent(g, inSize);
  const buf = alloc([n, c, ...ext], cols.dtype, cols.storage.device);
  const bs = buf.strides.slice(2);
  const dense = cols.contiguous();
  const colShape = [n, c, ...g.kernel, ...g.outSize];
  const cs = contiguousStrides(colShape);
  const dims = g.kernel.length;
  const tapShape = [n, c, ...g.outSize];
  const tapStrides = [buf.strides[0]!, buf.strides[1]!, ...bs.map((s, i) => s * g.stride[i]!)];
  const colStrides = [cs[0]!, cs[1]!, ...cs.slice(2 + dims)];
  for (let tap = 0; tap < k; tap++) {
    // Kernel position of this tap, last dim fastest.
    let rest = tap, bufAt = 0, colAt = 0;
    for (let i = dims - 1; i >= 0; i--) {
      const ki = rest % g.kernel[i]!;
      rest = Math.floor(rest / g.kernel[i]!);
      bufAt += ki * g.dilation[i]! * bs[i]!;
      colAt += ki * cs[2 + i]!;
    }
    const dst = viewOf(buf, tapShape, tapStrides, bufAt);
    be.binary('add', dst, viewOf(dense, tapShape, colStrides, dense.offset + colAt), dst);
  }
  const at = g.padding.reduce((o, p, i) => o + p * bs[i]!, 0);
  be.copy(viewOf(buf, out.shape.slice(), buf.strides.slice(), at), out);
  return out;
}

/** im2col with its gradient (Im2ColBackward0: col2im of the gradient). */
export function im2colNd(x: Tensor, g: GeometryNd): Tensor {
  const out = im2colNdRaw(x, g);
  if (needsGrad(x)) {
    const inSize = x.shape.slice(2);
    record(out, 'Im2ColBackward0', [x], [], null, (gr) => [col2imNd(gr, g, inSize)]);
  }
  return out;
}

/** col2im with its gradient (Col2ImBackward0: im2col of the gradient). */
export function col2imNd(cols: Tensor, g: GeometryNd, inSize: readonly number[]): Tensor {
  const out = col2imNdRaw(cols, g, inSize);
  if (needsGrad(cols)) record(out, 'Col2ImBackward0', [cols], [], null, (gr) => [im2colNd(gr, g)]);
  return out;
}
