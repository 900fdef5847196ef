/**
 * conv1d / conv2d via im2col + one batched matmul per group. One node, ConvolutionBackward0,
 * whose gradients are written with im2col/col2im/matmul, so double backward works.
 */
import type { WindowGeometry } from '../../backend/types';
import { noGrad } from '../../autograd/grad-mode';
import { needsGrad, record } from '../../autograd/record';
import type { Tensor } from '../../tensor';
import { scalarTypeName } from '../util';
import { as4d, col2im, im2col, im2colRaw, windowCount } from './window';

export interface ConvOptions {
  stride?: number | readonly number[];
  /** Zero padding on both sides, or 'valid' (none) or 'same' (output as large as the input; stride 1). */
  padding?: number | readonly number[] | 'same' | 'valid';
  dilation?: number | readonly number[];
  groups?: number;
}

const fmt = (s: readonly number[]): string => `[${s.join(', ')}]`;

function spatial(v: number | readonly number[], n: number, name: string): number[] {
  const r = typeof v === 'number' ? new Array<number>(n).fill(v) : v.length === 1 ? new Array<number>(n).fill(v[0]!) : v.slice();
  if (r.length !== n) throw new Error(`expected ${name} to be a single integer value or a list of ${n} values to match the convolution dimensions, but got ${name}=${fmt(r)}`);
  return r;
}

interface Plan { geom: WindowGeometry; groups: number }

function plan(x: Tensor, w: Tensor, b: Tensor | null, dims: 1 | 2, opts: ConvOptions): Plan {
  const name = `conv${dims}d`;
  const wd = dims + 2;
  if (x.shape.length !== wd) throw new Error(`Expected ${dims + 1}D (unbatched) or ${wd}D (batched) input to ${name}, but got input of size: ${fmt(x.shape)}`);
  if (w.shape.length !== wd) {
    const n = w.shape.length;
    throw new Error(`Expected ${n}-dimensional input for ${n}-dimensional weight ${fmt(w.shape)}, but got ${wd}-dimensional input of size ${fmt(x.shape)} instead`);
  }
  if (x.dtype !== w.dtype) throw new TypeError(`expected scalar type ${scalarTypeName(x.dtype)} but found ${scalarTypeName(w.dtype)}`);
  const groups = opts.groups ?? 1;
  if (!Number.isInteger(groups) || groups < 1) throw new Error('non-positive groups is not supported');
  const stride = spatial(opts.stride ?? 1, dims, 'stride');
  const dilation = spatial(opts.dilation ?? 1, dims, 'dilation');
  if (stride.some((s) => s <= 0)) throw new Error('non-positive stride is not supported');
  if (dilation.some((d) => d <= 0)) throw new Error('dilation should be greater than zero');
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
  const [o, cg] = w.shape as [number, number];
  if (o % groups !== 0) throw new Error(`Given groups=${groups}, expected weight to be divisible by ${groups} at dimension 0, but got weight of size [${fmt(w.shape)}] instead`);
  if (x.shape[1] !== cg * groups) {
    throw new Error(`Given groups=${groups}, weight of size ${fmt(w.shape)}, expected input${fmt(x.shape)} to have ${cg * groups} channels, but got ${x.shape[1]} channels instead`);
  }
  if (b !== null && (b.shape.length !== 1 || b.shape[0] !== o)) {
    throw new Error(`Given weight of size ${fmt(w.shape)}, expected bias to be 1-dimensional with ${o} elements, but got bias of size ${fmt(b.shape)} instead`);
  }
  const padded = inSize.map((n, i) => n + total[i]!);
  const effK = kernel.map((k, i) => dilation[i]! * (k - 1) + 1);
  if (padded.some((p, i) => p < effK[i]!)) {
    throw new Error(`Calculated padded input size per channel: (${padded.join(' x ')}). Kernel size: (${effK.join(' x ')}). Kernel size can't be greater than actual input size`);
  }
  const out = inSize.map((n, i) => windowCount(n, kernel[i]!, stride[i]!, total[i]!, dilation[i]!));
  const two = (v: number[], fill: number): [number, number] => (dims === 1 ? [fill, v[0]!] : [v[0]!, v[1]!]);
  return {
    geom: { kernel: two(kernel, 1), stride: two(stride, 1), padding: two(before, 0), dilation: two(dilation, 1), outSize: two(out, 1) },
    groups,
  };
}

/** Forward on 4-D views: cols [N, g, K, L], weight [g, O/g, K] -> [N, O, L] (+ bias). */
function forward4(x4: Tensor, w: Tensor, b: Tensor | null, p: Plan): Tensor {
  const n = x4.shape[0]!, o = w.shape[0]!, g = p.groups;
  const cols = im2colRaw(x4, p.geom);
  const k = cols.shape[1]! / g, l = cols.shape[2]!;
  let out = w.reshape([g, o / g, k]).matmul(cols.view([n, g, k, l])).view([n, o, l]);
  if (b !== null) out = out.add(b.view([1, o, 1]));
  return out;
}

function convNd(input: Tensor, weight: Tensor, bias: Tensor | null, dims: 1 | 2, opts: ConvOptions): Tensor {
  const unbatched = input.shape.length === dims + 1;
  const x = unbatched ? input.unsqueeze(0) : input;
  const p = plan(x, weight, bias, dims, opts);
  const outShape = [x.shape[0]!, weight.shape[0]!, ...(dims === 1 ? [p.geom.outSize[1]] : p.geom.outSize)];
  const out = noGrad(() => forward4(as4d(x), weight, bias, p)).view(outShape);
  if (needsGrad(x, weight, bias)) {
    const gx = x.requiresGrad, gw = weight.requiresGrad, gb = bias !== null && bias.requiresGrad;
    record(out, 'ConvolutionBackward0', [x, weight, bias], [x, weight], null, (g, s) => {
      const xs = s[0]!, ws = s[1]!;
      const n = xs.shape[0]!, o = ws.shape[0]!, G = p.groups;
      const x4 = xs.shape.length === 4 ? xs : xs.unsqueeze(2);
      const k = ws.numel() / o, l = p.geom.outSize[0] * p.geom.outSize[1];
      const g4 = g.reshape([n, G, o / G, l]);
      const wg = ws.reshape([G, o / G, k]);
      let dx: Tensor | null = null, dw: Tensor | null = null;
      if (gx) {
        const cols = wg.transpose(1, 2).matmul(g4).reshape([n, G * k, l]);
        dx = col2im(cols, p.geom, [x4.shape[2]!, x4.shape[3]!]).reshape(xs.shape);
      }
      if (gw) {
        const cols = im2col(x4, p.geom).reshape([n, G, k, l]);
        dw = g4.matmul(cols.transpose(2, 3)).sum(0).reshape(ws.shape);
      }
      return [dx, dw, gb ? g.sum(dims === 1 ? [0, 2] : [0, 2, 3]) : null];
    });
  }
  return unbatched ? out.squeeze(0) : out;
}

/**
 * F.conv2d: 2-D convolution (cross-correlation) of input [N, C, H, W] (or [C, H, W]) with
 * weight [O, C/groups, kh, kw] and optional bias [O].
 * @example conv2d(x, w, b, { stride: 2, padding: 1 })
 */
export function conv2d(input: Tensor, weight: Tensor, bias: Tensor | null = null, opts: ConvOptions = {}): Tensor {
  return convNd(input, weight, bias, 2, opts);
}

/** F.conv1d: input [N, C, L] (or [C, L]), weight [O, C/groups, k]. */
export function conv1d(input: Tensor, weight: Tensor, bias: Tensor | null = null, opts: ConvOptions = {}): Tensor {
  return convNd(input, weight, bias, 1, opts);
}
