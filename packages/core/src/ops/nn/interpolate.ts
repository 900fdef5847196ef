/**
 * F.interpolate (upsample_nearest / nearest-exact / linear / bilinear / bicubic / trilinear, and
 * 'area' as adaptive average pooling). Every mode is separable: along each spatial axis the
 * output is an [out, in] weight matrix times the input, so the forward is one matrix product
 * per axis and the gradient (Upsample*Backward1, PyTorch 1.13's names for the size-or-scale
 * overload) is the same with the matrices transposed. Source indices follow PyTorch's
 * UpSample.h exactly, in float32 where PyTorch computes in float.
 */
import { noGrad } from '../../autograd/grad-mode';
import { needsGrad, record } from '../../autograd/record';
import { allocArray } from '../../dtype';
import type { Tensor } from '../../tensor';
import { fromHost } from '../util';
import { pyTuple } from '../../pyrepr';
import { adaptiveAvgPool1d, adaptiveAvgPoolNd, applyAlongAxes } from './adaptive-pool';

export type InterpolateMode = 'nearest' | 'nearest-exact' | 'linear' | 'bilinear' | 'bicubic' | 'trilinear' | 'area';

export interface InterpolateOptions {
  size?: number | readonly number[] | null;
  scaleFactor?: number | readonly number[] | null;
  mode?: InterpolateMode;
  alignCorners?: boolean | null;
  recomputeScaleFactor?: boolean | null;
}

const f32 = Math.fround;
const MODES = 'nearest | linear | bilinear | bicubic | trilinear | area | nearest-exact';

/** PyTorch's compute_scales_value<float>: 1/scale when a scale was given, else in/out. */
function scalesValue(scale: number | null, n: number, out: number): number {
  return scale !== null && scale > 0 ? f32(1 / scale) : f32(n / out);
}

/** Source index of output o for 'nearest' (with PyTorch's exact 1x and 2x shortcuts) and 'nearest-exact'. */
function nearestSource(o: number, n: number, out: number, scale: number | null, exact: boolean): number {
  if (!exact && out === n) return o;
  if (!exact && out === 2 * n) return o >> 1;
  const s = scalesValue(scale, n, out);
  return Math.min(Math.floor(f32(exact ? (o + 0.5) * s : o * s)), n - 1);
}

type Round = (v: number) => number;
const exact: Round = (v) => v;

/** PyTorch's area_pixel_compute_scale, in the op's math type (float for float32, double for float64). */
function pixelScale(n: number, out: number, alignCorners: boolean, scale: number | null, r: Round): number {
  if (alignCorners) return out > 1 ? r((n - 1) / (out - 1)) : 0;
  return scale !== null && scale > 0 ? r(1 / scale) : r(n / out);
}

/** PyTorch's area_pixel_compute_source_index (linear clamps below at 0, cubic does not). */
function sourceIndex(s: number, o: number, alignCorners: boolean, cubic: boolean, r: Round): number {
  if (alignCorners) return r(s * o);
  const src = r(r(s * (o + 0.5)) - 0.5);
  return !cubic && src < 0 ? 0 : src;
}

const A = -0.75;
function cubic1(x: number): number { return ((A + 2) * x - (A + 3)) * x * x + 1; }
function cubic2(x: number): number { return ((A * x - 5 * A) * x + 8 * A) * x - 4 * A; }

/** The [out, n] weight matrix of one axis. */
function axisMatrix(mode: InterpolateMode, n: number, out: number, alignCorners: boolean, scale: number | null, dtype: Tensor['dtype']): Tensor {
  const w = allocArray(dtype, out * n);
  const r = dtype === 'float64' ? exact : f32;
  const add = (k: number, v: number): void => { w[k] = w[k]! + v; };
  for (let o = 0; o < out; o++) {
    const row = o * n;
    if (mode === 'nearest' || mode === 'nearest-exact') {
      w[row + nearestSource(o, n, out, scale, mode === 'nearest-exact')] = 1;
    } else if (mode === 'bicubic') {
      const real = sourceIndex(pixelScale(n, out, alignCorners, scale, r), o, alignCorners, true, r);
      const i = Math.min(Math.floor(real), n - 1), t = Math.min(Math.max(real - i, 0), 1);
      const coeffs = [cubic2(t + 1), cubic1(t), cubic1(1 - t), cubic2(2 - t)];
      coeffs.forEach((c, j) => add(row + Math.max(Math.min(i - 1 + j, n - 1), 0), c));
    } else if (out === n) {
      w[row + o] = 1;
    } else {
      const real = sourceIndex(pixelScale(n, out, alignCorners, scale, r), o, alignCorners, false, r);
      const i0 = Math.trunc(real), i1 = i0 + (i0 < n - 1 ? 1 : 0);
      const l1 = Math.min(Math.max(real - i0, 0), 1);
      add(row + i0, 1 - l1);
      add(row + i1, l1);
    }
  }
  return fromHost(w, [out, n], dtype);
}

const NODE: Record<string, string> = {
  nearest: 'UpsampleNearest', 'nearest-exact': 'UpsampleNearestExact', linear: 'UpsampleLinear', bilinear: 'UpsampleBilinear',
  bicubic: 'UpsampleBicubic', trilinear: 'UpsampleTrilinear',
};

/** Output sizes and per-axis scales from size / scaleFactor, as F.interpolate and compute_output_size do. */
function resolve(input: Tensor, nd: number, opts: InterpolateOptions, mode: InterpolateMode): { out: number[]; scales: (number | null)[] } {
  const inSize = input.shape.slice(2);
  const size = opts.size ?? null, factor = opts.scaleFactor ?? null;
  if (size !== null && factor !== null) throw new Error('only one of size or scale_factor should be defined');
  let out: number[] | null = null, scales: (number | null)[] = inSize.map(() => null);
  if (size !== null) {
    if (typeof size !== 'number' && size.length !== nd) {
      throw new Error(`Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of [${inSize.join(', ')}] and output size of ${pyTuple(size)}. ` +
        'Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format.');
    }
    out = typeof size === 'number' ? inSize.map(() => size) : size.slice();
    if (out.some((v) => !Number.isInteger(v))) throw new TypeError(`upsample(): argument 'output_size' must be a sequence of ints, got [${out.join(', ')}]`);
  } else if (factor !== null) {
    if (typeof factor !== 'number' && factor.length !== nd) {
      throw new Error(`Input and scale_factor must have the same number of spatial dimensions, but got input with spatial dimensions of [${inSize.join(', ')}] and scale_factor of shape ${pyTuple(factor)}. ` +
        'Please provide input tensor in (N, C, d1, d2, ...,dK) format and scale_factor in (s1, s2, ...,sK) format.');
    }
    scales = typeof factor === 'number' ? inSize.map(() => factor) : factor.slice();
  } else {
    throw new Error('either size or scale_factor should be defined');
  }
  const recompute = opts.recomputeScaleFactor ?? null;
  if (recompute === true && size !== null) throw new Error('recompute_scale_factor is not meaningful with an explicit size.');
  if (out === null && (recompute === true || mode === 'area')) {
    out = inSize.map((n, i) => Math.floor(n * scales[i]!));
    scales = inSize.map(() => null);
  }
  // compute_output_size: int64 conversion of in * scale truncates
  return { out: out ?? inSize.map((n, i) => Math.trunc(n * scales[i]!)), scales };
}

function checkSizes(inSize: readonly number[], out: readonly number[]): void {
  if (inSize.every((v) => v > 0) && out.every((v) => v > 0)) return;
  const names = ['D', 'H', 'W'].slice(3 - inSize.length);
  const fmt = (v: readonly number[]): string => v.map((e, i) => `${names[i]}: ${e}`).join(', ');
  throw new Error(`Input and output sizes should be greater than 0, but got input (${fmt(inSize)})${inSize.length === 1 ? ' and' : ''} output (${fmt(out)})`);
}

/**
 * F.interpolate over [N, C, ...] with 1 to 3 spatial dims.
 * @example interpolate(x, { scaleFactor: 2, mode: 'bilinear', alignCorners: false })
 */
export function interpolate(input: Tensor, opts: InterpolateOptions = {}): Tensor {
  const mode = opts.mode ?? 'nearest';
  const nearestLike = mode === 'nearest' || mode === 'area' || mode === 'nearest-exact';
  if (nearestLike && opts.alignCorners !== null && opts.alignCorners !== undefined) {
    throw new Error('align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear');
  }
  const alignCorners = opts.alignCorners ?? false;
  const r = input.shape.length, nd = r - 2;
  const { out, scales } = resolve(input, nd, opts, mode);
  const need: Record<string, number> = { linear: 3, bilinear: 4, trilinear: 5 };
  const wanted = need[mode];
  if (wanted !== undefined && r >= 3 && r <= 5 && r !== wanted) throw new Error(`Got ${r}D input, but ${mode} mode needs ${wanted}D input`);
  const known = nearestLike || mode === 'linear' || mode === 'bilinear' || mode === 'trilinear' || (mode === 'bicubic' && r === 4);
  if (!known || r < 3 || r > 5) {
    throw new Error(`Input Error: Only 3D, 4D and 5D input Tensors supported (got ${r}D) for the modes: ${MODES} (got ${mode})`);
  }
  if (mode === 'area') return nd === 1 ? adaptiveAvgPool1d(input, out) : adaptiveAvgPoolNd(input, nd === 2 ? 2 : 3, out);
  const inSize = input.shape.slice(2);
  checkSizes(inSize, out);
  const mats = (dtype: Tensor['dtype']): Tensor[] => inSize.map((n, i) => axisMatrix(mode, n, out[i]!, alignCorners, scales[i] ?? null, dtype));
  const y = noGrad(() => applyAlongAxes(input, mats(input.dtype)));
  if (needsGrad(input)) {
    record(y, `${NODE[mode]!}${nd}DBackward1`, [input], [], null, (g) => [applyAlongAxes(g, mats(g.dtype).map((m) => m.t()))]);
  }
  return y;
}
