/**
 * F.grid_sample (bilinear/trilinear, nearest, bicubic; zeros/border/reflection padding) and
 * F.affine_grid. Sampling is written as a sum over taps: weight(grid) * gather(input, tap index),
 * composed from differentiable ops, so both gradients (input through gather, grid through the
 * weights) and double backward come from the ops themselves. Coordinate rules follow PyTorch's
 * GridSampler.h: unnormalize, then clip (gradient 0 at and beyond the edges) or reflect.
 */
import { noGrad } from '../../autograd/grad-mode';
import { needsGrad, record } from '../../autograd/record';
import type { Tensor } from '../../tensor';
import { where } from '../binary';
import { ones } from '../creation';
import { linspace } from '../ranges';
import { stack } from '../join';

export type GridSampleMode = 'bilinear' | 'nearest' | 'bicubic';
export type GridPaddingMode = 'zeros' | 'border' | 'reflection';

export interface GridSampleOptions {
  mode?: GridSampleMode;
  paddingMode?: GridPaddingMode;
  alignCorners?: boolean | null;
}

/** Pixel coordinate of a normalized one in [-1, 1]. */
function unnormalize(c: Tensor, size: number, alignCorners: boolean): Tensor {
  return alignCorners ? c.add(1).div(2).mul(size - 1) : c.add(1).mul(size).sub(1).div(2);
}

/** Clamp to [0, size - 1] with PyTorch's gradient: 0 at and beyond the edges. */
function clip(c: Tensor, size: number): Tensor {
  return where(c.le(0), 0, where(c.ge(size - 1), size - 1, c));
}

/** PyTorch's reflect_coordinates over [twiceLow / 2, twiceHigh / 2]. */
function reflect(c: Tensor, twiceLow: number, twiceHigh: number): Tensor {
  if (twiceLow === twiceHigh) return c.mul(0);
  const min = twiceLow / 2, span = (twiceHigh - twiceLow) / 2;
  const a = c.sub(min).abs();
  const flips = noGrad(() => a.div(span).floor());
  const extra = a.sub(flips.mul(span));
  const even = noGrad(() => flips.remainder(2).eq(0));
  return where(even, extra.add(min), extra.neg().add(span + min));
}

function pad(c: Tensor, size: number, padding: GridPaddingMode, alignCorners: boolean): Tensor {
  if (padding === 'border') return clip(c, size);
  if (padding === 'reflection') return clip(alignCorners ? reflect(c, 0, 2 * (size - 1)) : reflect(c, -1, 2 * size - 1), size);
  return c;
}

const A = -0.75;
function cubic1(x: Tensor): Tensor { return x.mul(A + 2).sub(A + 3).mul(x).mul(x).add(1); }
function cubic2(x: Tensor): Tensor { return x.mul(A).sub(5 * A).mul(x).add(8 * A).mul(x).sub(4 * A); }

/** One tap: integer coordinates per axis (no graph) and its weight (differentiable in the grid). */
interface Tap { coords: Tensor[]; weight: Tensor }

function tapsOf(ix: Tensor[], sizes: readonly number[], mode: GridSampleMode, padding: GridPaddingMode, alignCorners: boolean): Tap[] {
  const nd = ix.length;
  // nearest: weight 1 that still depends on the grid, so the grid gets PyTorch's zero gradient
  if (mode === 'nearest') return [{ coords: ix.map((c) => noGrad(() => c.round())), weight: ix[0]!.mul(0).add(1) }];
  if (mode === 'bilinear') {
    const lo = ix.map((c) => noGrad(() => c.floor()));
    const taps: Tap[] = [];
    for (let bits = 0; bits < 1 << nd; bits++) {
      const up = lo.map((_, a) => (bits >> (nd - 1 - a)) & 1);
      // PyTorch's weights: (lo + 1 - x) for the low tap, (x - lo) for the high one
      const weights = lo.map((l, a) => (up[a] === 1 ? ix[a]!.sub(l) : l.add(1).sub(ix[a]!)));
      const coords = lo.map((l, a) => (up[a] === 1 ? noGrad(() => l.add(1)) : l));
      taps.push({ coords, weight: weights.reduce((p, w) => p.mul(w)) });
    }
    return taps;
  }
  // bicubic (2-D): 4 x 4 taps at lo - 1 + i, each tap coordinate padded on its own
  const lo = ix.map((c) => noGrad(() => c.floor()));
  const coeffs = ix.map((c, a) => {
    const t = c.sub(lo[a]!);
    return [cubic2(t.add(1)), cubic1(t), cubic1(t.neg().add(1)), cubic2(t.neg().add(2))];
  });
  const taps: Tap[] = [];
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      const coords = [i, j].map((k, a) => noGrad(() => pad(lo[a]!.add(k - 1), sizes[a]!, padding, alignCorners)));
      taps.push({ coords, weight: coeffs[0]![i]!.mul(coeffs[1]![j]!) });
    }
  }
  return taps;
}

const MODES = ['bilinear', 'nearest', 'bicubic'];
const PADDINGS = ['zeros', 'border', 'reflection'];

/**
 * F.grid_sample: input [N, C, H, W] (or [N, C, D, H, W]) read at grid [N, Ho, Wo, 2] (x, y in
 * [-1, 1]; [N, Do, Ho, Wo, 3] with z) -> [N, C, Ho, Wo].
 * @example gridSample(x, affineGrid(theta, [1, 3, 8, 8]), { mode: 'bilinear', paddingMode: 'border' })
 */
export function gridSample(input: Tensor, grid: Tensor, opts: GridSampleOptions = {}): Tensor {
  const mode = opts.mode ?? 'bilinear', padding = opts.paddingMode ?? 'zeros', alignCorners = opts.alignCorners ?? false;
  if (!MODES.includes(mode)) throw new Error(`nn.functional.grid_sample(): expected mode to be 'bilinear', 'nearest' or 'bicubic', but got: '${mode}'`);
  if (!PADDINGS.includes(padding)) {
    throw new Error(`nn.functional.grid_sample(): expected padding_mode to be 'zeros', 'border', or 'reflection', but got: '${padding}'`);
  }
  const sizes = (t: Tensor): string => `[${t.shape.join(', ')}]`;
  const r = input.shape.length, nd = r - 2;
  // PyTorch's check order: grid's last dim, empty spatial dims, ranks, batch, dtype
  if (grid.shape[grid.shape.length - 1] !== nd) {
    throw new Error(`grid_sampler(): expected grid to have size ${nd} in last dimension, but got grid with sizes ${sizes(grid)}`);
  }
  for (let i = 2; i < r; i++) {
    if (input.shape[i] === 0) {
      throw new Error(`grid_sampler(): expected input to have non-empty spatial dimensions, but input has sizes ${sizes(input)} with dimension ${i} being empty`);
    }
  }
  if ((r !== 4 && r !== 5) || grid.shape.length !== r) {
    throw new Error(`grid_sampler(): expected 4D or 5D input and grid with same number of dimensions, but got input with sizes ${sizes(input)} and grid with sizes ${sizes(grid)}`);
  }
  if (input.shape[0] !== grid.shape[0]) {
    throw new Error(`grid_sampler(): expected grid and input to have same batch size, but got input with sizes ${sizes(input)} and grid with sizes ${sizes(grid)}`);
  }
  if (input.dtype !== grid.dtype) throw new TypeError(`grid_sampler(): expected input and grid to have same dtype, but input has ${input.dtype} and grid has ${grid.dtype}`);
  if (mode === 'bicubic' && nd !== 2) throw new Error('grid_sampler(): bicubic interpolation only supports 4D input');
  const [n, c] = input.shape as [number, number];
  const spatial = input.shape.slice(2), outSpatial = grid.shape.slice(1, r - 1);
  const plane = spatial.reduce((a, b) => a * b, 1), l = outSpatial.reduce((a, b) => a * b, 1);
  // grid's last dim lists x (W) first: axis a (D, H, W order) reads component nd - 1 - a
  const ix = spatial.map((size, a) => {
    const u = unnormalize(grid.select(r - 1, nd - 1 - a).reshape([n, l]), size, alignCorners);
    return mode === 'bicubic' ? u : pad(u, size, padding, alignCorners);
  });
  const flat = input.reshape([n, c, plane]);
  let out: Tensor | null = null;
  for (const tap of tapsOf(ix, spatial, mode, padding, alignCorners)) {
    const { index, inside } = noGrad(() => {
      let ok = tap.coords[0]!.mul(0).eq(0), lin = tap.coords[0]!.mul(0);
      tap.coords.forEach((k, a) => {
        const last = spatial[a]! - 1;
        ok = ok.logicalAnd(k.ge(0).logicalAnd(k.le(last)));
        lin = lin.mul(spatial[a]!).add(k.clamp(0, last));
      });
      return { index: lin.to('int32').view([n, 1, l]).expand([n, c, l]), inside: ok };
    });
    const values = flat.gather(2, index);
    const w = where(inside, tap.weight, 0);
    const term = values.mul(w.view([n, 1, l]));
    out = out === null ? term : out.add(term);
  }
  return out!.view([n, c, ...outSpatial]);
}

/** PyTorch's linspace_from_neg_one: base-grid coordinates of one axis. */
function axisGrid(steps: number, alignCorners: boolean, dtype: Tensor['dtype']): Tensor {
  if (steps <= 1) return linspace(0, 0, 1, { dtype });
  const range = linspace(-1, 1, steps, { dtype });
  return alignCorners ? range : range.mul(steps - 1).div(steps);
}

/**
 * F.affine_grid: the sampling grid [N, H, W, 2] (or [N, D, H, W, 3]) of the affine maps theta
 * [N, 2, 3] (or [N, 3, 4]) for an output of `size` (AffineGridGeneratorBackward0).
 * @example affineGrid(theta, [1, 3, 8, 8], { alignCorners: false })
 */
export function affineGrid(theta: Tensor, size: readonly number[], opts: { alignCorners?: boolean | null } = {}): Tensor {
  const alignCorners = opts.alignCorners ?? false;
  if (theta.dtype !== 'float32' && theta.dtype !== 'float64') {
    throw new TypeError(`Expected theta to have floating point type, but got ${theta.dtype === 'int32' ? 'int' : theta.dtype}`);
  }
  const fmt = `[${size.join(', ')}]`;
  const nd = size.length - 2;
  if (nd !== 2 && nd !== 3) throw new Error(`affine_grid only supports 4D and 5D sizes, for 2D and 3D affine transforms, respectively. Got size ${fmt}.`);
  const [n] = size as [number];
  if (theta.shape.length !== 3 || theta.shape[0] !== n || theta.shape[1] !== nd || theta.shape[2] !== nd + 1) {
    const want = nd === 2 ? 'Nx2x3' : 'Nx3x4';
    throw new Error(`Expected a batch of ${nd}D affine matrices of shape ${want} for size ${fmt}. Got torch.Size([${theta.shape.join(', ')}]).`);
  }
  if (size.some((v) => v <= 0)) throw new Error(`Expected non-zero, positive output size. Got ${fmt}`);
  const spatial = size.slice(2), l = spatial.reduce((a, b) => a * b, 1);
  // base [l, nd + 1] rows (x, y[, z], 1) with x varying fastest
  const base = noGrad(() => {
    const axes = spatial.map((s) => axisGrid(s, alignCorners, theta.dtype));
    const cols = axes.map((ax, a) => {
      const shape = spatial.map((_, b) => (b === a ? spatial[a]! : 1));
      return ax.view(shape).expand(spatial).reshape([l]);
    }).reverse();
    return stack([...cols, ones([l], { dtype: theta.dtype })], 1);
  });
  const grid = noGrad(() => base.matmul(theta.transpose(1, 2))).view([n, ...spatial, nd]);
  if (needsGrad(theta)) {
    record(grid, 'AffineGridGeneratorBackward0', [theta], [], null, (g) => [g.reshape([n, l, nd]).transpose(1, 2).matmul(base)]);
  }
  return grid;
}
