/**
 * N-d pooling (1-D, 2-D, 3-D): max with indices (MaxPool{2,3}DWithIndicesBackward0) and average
 * (AvgPool{2,3}DBackward0), on batched or unbatched inputs. The 1-D forms run the 2-D ones on
 * [.., 1, L] as PyTorch does, so their node is the squeeze over the 2-D one. Windows are read through a tap table (one flat
 * input-plane index per window tap), so regular, adaptive and fractional windows share one
 * gather and one gradient, each built from differentiable ops.
 */
import { noGrad } from '../../autograd/grad-mode';
import { needsGrad, record } from '../../autograd/record';
import { allocArray } from '../../dtype';
import type { Tensor } from '../../tensor';
import { alloc, fromHost } from '../util';
import { cat } from '../join';
import { full } from '../creation';
import { gather, indexAdd, indexSelect, scatterAdd } from '../indexing';
import type { WindowGeometry } from '../../backend/types';
import { backendOf } from '../../backend/index';
import { col2im, im2colRaw } from './window';

/** An int or a tuple of ints, as PyTorch's _single/_pair/_triple. */
export type IntTuple = number | readonly number[];

export function tuple(v: IntTuple, nd: number, name = 'value'): number[] {
  if (typeof v === 'number') return Array.from({ length: nd }, () => v);
  if (v.length === 1) return Array.from({ length: nd }, () => v[0]!);
  if (v.length !== nd) throw new Error(`${name} must be an int or a tuple of ${nd} ints, got [${v.join(', ')}]`);
  return v.slice();
}

/** The taps of every window along one axis: `taps[o * k + j]`, -1 where the tap is outside the input. */
export interface AxisTaps { out: number; k: number; taps: Int32Array }

/**
 * A window table over an input plane of `planeSize` elements: `read` [K, L] (or [N, C, K, L] when
 * windows differ per plane) holds flat plane indices, `planeSize` (a pad slot) for taps outside;
 * `report` is the same with outside taps replaced by the window's first inside tap (PyTorch's
 * initial max index).
 */
export interface TapTable {
  read: Tensor; report: Tensor; k: number; l: number; planeSize: number; outSize: number[];
  /** Set for regular 2-D windows: the im2col/col2im kernels then read and scatter them directly. */
  geometry?: WindowGeometry;
}

/** Axis taps of a strided window: start o*s - p, taps every d. */
export function regularTaps(n: number, k: number, s: number, p: number, d: number, out: number): AxisTaps {
  const taps = new Int32Array(out * k);
  for (let o = 0; o < out; o++) {
    for (let j = 0; j < k; j++) {
      const i = o * s - p + j * d;
      taps[o * k + j] = i >= 0 && i < n ? i : -1;
    }
  }
  return { out, k, taps };
}

/** Host arrays of the N-d table (axes in order, the last varying fastest). */
export function tableArrays(inSize: readonly number[], axes: readonly AxisTaps[]): { read: Int32Array; report: Int32Array; k: number; l: number } {
  const nd = axes.length, plane = inSize.reduce((a, b) => a * b, 1);
  const k = axes.reduce((a, t) => a * t.k, 1), l = axes.reduce((a, t) => a * t.out, 1);
  const read = new Int32Array(k * l), report = new Int32Array(k * l);
  const o = new Array<number>(nd).fill(0), j = new Array<number>(nd).fill(0);
  for (let li = 0; li < l; li++) {
    let rest = li;
    for (let a = nd - 1; a >= 0; a--) { o[a] = rest % axes[a]!.out; rest = Math.floor(rest / axes[a]!.out); }
    let first = -1;
    for (let ki = 0; ki < k; ki++) {
      let r = ki, flat = 0;
      for (let a = nd - 1; a >= 0; a--) { j[a] = r % axes[a]!.k; r = Math.floor(r / axes[a]!.k); }
      for (let a = 0; a < nd && flat >= 0; a++) {
        const t = axes[a]!.taps[o[a]! * axes[a]!.k + j[a]!]!;
        flat = t < 0 ? -1 : flat * inSize[a]! + t;
      }
      read[ki * l + li] = flat < 0 ? plane : flat;
      if (first < 0 && flat >= 0) first = flat;
    }
    for (let ki = 0; ki < k; ki++) report[ki * l + li] = read[ki * l + li] === plane ? Math.max(first, 0) : read[ki * l + li]!;
  }
  return { read, report, k, l };
}

export function tapTable(inSize: readonly number[], axes: readonly AxisTaps[]): TapTable {
  const { read, report, k, l } = tableArrays(inSize, axes);
  const planeSize = inSize.reduce((a, b) => a * b, 1);
  return { read: fromHost(read, [k, l], 'int32'), report: fromHost(report, [k, l], 'int32'), k, l, planeSize, outSize: axes.map((t) => t.out) };
}

/** A host-built table (tap indices, divisors) on x's device: GPU kernels cannot read a CPU tensor. */
function onDeviceOf(t: Tensor, x: Tensor): Tensor {
  return t.storage.device === x.storage.device ? t : noGrad(() => t.to(x.device));
}

/** Planes of x (every dim before the last `nd` spatial ones, flattened). */
function planes(x: Tensor, plane: number): number {
  return plane === 0 ? 0 : x.numel() / plane;
}

/** The windows of x [..., ...in] as [B, K, L] over its B planes (no graph); taps outside read padValue. */
function windows(x: Tensor, t: TapTable, padValue: number): Tensor {
  const b = planes(x, t.planeSize);
  const g = t.geometry;
  if (g !== undefined) {
    const [h, w] = x.shape.slice(-2) as [number, number];
    return noGrad(() => im2colRaw(x.reshape([1, b, h, w]), g, padValue).view([b, t.k, t.l]));
  }
  return noGrad(() => {
    const flat = cat([x.reshape([b, t.planeSize]), full([b, 1], padValue, { dtype: x.dtype, device: x.device })], 1);
    const read = onDeviceOf(t.read, x);
    const w = read.shape.length === 2 ? indexSelect(flat, 1, read.reshape([-1])) : gather(flat, 1, read.reshape([b, t.k * t.l]));
    return w.view([b, t.k, t.l]);
  });
}

/**
 * Max over each window of x [..., ...in] (the last t.outSize.length dims pooled) with the flat
 * input-plane index of the maximum (int32); the gradient scatters back to those indices.
 */
export function windowMax(x: Tensor, t: TapTable, node: string): [Tensor, Tensor] {
  const outShape = [...x.shape.slice(0, x.shape.length - t.outSize.length), ...t.outSize];
  const b = planes(x, t.planeSize);
  if (x.numel() === 0 || t.l === 0) return [alloc(outShape, x.dtype, x.storage.device), alloc(outShape, 'int32', x.storage.device)];
  const [values, indices] = noGrad(() => {
    const [v, arg] = windows(x, t, -Infinity).max(1, { keepdim: true });
    const r = onDeviceOf(t.report, x);
    const report = r.shape.length === 2 ? r.expand([b, t.k, t.l]) : r.reshape([b, t.k, t.l]);
    return [v.view(outShape), gather(report, 1, arg).view(outShape)];
  });
  if (needsGrad(x)) {
    const inShape = x.shape.slice(), plane = t.planeSize;
    record(values, node, [x], [indices], null, (g, s) => [
      scatterAdd(alloc([b, plane], g.dtype, g.storage.device), 1, s[0]!.reshape([b, t.l]), g.reshape([b, t.l])).view(inShape),
    ]);
  }
  return [values, indices];
}

/** PyTorch's pooling_output_shape (ceil mode drops a last window that starts in the right padding). */
export function poolOut(n: number, k: number, pad: number, s: number, d: number, ceil: boolean): number {
  const num = n + 2 * pad - d * (k - 1) - 1 + (ceil ? s - 1 : 0);
  let out = Math.floor(num / s) + 1;
  if (ceil && (out - 1) * s >= n + pad) out--;
  return out;
}

export interface PoolGeometry { kernel: number[]; stride: number[]; padding: number[]; dilation: number[]; inSize: number[]; outSize: number[] }

const AXES = ['T', 'H', 'W'];

/** Checks and output size of a pool over the last nd dims of the batched x (PyTorch's pool*_shape_check). */
export function poolGeometry(
  shape: readonly number[], nd: number, kernel: IntTuple, stride: IntTuple | null | undefined, padding: IntTuple, dilation: IntTuple, ceil: boolean, checkInputSize = false,
): PoolGeometry {
  const k = tuple(kernel, nd, 'kernel_size');
  const s = stride === null || stride === undefined || (typeof stride !== 'number' && stride.length === 0) ? k : tuple(stride, nd, 'stride');
  const p = tuple(padding, nd, 'padding'), d = tuple(dilation, nd, 'dilation');
  const names = AXES.slice(3 - nd);
  const list = (v: number[], pre: string): string => v.map((e, i) => `${pre}${names[i]}: ${e}`).join(' ');
  if (k.some((v) => v <= 0)) throw new Error(`kernel size should be greater than zero, but got ${list(k, 'k')}`);
  if (s.some((v) => v === 0)) throw new Error('stride should not be zero');
  if (s.some((v) => v < 0)) throw new Error(`stride should be greater than zero, but got ${list(s, 'stride')}`);
  if (d.some((v) => v <= 0)) throw new Error(`dilation should be greater than zero, but got ${list(d, 'dilation')}`);
  for (let i = 0; i < nd; i++) {
    if (p[i]! < 0) throw new Error(`pad must be non-negative, but got pad: ${p[i]}`);
    if (p[i]! > k[i]! / 2) throw new Error(`pad should be at most half of kernel size, but got pad=${p[i]} and kernel_size=${k[i]}`);
  }
  const inSize = shape.slice(2);
  // avg_pool3d's own check (PyTorch's pool3d_shape_check with check_input_size), before the output size's
  if (checkInputSize && inSize.some((n, i) => n < k[i]!)) {
    const [t, h, w] = inSize as [number, number, number], [kt, kh, kw] = k as [number, number, number];
    throw new Error(`input image (T: ${t} H: ${h} W: ${w}) smaller than kernel size (kT: ${kt} kH: ${kh} kW: ${kw})`);
  }
  const outSize = inSize.map((n, i) => poolOut(n, k[i]!, p[i]!, s[i]!, d[i]!, ceil));
  if (outSize.some((o) => o < 1)) {
    const c = shape[1]!;
    throw new Error(`Given input size: (${[c, ...inSize].join('x')}). Calculated output size: (${[c, ...outSize].join('x')}). Output size is too small`);
  }
  return { kernel: k, stride: s, padding: p, dilation: d, inSize, outSize };
}

function regularTable(g: PoolGeometry): TapTable {
  const t = tapTable(g.inSize, g.inSize.map((n, i) => regularTaps(n, g.kernel[i]!, g.stride[i]!, g.padding[i]!, g.dilation[i]!, g.outSize[i]!)));
  if (g.inSize.length !== 2) return t;
  const two = (v: number[]): [number, number] => [v[0]!, v[1]!];
  return { ...t, geometry: { kernel: two(g.kernel), stride: two(g.stride), padding: two(g.padding), dilation: two(g.dilation), outSize: two(g.outSize) } };
}

/** The [N, C, ...] shape of a batched or unbatched input, after PyTorch's rank and empty-dimension checks. */
function batched(input: Tensor, nd: number, rankError: string): number[] {
  const r = input.shape.length;
  if (r !== nd + 1 && r !== nd + 2) throw new Error(rankError);
  if (input.shape.slice(r - nd - 1).some((v) => v === 0)) {
    throw new Error(`Expected ${nd + 1}D or ${nd + 2}D (batch mode) tensor with optional 0 dim batch size for input, but got:[${input.shape.join(', ')}]`);
  }
  return r === nd + 1 ? [1, ...input.shape] : input.shape.slice();
}

export interface MaxPoolOptions {
  /** Defaults to the kernel size. */
  stride?: IntTuple | null;
  /** Implicit -inf padding on each side (default 0), at most half the kernel. */
  padding?: IntTuple;
  /** The spacing between kernel taps (default 1). */
  dilation?: IntTuple;
  /** Round the output size up instead of down (default false). */
  ceilMode?: boolean;
}
export type MaxPool2dOptions = MaxPoolOptions;

/**
 * Max pooling over the last `nd` (2 or 3) dims with the argmax's flat index in each input plane.
 * @example maxPoolNd(x, 3, 2) // x [N, C, D, H, W]
 */
export function maxPoolNd(input: Tensor, nd: 2 | 3, kernelSize: IntTuple, opts: MaxPoolOptions = {}): [Tensor, Tensor] {
  const x = batched(input, nd, `non-empty ${nd + 1}D or ${nd + 2}D (batch mode) tensor expected for input`);
  const g = poolGeometry(x, nd, kernelSize, opts.stride, opts.padding ?? 0, opts.dilation ?? 1, opts.ceilMode ?? false);
  return (nd === 2 ? maxPool2dByKernel(input, g) : null) ?? windowMax(input, regularTable(g), `MaxPool${nd}DWithIndicesBackward0`);
}

/**
 * 2-D max pooling through the backend's one-pass kernels (CPU backends, float32 and float64),
 * or null where it has none: the forward loop and a backward that scatters the gradient once
 * (outside create-graph mode; double backward takes the composed scatterAdd).
 */
function maxPool2dByKernel(input: Tensor, g: PoolGeometry): [Tensor, Tensor] | null {
  const be = backendOf(input);
  if (be.maxPool2d === undefined || be.maxPool2dBackward === undefined || (input.dtype !== 'float32' && input.dtype !== 'float64') ||
    input.numel() === 0) return null;
  const [H, W] = g.inSize as [number, number], [oh, ow] = g.outSize as [number, number];
  const plane = H * W, b = input.numel() / plane, l = oh * ow, dev = input.storage.device;
  const two = (v: number[]): [number, number] => [v[0]!, v[1]!];
  const geom: WindowGeometry = { kernel: two(g.kernel), stride: two(g.stride), padding: two(g.padding), dilation: two(g.dilation), outSize: [oh, ow] };
  const outShape = [...input.shape.slice(0, -2), oh, ow];
  const values = alloc(outShape, input.dtype, dev), indices = alloc(outShape, 'int32', dev);
  noGrad(() => be.maxPool2d!(input.contiguous().view([b, H, W]), geom, values, indices));
  if (needsGrad(input)) {
    const inShape = input.shape.slice();
    record(values, 'MaxPool2DWithIndicesBackward0', [input], [indices], null, (gr, s) => {
      const idx = s[0]!.reshape([b, l]);
      if (needsGrad(gr)) return [scatterAdd(alloc([b, plane], gr.dtype, gr.storage.device), 1, idx, gr.reshape([b, l])).view(inShape)];
      const dx = alloc([b, plane], gr.dtype, gr.storage.device);
      backendOf(gr).maxPool2dBackward!(gr.contiguous().view([b, l]), idx, dx);
      return [dx.view(inShape)];
    });
  }
  return [values, indices];
}

/** 1-D max pooling as PyTorch runs it: the 2-D pool of [.., 1, L]. */
export function maxPool1dWithIndices(input: Tensor, kernelSize: IntTuple, opts: MaxPoolOptions = {}): [Tensor, Tensor] {
  const r = input.shape.length;
  if ((r !== 2 && r !== 3) || input.shape.slice(r - 2).some((v) => v === 0)) {
    throw new Error(`max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for input, but got:[${input.shape.join(', ')}]`);
  }
  const one = (v: IntTuple, fill: number): number[] => [fill, tuple(v, 1, 'value')[0]!];
  const s = opts.stride === null || opts.stride === undefined ? null : one(opts.stride, 1);
  // PyTorch's check_max_pool1d words
  const [k1, s1, p1, d1] = [kernelSize, opts.stride ?? kernelSize, opts.padding ?? 0, opts.dilation ?? 1].map((v) => tuple(v, 1, 'value')[0]!) as [number, number, number, number];
  if (k1 <= 0) throw new Error(`max_pool1d() kernel_size must be greater than zero, but got ${k1}`);
  if (s1 <= 0) throw new Error(`max_pool1d() stride must be greater than zero, but got ${s1}`);
  if (p1 < 0) throw new Error(`max_pool1d() padding must be non-negative, but got ${p1}`);
  if (p1 > k1 / 2) throw new Error(`max_pool1d() padding should be at most half of kernel size, but got padding=${p1} and kernel_size=${k1}`);
  if (d1 <= 0) throw new Error(`max_pool1d() dilation must be greater than zero, but got ${d1}`);
  const [v, i] = maxPoolNd(input.unsqueeze(-2), 2, one(kernelSize, 1), {
    stride: s, padding: one(opts.padding ?? 0, 0), dilation: one(opts.dilation ?? 1, 1), ceilMode: opts.ceilMode ?? false,
  });
  return [v.squeeze(-2), i.squeeze(-2)];
}

/**
 * F.max_pool2d over [N, C, H, W] or [C, H, W]; padding reads -inf.
 * @example maxPool2d(x, 2) // halves H and W
 */
export function maxPool2d(input: Tensor, kernelSize: IntTuple, opts: MaxPoolOptions = {}): Tensor {
  return maxPoolNd(input, 2, kernelSize, opts)[0];
}

export interface AvgPoolOptions {
  stride?: IntTuple | null;
  padding?: IntTuple;
  ceilMode?: boolean;
  countIncludePad?: boolean;
  divisorOverride?: number | null;
}
export type AvgPool2dOptions = AvgPoolOptions;

/** Per-output divisors (PyTorch: the window clipped to input+padding, or to the input without countIncludePad). */
function avgDivisors(g: PoolGeometry, includePad: boolean, override: number | null, dtype: Tensor['dtype']): Tensor {
  const per = g.outSize.map((out, a) => Array.from({ length: out }, (_, o) => {
    const start = o * g.stride[a]! - g.padding[a]!, n = g.inSize[a]!;
    const end = Math.min(start + g.kernel[a]!, n + g.padding[a]!);
    return includePad ? end - start : Math.min(end, n) - Math.max(start, 0);
  }));
  const l = g.outSize.reduce((a, b) => a * b, 1);
  const d = allocArray(dtype, l);
  for (let li = 0; li < l; li++) {
    let rest = li, size = 1;
    for (let a = g.outSize.length - 1; a >= 0; a--) { size *= per[a]![rest % g.outSize[a]!]!; rest = Math.floor(rest / g.outSize[a]!); }
    d[li] = override ?? size;
  }
  return fromHost(d, [l], dtype);
}

/**
 * Average pooling over the last `nd` (2 or 3) dims.
 * @example avgPoolNd(x, 2, 3, { stride: 2, padding: 1, countIncludePad: false })
 */
export function avgPoolNd(input: Tensor, nd: 2 | 3, kernelSize: IntTuple, opts: AvgPoolOptions = {}): Tensor {
  if (nd === 2 && input.shape.length === 2) throw new Error('Dimension out of range (expected to be in range of [-2, 1], but got -3)');
  const x = batched(input, nd, `non-empty ${nd + 1}D or ${nd + 2}D (batch mode) tensor expected for input`);
  const override = opts.divisorOverride ?? null;
  if (override === 0) throw new Error('divisor must be not zero');
  const g = poolGeometry(x, nd, kernelSize, opts.stride, opts.padding ?? 0, 1, opts.ceilMode ?? false, nd === 3);
  const outShape = [...input.shape.slice(0, input.shape.length - nd), ...g.outSize];
  const t = regularTable(g), b = planes(input, t.planeSize);
  const div = onDeviceOf(avgDivisors(g, opts.countIncludePad ?? true, override, input.dtype), input);
  const out = input.numel() === 0 ? alloc(outShape, input.dtype, input.storage.device) : noGrad(() => windows(input, t, 0).sum(1).div(div).view(outShape));
  if (needsGrad(input)) {
    const inShape = input.shape.slice();
    record(out, `AvgPool${nd}DBackward0`, [input], [], null, (gr) => {
      const spread = gr.reshape([b, 1, t.l]).div(div).expand([b, t.k, t.l]).reshape([b, t.k * t.l]);
      if (t.geometry !== undefined) return [col2im(spread.reshape([1, b * t.k, t.l]), t.geometry, [g.inSize[0]!, g.inSize[1]!]).reshape(inShape)];
      const sums = indexAdd(alloc([b, t.planeSize + 1], gr.dtype, gr.storage.device), 1, onDeviceOf(t.read, gr).reshape([-1]), spread);
      return [sums.narrow(1, 0, t.planeSize).reshape(inShape)];
    });
  }
  return out;
}

/** 1-D average pooling: the 2-D pool of [.., 1, L]. */
export function avgPool1d(input: Tensor, kernelSize: IntTuple, opts: AvgPoolOptions = {}): Tensor {
  const r = input.shape.length;
  if (r !== 2 && r !== 3) {
    throw new Error(`Expected 2 to 3 dimensions, but got ${r}-dimensional tensor for argument #1 'self' (while checking arguments for avg_pool1d)`);
  }
  const one = (v: IntTuple, fill: number): number[] => [fill, tuple(v, 1, 'value')[0]!];
  const s = opts.stride === null || opts.stride === undefined ? null : one(opts.stride, 1);
  return avgPoolNd(input.unsqueeze(-2), 2, one(kernelSize, 1), { ...opts, stride: s, padding: one(opts.padding ?? 0, 0) }).squeeze(-2);
}

/**
 * F.avg_pool2d over [N, C, H, W] or [C, H, W].
 * @example avgPool2d(x, 2, { stride: 1, padding: 1, countIncludePad: false })
 */
export function avgPool2d(input: Tensor, kernelSize: IntTuple, opts: AvgPoolOptions = {}): Tensor {
  return avgPoolNd(input, 2, kernelSize, opts);
}
