/** Activation layers and Dropout: thin modules over nn.functional with PyTorch's reprs. */
import type { Tensor } from '@torchlet/core';
import { Module } from '../module';
import * as F from '../functional/index';
import { pyFloat, pyNumber } from '../repr';

/** max(x, 0). @example new nn.ReLU()(x) */
export class ReLU extends Module {
  constructor(readonly inplace = false) {
    super();
  }
  forward(input: Tensor): Tensor {
    return F.relu(input, this.inplace);
  }
  override extraRepr(): string {
    return this.inplace ? 'inplace=True' : '';
  }
}

/** x for x > 0 else negativeSlope * x. */
export class LeakyReLU extends Module {
  constructor(readonly negativeSlope = 0.01) {
    super();
  }
  forward(input: Tensor): Tensor {
    return F.leakyRelu(input, this.negativeSlope);
  }
  override extraRepr(): string {
    return `negative_slope=${pyFloat(this.negativeSlope)}`;
  }
}

/** x for x > 0 else alpha * (exp(x) - 1). */
export class ELU extends Module {
  constructor(readonly alpha = 1.0) {
    super();
  }
  forward(input: Tensor): Tensor {
    return F.elu(input, this.alpha);
  }
  override extraRepr(): string {
    return `alpha=${pyFloat(this.alpha)}`;
  }
}

/** x * Phi(x); `approximate: 'tanh'` for the tanh formula. */
export class GELU extends Module {
  readonly approximate: 'none' | 'tanh';
  constructor(opts: { approximate?: 'none' | 'tanh' } = {}) {
    super();
    this.approximate = opts.approximate ?? 'none';
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
  readonly beta: number;
  readonly threshold: number;
  constructor(opts: { beta?: number; threshold?: number } = {}) {
    super();
    this.beta = opts.beta ?? 1;
    this.threshold = opts.threshold ?? 20;
  }
  forward(input: Tensor): Tensor {
    return F.softplus(input, { beta: this.beta, threshold: this.threshold });
  }
  override extraRepr(): string {
    return `beta=${pyNumber(this.beta)}, threshold=${pyNumber(this.threshold)}`;
  }
}

/** PyTorch's implicit softmax dim when none is given (_get_softmax_dim). */
function softmaxDim(dim: number | null, ndim: number): number {
  if (dim !== null) return dim;
  return ndim === 0 || ndim === 1 || ndim === 3 ? 0 : 1;
}

/** softmax along `dim`. @example new nn.Softmax(1) */
export class Softmax extends Module {
  constructor(readonly dim: number | null = null) {
    super();
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
  constructor(readonly dim: number | null = null) {
    super();
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
 */
export class Dropout extends Module {
  constructor(readonly p = 0.5, readonly inplace = false) {
    super();
    if (p < 0 || p > 1) throw new Error(`dropout probability has to be between 0 and 1, but got ${p}`);
  }
  forward(input: Tensor): Tensor {
    return F.dropout(input, this.p, this.training, { inplace: this.inplace });
  }
  override extraRepr(): string {
    return `p=${pyFloat(this.p)}, inplace=${this.inplace ? 'True' : 'False'}`;
  }
}
