/**
 * Convolution and transposed convolution in 1-3 spatial dims, via N-d im2col + one batched
 * matmul per group: conv is W @ im2col(x); its transpose is col2im(W^T @ x), i.e. conv's input
 * gradient. One node, ConvolutionBackward0 (PyTorch's for both), whose gradients are written
 * with im2col/col2im/matmul, so double backward works.
 */
import { noGrad } from '../../autograd/grad-mode';
import { needsGrad, record } from '../../autograd/record';
import { numelOf } from '../../shape';
import type { Tensor } from '../../tensor';
import { alloc, scalarTypeName } from '../util';
import { backendOf } from '../../backend/index';
import type { WindowGeometry } from '../../backend/types';
import { col2imNd, col2imNdRaw, im2colNd, im2colNdRaw, type GeometryNd } from './col2im';
import { windowCount } from './window';

type IntList = number | readonly number[];

export interface ConvOptions {
  stride?: IntList;
  /** Zero padding on both sides, or 'valid' (none) or 'same' (output as large as the input; stride 1). */
  padding?: IntList | 'same' | 'valid';
  dilation?: IntList;
  groups?: number;
}

export interface ConvTransposeOptions {
  stride?: IntList;
  /** dilation * (kernel - 1) - padding zeros are added to both sides of the input. */
  padding?: IntList;
  /** Extra size added to one side of each output dim (less than stride or dilation). */
  outputPadding?: IntList;
  groups?: number;
  dilation?: IntList;
}

type Dims = 1 | 2 | 3;
const fmt = (s: readonly number[]): string => `[${s.join(', ')}]`;

function spatial(v: IntList, n: number, name: string): number[] {
  const r = typeof v === 'number' ? new Array<number>(n).fill(v) : v.length === 1 ? new Array<number>(n).fill(v[0]!) : v.slice();
  if (r.length !== n) throw new Error(`expected ${name} to be a single integer value or a list of ${n} values to match the convolution dimensions, but got ${name}=${fmt(r)}`);
  return r;
}

/** "name_height: 1 name_width: 2" as the transposed kernels print per-dim values (1-D as 2-D). */
function perDim(name: string, v: readonly number[], fill: number, sep: string): string {
  const axes = v.length === 3 ? ['depth', 'height', 'width'] : ['height', 'width'];
  const vals = v.length === 1 ? [fill, v[0]!] : v;
  return axes.map((a, i) => `${name}_${a}: ${vals[i]}`).join(sep);
}

interface Plan { geom: GeometryNd; groups: number; transposed: boolean; inSize: number[]; outSize: number[] }

function checkWeight(x: Tensor, w: Tensor, b: Tensor | null, dims: Dims, groups: number, transposed: boolean): void {
  if (w.shape.length !== dims + 2) {
    const n = w.shape.length;
    throw new Error(`Expected ${n}-dimensional input for ${n}-dimensional weight ${fmt(w.shape)}, but got ${dims + 2}-dimensional input of size ${fmt(x.shape)} instead`);
  }
  if (x.dtype !== w.dtype) throw new TypeError(`expected scalar type ${scalarTypeName(x.dtype)} but found ${scalarTypeName(w.dtype)}`);
  if (!Number.isInteger(groups) || groups < 1) throw new Error('non-positive groups is not supported');
  const w0 = w.shape[0]!;
  if (w0 < groups) throw new Error(`Given groups=${groups}, expected weight to be at least ${groups} at dimension 0, but got weight of size ${fmt(w.shape)} instead`);
  if (w0 % groups !== 0) throw new Error(`Given groups=${groups}, expected weight to be divisible by ${groups} at dimension 0, but got weight of size [${fmt(w.shape)}] instead`);
  const inCh = transposed ? w0 : w.shape[1]! * groups;
  const prefix = transposed ? 'Given transposed=1, weight' : `Given groups=${groups}, weight`;
  if (x.shape[1] !== inCh) throw new Error(`${prefix} of size ${fmt(w.shape)}, expected input${fmt(x.shape)} to have ${inCh} channels, but got ${x.shape[1]} channels instead`);
  const outCh = transposed ? w.shape[1]! * groups : w0;
  if (b !== null && (b.shape.length !== 1 || b.shape[0] !== outCh)) {
    throw new Error(`${transposed ? 'Given transposed=1, weight' : 'Given weight'} of size ${fmt(w.shape)}, expected bias to be 1-dimensional with ${outCh} elements, but got bias of size ${fmt(b.shape)} instead`);
  }
}

function planConv(x: Tensor, w: Tensor, b: Tensor | null, dims: Dims, opts: ConvOptions): Plan {
  const groups = opts.groups ?? 1;
  const stride = spatial(opts.stride ?? 1, dims, 'stride');
  const dilation = spatial(opts.dilation ?? 1, dims, 'dilation');
  if (stride.some((s) => s <= 0)) throw new Error('non-positive stride is not supported');
  if (dilation.some((d) => d <= 0)) throw new Error(`dilation should be greater than zero, but got ${fmt(dims === 1 ? [1, ...dilation] : dilation)}`);
  checkWeight(x, w, b, dims, groups, false);
  const kernel = w.shape.slice(2);
  const inSize = x.shape.slice(2);
  const pad = opts.padding ?? 0;
  let before: number[], total: number[];
  if (pad === 'valid') { before = kernel.map(() => 0); total = before; }
  else if (pad === 'same') {
    if (stride.some((s) => s !== 1)) throw new Error("padding='same' is not supported for strided convolutions");
    total = kernel.map((k, i) => dilation[i]! * (k - 1));
    before = total.map((t) => Math.floor(t / 2));
  } else if (typeof pad === 'string') {
    throw new Error(`Invalid padding string: '${String(pad)}'`);
  } else {
    before = spatial(pad, dims, 'padding');
    if (before.some((p) => p < 0)) throw new Error('negative padding is not supported');
    total = before.map((p) => 2 * p);
  }
  const padded = inSize.map((n, i) => n + total[i]!);
  const effK = kernel.map((k, i) => dilation[i]! * (k - 1) + 1);
  if (padded.some((p, i) => p < effK[i]!)) {
    throw new Error(`Calculated padded input size per channel: (${padded.join(' x ')}). Kernel size: (${effK.join(' x ')}). Kernel size can't be greater than actual input size`);
  }
  const outSize = inSize.map((n, i) => windowCount(n, kernel[i]!, stride[i]!, total[i]!, dilation[i]!));
  return { geom: { kernel, stride, padding: before, dilation, outSize }, groups, transposed: false, inSize, outSize };
}

function planTransposed(x: Tensor, w: Tensor, b: Tensor | null, dims: Dims, opts: ConvTransposeOptions): Plan {
  const groups = opts.groups ?? 1;
  if (typeof opts.padding === 'string') throw new TypeError(`conv_transpose${dims}d(): argument 'padding' must be tuple of ints, not str`);
  const stride = spatial(opts.stride ?? 1, dims, 'stride');
  const padding = spatial(opts.padding ?? 0, dims, 'padding');
  const outPad = spatial(opts.outputPadding ?? 0, dims, 'output_padding');
  const dilation = spatial(opts.dilation ?? 1, dims, 'dilation');
  if (stride.some((s) => s <= 0)) throw new Error('non-positive stride is not supported');
  if (padding.some((p) => p < 0)) throw new Error('negative padding is not supported');
  if (outPad.some((p) => p < 0)) throw new Error('negative output_padding is not supported');
  checkWeight(x, w, b, dims, groups, true);
  if (dilation.some((d) => d <= 0)) throw new Error(`dilation should be greater than zero, but got ${perDim('dilation', dilation, 1, ', ')}`);
  if (outPad.some((p, i) => p >= stride[i]! && p >= dilation[i]!)) {
    throw new Error(`output padding must be smaller than either stride or dilation, but got ${perDim('output_padding', outPad, 0, ' ')} ` +
      `${perDim('stride', stride, 1, ' ')} ${perDim('dilation', dilation, 1, ' ')}`);
  }
  const kernel = w.shape.slice(2);
  const inSize = x.shape.slice(2);
  const outSize = inSize.map((n, i) => (n - 1) * stride[i]! - 2 * padding[i]! + dilation[i]! * (kernel[i]! - 1) + outPad[i]! + 1);
  if (outSize.some((o) => o < 1)) {
    const one = (v: number[]): string => (dims === 1 ? [1, ...v] : v).join(' x ');
    throw new Error(`Given input size per channel: (${one(inSize)}). Calculated output size per channel: (${one(outSize)}). Output size is too small`);
  }
  // The transposed conv's input is the windows' count of a conv over its output.
  return { geom: { kernel, stride, padding, dilation, outSize: inSize }, groups, transposed: true, inSize, outSize };
}

/** Forward on batched x without autograd: [N, C, *in] -> [N, O, *out]. */
function forward(x: Tensor, w: Tensor, b: Tensor | null, p: Plan): Tensor {
  const n = x.shape[0]!, g = p.groups, k = numelOf(p.geom.kernel);
  let out: Tensor, o: number;
  if (!p.transposed) {
    o = w.shape[0]!;
    const cols = im2colNdRaw(x, p.geom);
    const ck = cols.shape[1]! / g, l = cols.shape[2]!;
    out = w.reshape([g, o / g, ck]).matmul(cols.view([n, g, ck, l])).view([n, o, l]);
  } else {
    const cin = w.shape[0]!, lin = numelOf(p.inSize);
    o = w.shape[1]! * g;
    const cols = w.reshape([g, cin / g, (o / g) * k]).transpose(1, 2).matmul(x.reshape([n, g, cin / g, lin]));
    out = col2imNdRaw(cols.reshape([n, o * k, lin]), p.geom, p.outSize).view([n, o, numelOf(p.outSize)]);
  }
  if (b !== null) out = out.add(b.view([1, o, 1]));
  return out.view([n, o, ...p.outSize]);
}

/** [dx, dw] of conv (or of its transpose) for the output gradient g, in differentiable ops. */
function grads(g: Tensor, x: Tensor, w: Tensor, p: Plan, gx: boolean, gw: boolean): [Tensor | null, Tensor | null] {
  const n = x.shape[0]!, G = p.groups, k = numelOf(p.geom.kernel);
  const lin = numelOf(p.inSize), lout = numelOf(p.outSize);
  let dx: Tensor | null = null, dw: Tensor | null = null;
  if (!p.transposed) {
    const o = w.shape[0]!, ck = w.numel() / o;
    const g4 = g.reshape([n, G, o / G, lout]);
    if (gx) dx = col2imNd(w.reshape([G, o / G, ck]).transpose(1, 2).matmul(g4).reshape([n, G * ck, lout]), p.geom, p.inSize).reshape(x.shape);
    if (gw) dw = g4.matmul(im2colNd(x, p.geom).reshape([n, G, ck, lout]).transpose(2, 3)).sum(0).reshape(w.shape);
  } else {
    const cin = w.shape[0]!, og = w.shape[1]!;
    const gcols = im2colNd(g, p.geom).reshape([n, G, og * k, lin]);
    if (gx) dx = w.reshape([G, cin / G, og * k]).matmul(gcols).reshape(x.shape);
    if (gw) dw = x.reshape([n, G, cin / G, lin]).matmul(gcols.transpose(2, 3)).sum(0).reshape(w.shape);
  }
  return [dx, dw];
}

/**
 * The window of a plain float32 2-D convolution when x's backend has the one-pass conv kernels
 * (the CPU backends), else null: the ops then compose im2col and matmul (webgpu, float64,
 * groups, transposed, 1-D and 3-D, and products under 400 multiply-adds per sample).
 */
function kernelGeometry(x: Tensor, w: Tensor, b: Tensor | null, p: Plan): WindowGeometry | null {
  const be = backendOf(x);
  if (p.transposed || p.groups !== 1 || p.geom.kernel.length !== 2 || be.conv2d === undefined || be.conv2dInputGrad === undefined ||
    be.conv2dWeightGrad === undefined || x.dtype !== 'float32' || x.numel() === 0 || w.numel() === 0 ||
    w.storage.device !== x.storage.device || (b !== null && (b.dtype !== 'float32' || b.storage.device !== x.storage.device))) return null;
  const two = (v: readonly number[]): [number, number] => [v[0]!, v[1]!];
  const g = p.geom;
  // The composed product of a tiny conv takes PyTorch's small-bmm loop (separate multiply and add
  // roundings, linalg.ts's bmm): keep those bits; the kernels' fma chain is the larger products' order.
  if (w.numel() * g.outSize[0]! * g.outSize[1]! < 400) return null;
  return { kernel: two(g.kernel), stride: two(g.stride), padding: two(g.padding), dilation: two(g.dilation), outSize: two(g.outSize) };
}

/** [dx, dw] of a 2-D conv through the backend's kernels (outside create-graph mode). */
function kernelGrads(g: Tensor, x: Tensor, w: Tensor, geom: WindowGeometry, gx: boolean, gw: boolean): [Tensor | null, Tensor | null] {
  const be = backendOf(x), dev = x.storage.device, gd = g.contiguous();
  let dx: Tensor | null = null, dw: Tensor | null = null;
  if (gx) {
    dx = alloc(x.shape.slice(), 'float32', dev);
    be.conv2dInputGrad!(gd, w.contiguous(), geom, dx);
  }
  if (gw) {
    dw = alloc(w.shape.slice(), 'float32', dev);
    be.conv2dWeightGrad!(gd, x.contiguous(), geom, dw);
  }
  return [dx, dw];
}

function convolution(name: string, input: Tensor, weight: Tensor, bias: Tensor | null, dims: Dims, plan: (x: Tensor) => Plan): Tensor {
  if (input.shape.length !== dims + 1 && input.shape.length !== dims + 2) {
    throw new Error(`Expected ${dims + 1}D (unbatched) or ${dims + 2}D (batched) input to ${name}, but got input of size: ${fmt(input.shape)}`);
  }
  const unbatched = input.shape.length === dims + 1;
  const x = unbatched ? input.unsqueeze(0) : input;
  const p = plan(x);
  const kg = kernelGeometry(x, weight, bias, p);
  let out: Tensor;
  if (kg === null) out = noGrad(() => forward(x, weight, bias, p));
  else {
    out = alloc([x.shape[0]!, weight.shape[0]!, ...kg.outSize], 'float32', x.storage.device);
    const o = out;
    noGrad(() => backendOf(x).conv2d!(x.contiguous(), weight.contiguous(), bias?.contiguous() ?? null, kg, o));
  }
  if (needsGrad(x, weight, bias)) {
    const gx = x.requiresGrad, gw = weight.requiresGrad, gb = bias !== null && bias.requiresGrad;
    const sumDims = [0, ...p.outSize.map((_, i) => i + 2)];
    record(out, 'ConvolutionBackward0', [x, weight, bias], [x, weight], null, (g, s) => {
      // The kernels outside create-graph mode; the composed form stays differentiable for double backward.
      const fast = kg !== null && g.dtype === 'float32' && !needsGrad(g, s[0], s[1]);
      const [dx, dw] = fast ? kernelGrads(g, s[0]!, s[1]!, kg, gx, gw) : grads(g, s[0]!, s[1]!, p, gx, gw);
      return [dx, dw, gb ? g.sum(sumDims) : null];
    });
  }
  return unbatched ? out.squeeze(0) : out;
}

/** F.conv1d: input [N, C, L] (or [C, L]), weight [O, C/groups, k]. */
export function conv1d(input: Tensor, weight: Tensor, bias: Tensor | null = null, opts: ConvOptions = {}): Tensor {
  return convolution('conv1d', input, weight, bias, 1, (x) => planConv(x, weight, bias, 1, opts));
}

/**
 * F.conv2d: 2-D convolution (cross-correlation) of input [N, C, H, W] (or [C, H, W]) with
 * weight [O, C/groups, kh, kw] and optional bias [O].
 * @example conv2d(x, w, b, { stride: 2, padding: 1 })
 */
export function conv2d(input: Tensor, weight: Tensor, bias: Tensor | null = null, opts: ConvOptions = {}): Tensor {
  return convolution('conv2d', input, weight, bias, 2, (x) => planConv(x, weight, bias, 2, opts));
}

/** F.conv3d: input [N, C, D, H, W] (or [C, D, H, W]), weight [O, C/groups, kd, kh, kw]. */
export function conv3d(input: Tensor, weight: Tensor, bias: Tensor | null = null, opts: ConvOptions = {}): Tensor {
  return convolution('conv3d', input, weight, bias, 3, (x) => planConv(x, weight, bias, 3, opts));
}

/**
 * F.conv_transpose1d: input [N, Cin, L] (or [Cin, L]), weight [Cin, Cout/groups, k]; output
 * length (L - 1) * stride - 2 * padding + dilation * (k - 1) + outputPadding + 1.
 * @example convTranspose1d(x, w, null, { stride: 2, outputPadding: 1 })
 */
export function convTranspose1d(input: Tensor, weight: Tensor, bias: Tensor | null = null, opts: ConvTransposeOptions = {}): Tensor {
  return convolution('conv_transpose1d', input, weight, bias, 1, (x) => planTransposed(x, weight, bias, 1, opts));
}

/** F.conv_transpose2d: input [N, Cin, H, W] (or unbatched), weight [Cin, Cout/groups, kh, kw]. */
export function convTranspose2d(input: Tensor, weight: Tensor, bias: Tensor | null = null, opts: ConvTransposeOptions = {}): Tensor {
  return convolution('conv_transpose2d', input, weight, bias, 2, (x) => planTransposed(x, weight, bias, 2, opts));
}

/** F.conv_transpose3d: input [N, Cin, D, H, W] (or unbatched), weight [Cin, Cout/groups, kd, kh, kw]. */
export function convTranspose3d(input: Tensor, weight: Tensor, bias: Tensor | null = null, opts: ConvTransposeOptions = {}): Tensor {
  return convolution('conv_transpose3d', input, weight, bias, 3, (x) => planTransposed(x, weight, bias, 3, opts));
}
