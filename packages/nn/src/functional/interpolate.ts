/** F.interpolate (and its deprecated aliases F.upsampleNearest / F.upsampleBilinear), F.gridSample, F.affineGrid. */
import type { Tensor } from '@torchlet/core';
import { bindOptions, checkOptions, nnOps, type PyArgs } from '@torchlet/core/internal';

/**
 * F.interpolate's modes: 'nearest', 'nearest-exact', 'linear', 'bilinear', 'bicubic', 'trilinear',
 * 'area'.
 */
export type InterpolateMode = nnOps.InterpolateMode;
/**
 * F.interpolate's keyword arguments: size or scaleFactor, mode (default 'nearest'), alignCorners,
 * recomputeScaleFactor.
 */
export type InterpolateOptions = nnOps.InterpolateOptions;
type Size = number | readonly number[];

/** PyTorch's order: interpolate(input, size, scale_factor, mode, align_corners, recompute_scale_factor). */
const KEYS: (keyof InterpolateOptions)[] = ['size', 'scaleFactor', 'mode', 'alignCorners', 'recomputeScaleFactor'];
type Scale = number | readonly number[] | null;

/**
 * Resizes the spatial dims of [N, C, ...] (1 to 3 of them) to `size` or by `scaleFactor`. With a
 * scale factor (and recomputeScaleFactor unset) the source index uses 1/scaleFactor, as PyTorch's.
 * @example interpolate(x, { scaleFactor: 2, mode: 'bilinear' }); interpolate(x, [5, 7], { mode: 'bicubic', alignCorners: true })
 * @example interpolate(x, null, 2, 'bilinear', false) // PyTorch's positional order
 */
export function interpolate(input: Tensor, ...args: PyArgs<[
  size: Size | null, scaleFactor: Scale, mode: InterpolateMode, alignCorners: boolean | null, recomputeScaleFactor: boolean | null,
], InterpolateOptions>): Tensor {
  return nnOps.interpolate(input, bindOptions<InterpolateOptions>('interpolate', KEYS, args, 1));
}

/** Deprecated F.upsample_nearest: interpolate with mode 'nearest'. */
export function upsampleNearest(input: Tensor, opts: { size?: Size | null; scaleFactor?: number | readonly number[] | null } = {}): Tensor {
  checkOptions('upsample_nearest', opts, ['size', 'scaleFactor']);
  return nnOps.interpolate(input, { ...opts, mode: 'nearest' });
}

/** Deprecated F.upsample_bilinear: interpolate with mode 'bilinear' and alignCorners. */
export function upsampleBilinear(input: Tensor, opts: { size?: Size | null; scaleFactor?: number | readonly number[] | null } = {}): Tensor {
  checkOptions('upsample_bilinear', opts, ['size', 'scaleFactor']);
  return nnOps.interpolate(input, { ...opts, mode: 'bilinear', alignCorners: true });
}

/**
 * F.grid_sample's keyword arguments: mode ('bilinear', 'nearest', 'bicubic'), paddingMode ('zeros',
 * 'border', 'reflection'), alignCorners (default false).
 */
export type GridSampleOptions = nnOps.GridSampleOptions;

/**
 * Samples input [N, C, H, W] (or 5-D) at the normalized grid [N, Ho, Wo, 2] (x, y in [-1, 1]).
 * @example gridSample(x, grid, { mode: 'bilinear', paddingMode: 'reflection', alignCorners: true })
 */
export function gridSample(input: Tensor, grid: Tensor, opts: GridSampleOptions = {}): Tensor {
  checkOptions('grid_sample', opts, ['mode', 'paddingMode', 'alignCorners']);
  return nnOps.gridSample(input, grid, opts);
}

/**
 * The sampling grid of affine maps theta [N, 2, 3] (or [N, 3, 4]) for an output of `size`.
 * @example affineGrid(theta, [1, 3, 8, 8], { alignCorners: false })
 */
export function affineGrid(theta: Tensor, size: readonly number[], opts: { alignCorners?: boolean | null } = {}): Tensor {
  checkOptions('affine_grid', opts, ['alignCorners']);
  return nnOps.affineGrid(theta, size, opts);
}
