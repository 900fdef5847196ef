/**
 * Padding layers: ZeroPad, ConstantPad, ReflectionPad, ReplicationPad and CircularPad in 1-3
 * spatial dims, each F.pad with a fixed padding (an int pads every side). ZeroPad1d/3d and
 * CircularPad* are PyTorch 2.1's.
 */
import type { Tensor } from '@torchlet/core';
import { Module } from '../module';
import * as F from '../functional/index';
import { pyNumber, pyTuple } from '../repr';

type Padding = number | readonly number[];

/** PyTorch's _pair/_quadruple/_ntuple(6): an int for every side, a sequence as given. */
function sides(p: Padding, dims: number): number[] {
  return typeof p === 'number' ? new Array<number>(2 * dims).fill(p) : p.slice();
}

abstract class PadNd extends Module {
  /** [left, right, top, bottom, ...] per padded dim, from the last dim back (F.pad's order). */
  readonly padding: readonly number[];

  /**
   * @param mode - How the border is filled: 'constant', 'reflect', 'replicate' or 'circular'.
   * @param value - The fill value of constant padding.
   */
  constructor(padding: Padding, dims: number, protected readonly mode: F.PadMode, readonly value = 0) {
    super();
    this.padding = sides(padding, dims);
  }

  forward(input: Tensor): Tensor {
    return F.pad(input, this.padding, this.mode, this.mode === 'constant' ? this.value : undefined);
  }

  override extraRepr(): string {
    return pyTuple(this.padding);
  }
}

abstract class ConstantPadNd extends PadNd {
  /** `padding=(...), value=...`, as PyTorch prints it. */
  override extraRepr(): string {
    return `padding=${pyTuple(this.padding)}, value=${pyNumber(this.value)}`;
  }
}

/** @example new nn.ConstantPad1d([1, 2], 3.5)(x) // [N, C, W] -> [N, C, W + 3] */
export class ConstantPad1d extends ConstantPadNd {
  constructor(padding: Padding, value: number) { super(padding, 1, 'constant', value); }
}
/** @example new nn.ConstantPad2d(1, -1)(x) // one -1 on every side of the last two dims */
export class ConstantPad2d extends ConstantPadNd {
  constructor(padding: Padding, value: number) { super(padding, 2, 'constant', value); }
}
/** @example new nn.ConstantPad3d([1, 1, 0, 0, 2, 0], 0.5) */
export class ConstantPad3d extends ConstantPadNd {
  constructor(padding: Padding, value: number) { super(padding, 3, 'constant', value); }
}

/** @example new nn.ZeroPad1d(2) */
export class ZeroPad1d extends PadNd {
  constructor(padding: Padding) { super(padding, 1, 'constant'); }
}
/** @example new nn.ZeroPad2d([1, 1, 2, 0]) */
export class ZeroPad2d extends PadNd {
  constructor(padding: Padding) { super(padding, 2, 'constant'); }
}
/** @example new nn.ZeroPad3d(1) */
export class ZeroPad3d extends PadNd {
  constructor(padding: Padding) { super(padding, 3, 'constant'); }
}

/** Mirror padding without repeating the edge. @example new nn.ReflectionPad1d(2) */
export class ReflectionPad1d extends PadNd {
  constructor(padding: Padding) { super(padding, 1, 'reflect'); }
}
/** @example new nn.ReflectionPad2d([1, 0, 2, 3]) */
export class ReflectionPad2d extends PadNd {
  constructor(padding: Padding) { super(padding, 2, 'reflect'); }
}
/** @example new nn.ReflectionPad3d(1) */
export class ReflectionPad3d extends PadNd {
  constructor(padding: Padding) { super(padding, 3, 'reflect'); }
}

/** Edge values repeated. @example new nn.ReplicationPad1d([1, 2]) */
export class ReplicationPad1d extends PadNd {
  constructor(padding: Padding) { super(padding, 1, 'replicate'); }
}
/** @example new nn.ReplicationPad2d(2) */
export class ReplicationPad2d extends PadNd {
  constructor(padding: Padding) { super(padding, 2, 'replicate'); }
}
/** @example new nn.ReplicationPad3d(1) */
export class ReplicationPad3d extends PadNd {
  constructor(padding: Padding) { super(padding, 3, 'replicate'); }
}

/** PyTorch 2.1's _CircularPadNd: the input's dim count is checked before padding. */
abstract class CircularPadNd extends PadNd {
  constructor(padding: Padding, private readonly dims: number) { super(padding, dims, 'circular'); }

  /** Pads wrap-around; throws unless the input has dims + 1 or dims + 2 dims. */
  override forward(input: Tensor): Tensor {
    const n = input.shape.length;
    if (n !== this.dims + 1 && n !== this.dims + 2) throw new Error(`expected ${this.dims + 1}D or ${this.dims + 2}D input (got ${n}D input)`);
    return super.forward(input);
  }
}

/** Wrap-around padding. @example new nn.CircularPad1d([2, 1]) */
export class CircularPad1d extends CircularPadNd {
  constructor(padding: Padding) { super(padding, 1); }
}
/** @example new nn.CircularPad2d(1) */
export class CircularPad2d extends CircularPadNd {
  constructor(padding: Padding) { super(padding, 2); }
}
/** @example new nn.CircularPad3d([1, 0, 0, 1, 1, 1]) */
export class CircularPad3d extends CircularPadNd {
  constructor(padding: Padding) { super(padding, 3); }
}
