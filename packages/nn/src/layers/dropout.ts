/** Channel dropout modules (Dropout1d/2d/3d), AlphaDropout and FeatureAlphaDropout. */
import type { Tensor } from '@torchlet/core';
import { Module } from '../module';
import * as F from '../functional/index';
import { pyFloat } from '../repr';
import { bindOptions, boolArg, floatArg, type PyArgs } from '@torchlet/core/internal';

type DropoutArgs = PyArgs<[p: number, inplace: boolean], { p?: number; inplace?: boolean }>;

/**
 * _DropoutNd(p=0.5, inplace=False) bound from `args`: p a number in [0, 1] (NaN refused here, where
 * PyTorch would refuse it at the first forward), inplace a bool.
 */
export function dropoutArgs(cls: string, args: readonly unknown[]): [number, boolean] {
  const o = bindOptions<{ p?: number; inplace?: boolean }>(cls, ['p', 'inplace'], args, 0);
  const p = floatArg(cls, 'p', o.p, 0.5);
  if (!(p >= 0 && p <= 1)) throw new Error(`dropout probability has to be between 0 and 1, but got ${pyFloat(p)}`);
  return [p, boolArg(cls, 'inplace', o.inplace, false)];
}

/** PyTorch's _DropoutNd: p checked at construction, `p=0.5, inplace=False` printed. */
abstract class DropoutBase extends Module {
  /** Probability of an element (or channel) being zeroed (default 0.5). */
  readonly p: number;
  /** Compute in place, overwriting the input (default false). */
  readonly inplace: boolean;
  constructor(...args: DropoutArgs) {
    super();
    [this.p, this.inplace] = dropoutArgs(this.constructor.name, args);
  }
  override extraRepr(): string {
    return `p=${pyFloat(this.p)}, inplace=${this.inplace ? 'True' : 'False'}`;
  }
}

/** Zeroes whole channels of [N, C, L] or [C, L] in training. @example new nn.Dropout1d(0.2) */
export class Dropout1d extends DropoutBase {
  forward(input: Tensor): Tensor {
    return F.dropout1d(input, this.p, this.training, { inplace: this.inplace });
  }
}

/** Zeroes whole channels of [N, C, H, W] in training. */
export class Dropout2d extends DropoutBase {
  forward(input: Tensor): Tensor {
    return F.dropout2d(input, this.p, this.training, { inplace: this.inplace });
  }
}

/** Zeroes whole channels of [N, C, D, H, W] or [C, D, H, W] in training. */
export class Dropout3d extends DropoutBase {
  forward(input: Tensor): Tensor {
    return F.dropout3d(input, this.p, this.training, { inplace: this.inplace });
  }
}

/** Alpha dropout (for SELU networks) in training. */
export class AlphaDropout extends DropoutBase {
  forward(input: Tensor): Tensor {
    return F.alphaDropout(input, this.p, this.training, { inplace: this.inplace });
  }
}

/** Alpha dropout of whole channels in training. */
export class FeatureAlphaDropout extends DropoutBase {
  forward(input: Tensor): Tensor {
    return F.featureAlphaDropout(input, this.p, this.training, { inplace: this.inplace });
  }
}
