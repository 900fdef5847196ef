/** Upsample, UpsamplingNearest2d, UpsamplingBilinear2d: modules over F.interpolate. */
import type { Tensor } from '@torchlet/core';
import { bindOptions, nnOps, pyFloat, type PyArgs } from '@torchlet/core/internal';
import { Module } from '../module';
import { pyValue } from '../repr';

type Size = number | readonly number[];
type Scale = number | readonly number[];

/** nn.Upsample's keyword arguments (camelCased). */
export interface UpsampleOptions {
  /** Output spatial size (give it or scaleFactor). */
  size?: Size | null;
  /** Multiplier of the spatial size, one or one per dim (give it or size). */
  scaleFactor?: Scale | null;
  /** 'nearest' (default), 'linear', 'bilinear', 'bicubic', 'trilinear'... */
  mode?: nnOps.InterpolateMode;
  /** Align the corner pixels of input and output (linear modes only; default null: false). */
  alignCorners?: boolean | null;
  /** Recompute the scale from the computed output size (default null). */
  recomputeScaleFactor?: boolean | null;
}

/**
 * Resizes [N, C, ...] inputs by `scaleFactor` or to `size` (PyTorch stores the factor as float).
 * @example new nn.Upsample({ scaleFactor: 2, mode: 'bilinear' })
 */
export class Upsample extends Module {
  /** Output spatial size, or null. */
  readonly size: Size | null;
  /** Multiplier of the spatial size, or null. */
  readonly scaleFactor: Scale | null;
  /** The interpolation mode. */
  readonly mode: nnOps.InterpolateMode;
  /** Align corners (linear modes). */
  readonly alignCorners: boolean | null;
  /** Recompute the scale from the output size. */
  readonly recomputeScaleFactor: boolean | null;

  constructor(...args: PyArgs<[
    size: Size | null, scaleFactor: Scale | null, mode: nnOps.InterpolateMode, alignCorners: boolean | null, recomputeScaleFactor: boolean | null,
  ], UpsampleOptions>) {
    super();
    const opts = bindOptions<UpsampleOptions>('Upsample', ['size', 'scaleFactor', 'mode', 'alignCorners', 'recomputeScaleFactor'], args, 0);
    this.size = opts.size ?? null;
    // PyTorch keeps `float(scale_factor) if scale_factor else None`: a 0 factor counts as unset
    const f = opts.scaleFactor ?? null;
    this.scaleFactor = f === 0 ? null : f;
    this.mode = opts.mode ?? 'nearest';
    this.alignCorners = opts.alignCorners ?? null;
    this.recomputeScaleFactor = opts.recomputeScaleFactor ?? null;
  }

  forward(input: Tensor): Tensor {
    return nnOps.interpolate(input, {
      size: this.size, scaleFactor: this.scaleFactor, mode: this.mode, alignCorners: this.alignCorners, recomputeScaleFactor: this.recomputeScaleFactor,
    });
  }

  override extraRepr(): string {
    const f = this.scaleFactor;
    const info = f !== null
      ? `scale_factor=${typeof f === 'number' ? pyFloat(f) : f.length === 1 ? `(${pyFloat(f[0]!)},)` : `(${f.map(pyFloat).join(', ')})`}`
      : `size=${pyValue(this.size)}`;
    return `${info}, mode=${this.mode}`;
  }
}

/** @example new nn.UpsamplingNearest2d({ scaleFactor: 2 }) */
export class UpsamplingNearest2d extends Upsample {
  constructor(...args: PyArgs<[size: Size | null, scaleFactor: Scale | null], { size?: Size | null; scaleFactor?: Scale | null }>) {
    super({ ...bindOptions<{ size?: Size | null; scaleFactor?: Scale | null }>('UpsamplingNearest2d', ['size', 'scaleFactor'], args, 0), mode: 'nearest' });
  }
}

/** Bilinear with alignCorners (the module's fixed choice). @example new nn.UpsamplingBilinear2d({ size: [8, 8] }) */
export class UpsamplingBilinear2d extends Upsample {
  constructor(...args: PyArgs<[size: Size | null, scaleFactor: Scale | null], { size?: Size | null; scaleFactor?: Scale | null }>) {
    const opts = bindOptions<{ size?: Size | null; scaleFactor?: Scale | null }>('UpsamplingBilinear2d', ['size', 'scaleFactor'], args, 0);
    super({ ...opts, mode: 'bilinear', alignCorners: true });
  }
}
