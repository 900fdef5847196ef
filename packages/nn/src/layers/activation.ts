/** Activation layers and Dropout: thin modules over nn.functional with PyTorch's reprs. */
import type { Tensor } from '@torchlet/core';
import { Module } from '../module';
import * as F from '../functional/index';
import { pyFloat, pyNumber } from '../repr';
import { bindOptions, boolArg, floatArg, type PyArgs } from '@torchlet/core/internal';
import { dropoutArgs } from './dropout';

type InplaceArgs = PyArgs<[inplace: boolean], { inplace?: boolean }>;

/** max(x, 0). @example new nn.ReLU()(x) */
export class ReLU extends Module {
  /** Compute in place, overwriting the input. */
  readonly inplace: boolean;
  constructor(...args: InplaceArgs) {
    super();
    const o = bindOptions<{ inplace?: boolean }>('ReLU', ['inplace'], args, 0);
    this.inplace = boolArg('ReLU', 'inplace', o.inplace, false);
  }
  forward(input: Tensor): Tensor {
    return F.relu(input, this.inplace);
  }
  override extraRepr(): string {
    return this.inplace ? 'inplace=True' : '';
  }
}

/** x for x > 0 else negativeSlope * x. @example new nn.LeakyReLU(0.2); new nn.LeakyReLU({ negativeSlope: 0.2 }) */
export class LeakyReLU extends Module {
  /** Slope for negative inputs (default 0.01). */
  readonly negativeSlope: number;
  /** Compute in place, overwriting the input. */
  readonly inplace: boolean;
  constructor(...args: PyArgs<[negativeSlope: number, inplace: boolean], { negativeSlope?: number; inplace?: boolean }>) {
    super();
    const o = bindOptions<{ negativeSlope?: number; inplace?: boolean }>('LeakyReLU', ['negativeSlope', 'inplace'], args, 0);
    this.negativeSlope = floatArg('leaky_relu', 'negative_slope', o.negativeSlope, 0.01);
    this.inplace = boolArg('LeakyReLU', 'inplace', o.inplace, false);
  }
  forward(input: Tensor): Tensor {
    return this.inplace ? input.leakyRelu_(this.negativeSlope) : F.leakyRelu(input, this.negativeSlope);
  }
  override extraRepr(): string {
    return `negative_slope=${pyFloat(this.negativeSlope)}${this.inplace ? ', inplace=True' : ''}`;
  }
}

/** x for x > 0 else alpha * (exp(x) - 1). */
export class ELU extends Module {
  /** The alpha of alpha * (exp(x) - 1) for x < 0 (default 1). */
  readonly alpha: number;
  /** Compute in place, overwriting the input. */
  readonly inplace: boolean;
  constructor(...args: PyArgs<[alpha: number, inplace: boolean], { alpha?: number; inplace?: boolean }>) {
    super();
    const o = bindOptions<{ alpha?: number; inplace?: boolean }>('ELU', ['alpha', 'inplace'], args, 0);
    this.alpha = floatArg('elu', 'alpha', o.alpha, 1.0);
    this.inplace = boolArg('ELU', 'inplace', o.inplace, false);
    // No elu_ kernel yet: refusing beats silently not writing into the input.
    if (this.inplace) throw new Error('ELU: inplace=True is not supported yet');
  }
  forward(input: Tensor): Tensor {
    return F.elu(input, this.alpha);
  }
  override extraRepr(): string {
    return `alpha=${pyFloat(this.alpha)}${this.inplace ? ', inplace=True' : ''}`;
  }
}

/** x * Phi(x); `approximate: 'tanh'` for the tanh formula. */
export class GELU extends Module {
  /** 'none' (exact, with erf) or 'tanh' (the tanh approximation). */
  readonly approximate: 'none' | 'tanh';
  constructor(...args: PyArgs<[approximate: 'none' | 'tanh'], { approximate?: 'none' | 'tanh' }>) {
    super();
    const o = bindOptions<{ approximate?: 'none' | 'tanh' }>('GELU', ['approximate'], args, 0);
    const approximate = o.approximate ?? 'none';
    if (approximate !== 'none' && approximate !== 'tanh') throw new Error(`approximate argument must be either none or tanh.`);
    this.approximate = approximate;
  }
  forward(input: Tensor): Tensor {
    return F.gelu(input, { approximate: this.approximate });
  }
  override extraRepr(): string {
    return `approximate='${this.approximate}'`;
  }
}

/** x * sigmoid(x). */
export class SiLU extends Module {
  forward(input: Tensor): Tensor {
    return F.silu(input);
  }
}

export class Sigmoid extends Module {
  forward(input: Tensor): Tensor {
    return F.sigmoid(input);
  }
}

export class Tanh extends Module {
  forward(input: Tensor): Tensor {
    return F.tanh(input);
  }
}

/** log(1 + exp(beta x)) / beta, linear above threshold. */
export class Softplus extends Module {
  /** The beta of log(1 + exp(beta x)) / beta (default 1). */
  readonly beta: number;
  /** Above beta * x > threshold the output is x (default 20). */
  readonly threshold: number;
  constructor(...args: PyArgs<[beta: number, threshold: number], { beta?: number; threshold?: number }>) {
    super();
    const o = bindOptions<{ beta?: number; threshold?: number }>('Softplus', ['beta', 'threshold'], args, 0);
    this.beta = floatArg('softplus', 'beta', o.beta, 1);
    this.threshold = floatArg('softplus', 'threshold', o.threshold, 20);
  }
  forward(input: Tensor): Tensor {
    return F.softplus(input, { beta: this.beta, threshold: this.threshold });
  }
  override extraRepr(): string {
    return `beta=${pyNumber(this.beta)}, threshold=${pyNumber(this.threshold)}`;
  }
}

/** Softmax(dim) / Softmax({ dim }): an int or null (PyTorch's implicit dim). */
function softmaxDimArg(cls: string, args: readonly unknown[]): number | null {
  const o = bindOptions<{ dim?: number | null }>(cls, ['dim'], args, 0);
  if (o.dim === undefined || o.dim === null) return null;
  if (typeof o.dim !== 'number' || !Number.isSafeInteger(o.dim)) {
    throw new TypeError(`${cls.toLowerCase()}() received an invalid combination of arguments - got (${typeof o.dim === 'number' ? 'float' : typeof o.dim}), but expected one of: (int dim, torch.dtype dtype)`);
  }
  return o.dim;
}

/** PyTorch's implicit softmax dim when none is given (_get_softmax_dim). */
function softmaxDim(dim: number | null, ndim: number): number {
  if (dim !== null) return dim;
  return ndim === 0 || ndim === 1 || ndim === 3 ? 0 : 1;
}

/** softmax along `dim`. @example new nn.Softmax(1); new nn.Softmax({ dim: 1 }) */
export class Softmax extends Module {
  /** The dimension softmax is computed along (null: PyTorch's implicit choice). */
  readonly dim: number | null;
  constructor(...args: PyArgs<[dim: number | null], { dim?: number | null }>) {
    super();
    this.dim = softmaxDimArg('Softmax', args);
  }
  forward(input: Tensor): Tensor {
    return F.softmax(input, softmaxDim(this.dim, input.shape.length));
  }
  override extraRepr(): string {
    return `dim=${this.dim ?? 'None'}`;
  }
}

/** log(softmax) along `dim`. @example new nn.LogSoftmax(1) */
export class LogSoftmax extends Module {
  /** The dimension log-softmax is computed along (null: PyTorch's implicit choice). */
  readonly dim: number | null;
  constructor(...args: PyArgs<[dim: number | null], { dim?: number | null }>) {
    super();
    this.dim = softmaxDimArg('LogSoftmax', args);
  }
  forward(input: Tensor): Tensor {
    return F.logSoftmax(input, softmaxDim(this.dim, input.shape.length));
  }
  override extraRepr(): string {
    return `dim=${this.dim ?? 'None'}`;
  }
}

/**
 * Zeroes elements with probability p in training mode (scaling the rest by 1/(1-p)); the
 * identity in eval mode.
 * @example const drop = new nn.Dropout(0.2); drop.eval(); drop(x) === x
 * @example new nn.Dropout({ p: 0.2 }) // the same (PyTorch's nn.Dropout(p=0.2))
 */
export class Dropout extends Module {
  /** Probability of an element being zeroed (default 0.5). */
  readonly p: number;
  /** Compute in place, overwriting the input. */
  readonly inplace: boolean;
  constructor(...args: PyArgs<[p: number, inplace: boolean], { p?: number; inplace?: boolean }>) {
    super();
    [this.p, this.inplace] = dropoutArgs('Dropout', args);
  }
  forward(input: Tensor): Tensor {
    return F.dropout(input, this.p, this.training, { inplace: this.inplace });
  }
  override extraRepr(): string {
    return `p=${pyFloat(this.p)}, inplace=${this.inplace ? 'True' : 'False'}`;
  }
}
