/**
 * The recurrent cells: one time step of an Elman RNN, an LSTM and a GRU, in PyTorch's CPU order
 * (aten/src/ATen/native/RNN.cpp): the input projection may come precomputed for all steps (the
 * full layers do one matmul over the sequence), the hidden projection is added to it, then the
 * gates. Also the single-step modules RNNCell, LSTMCell and GRUCell.
 */
import { Tensor, empty, zeros, type DType, type DeviceSpec } from '@torchlet/core';
import { checkOptions } from '@torchlet/core/internal';
import { Module } from '../module';
import { Parameter } from '../parameter';
import * as init from '../init';
import * as F from '../functional/index';

/** The activation of an Elman RNN: 'tanh' (the default) or 'relu'. */
export type RnnNonlinearity = 'tanh' | 'relu';

/** One layer-direction's weights, as PyTorch's CellParams (whr only for an LSTM with projSize). */
export interface CellWeights {
  wih: Tensor;
  whh: Tensor;
  bih: Tensor | null;
  bhh: Tensor | null;
  whr: Tensor | null;
}

/** x W_ih^T + b_ih for x of any leading shape: the input side of the gates. */
export function inputGates(x: Tensor, w: CellWeights): Tensor {
  return F.linear(x, w.wih, w.bih);
}

/** h' = act(h W_hh^T + b_hh + gi), gi the input gates of this step. */
export function rnnStep(gi: Tensor, h: Tensor, w: CellWeights, nonlinearity: RnnNonlinearity): Tensor {
  const pre = F.linear(h, w.whh, w.bhh).add(gi);
  return nonlinearity === 'tanh' ? pre.tanh() : pre.relu();
}

/** LSTM step: gates i, f, g, o; c' = f c + i g; h' = o tanh(c') (then W_hr when projecting). */
export function lstmStep(gi: Tensor, h: Tensor, c: Tensor, w: CellWeights): [Tensor, Tensor] {
  const gates = F.linear(h, w.whh, w.bhh).add(gi);
  const [ig, fg, cg, og] = gates.chunk(4, -1) as [Tensor, Tensor, Tensor, Tensor];
  const cy = fg.sigmoid().mul(c).add(ig.sigmoid().mul(cg.tanh()));
  const hy = og.sigmoid().mul(cy.tanh());
  return [w.whr === null ? hy : F.linear(hy, w.whr), cy];
}

/** GRU step: r, z from both sides; n = tanh(gi_n + r (h W_hn + b_hn)); h' = (h - n) z + n. */
export function gruStep(gi: Tensor, h: Tensor, w: CellWeights): Tensor {
  const gh = F.linear(h, w.whh, w.bhh);
  const [ir, iz, inn] = gi.chunk(3, -1) as [Tensor, Tensor, Tensor];
  const [hr, hz, hn] = gh.chunk(3, -1) as [Tensor, Tensor, Tensor];
  const r = hr.add(ir).sigmoid();
  const z = hz.add(iz).sigmoid();
  const n = inn.add(hn.mul(r)).tanh();
  return h.sub(n).mul(z).add(n);
}

/** RNNCell, LSTMCell and GRUCell's keyword arguments. */
export interface CellOptions {
  /** Learn the biases bias_ih and bias_hh (default true). */
  bias?: boolean;
  /** dtype of the parameters (default the default dtype). */
  dtype?: DType;
  /** Device of the parameters (default the default device). */
  device?: DeviceSpec;
}

const CELL_KEYS = ['bias', 'dtype', 'device', 'nonlinearity'] as const;

/** Shared by the cells: weight_ih, weight_hh, bias_ih, bias_hh and PyTorch's uniform init. */
abstract class CellBase<Out> extends Module<[Tensor, (Out | null)?], Out> {
  /** Input-hidden weights [gates * hiddenSize, inputSize] (PyTorch's `weight_ih`). */
  declare weight_ih: Parameter;
  /** Hidden-hidden weights [gates * hiddenSize, hiddenSize]. */
  declare weight_hh: Parameter;
  /** Input-hidden bias [gates * hiddenSize], or null without bias. */
  declare bias_ih: Parameter | null;
  /** Hidden-hidden bias [gates * hiddenSize], or null without bias. */
  declare bias_hh: Parameter | null;

  /**
   * @param inputSize - Features of the input x.
   * @param hiddenSize - Features of the hidden state h.
   * @param bias - Whether the cell has biases.
   */
  constructor(readonly inputSize: number, readonly hiddenSize: number, readonly bias: boolean, gates: number, dtype?: DType, device?: DeviceSpec) {
    super();
    this.registerParameter('weight_ih', new Parameter(empty([gates * hiddenSize, inputSize], { dtype, device })));
    this.registerParameter('weight_hh', new Parameter(empty([gates * hiddenSize, hiddenSize], { dtype, device })));
    this.registerParameter('bias_ih', bias ? new Parameter(empty([gates * hiddenSize], { dtype, device })) : null);
    this.registerParameter('bias_hh', bias ? new Parameter(empty([gates * hiddenSize], { dtype, device })) : null);
    this.resetParameters();
  }

  /** Every parameter uniform in +-1/sqrt(hiddenSize), in registration order (PyTorch's draws). */
  resetParameters(): void {
    const stdv = this.hiddenSize > 0 ? 1 / Math.sqrt(this.hiddenSize) : 0;
    for (const p of this.parameters()) init.uniform_(p, -stdv, stdv);
  }

  /** The cell's parameters in the shape the step functions take. */
  protected weights(): CellWeights {
    return { wih: this.weight_ih, whh: this.weight_hh, bih: this.bias_ih, bhh: this.bias_hh, whr: null };
  }

  /** Checks the input's rank and size; returns whether it is batched (2-D) and the batched input. */
  protected batchedInput(name: string, input: Tensor): [boolean, Tensor] {
    if (input.ndim !== 1 && input.ndim !== 2) {
      throw new Error(`${name}: Expected input to be 1-D or 2-D but received ${input.ndim}-D tensor`);
    }
    if (input.shape[input.ndim - 1] !== this.inputSize) {
      throw new Error(`input has inconsistent input_size: got ${input.shape[input.ndim - 1]} expected ${this.inputSize}`);
    }
    return input.ndim === 2 ? [true, input] : [false, input.unsqueeze(0)];
  }

  /**
   * The hidden state as [batch, hiddenSize]: zeros when not given, else checked against PyTorch's
   * rules.
   */
  protected hidden(name: string, h: Tensor | null | undefined, batched: boolean, batch: number, input: Tensor): Tensor {
    if (h === null || h === undefined) return zeros([batch, this.hiddenSize], { dtype: input.dtype, device: input.device });
    if (h.ndim !== (batched ? 2 : 1)) {
      throw new Error(`${name}: Expected hidden to be ${batched ? 2 : 1}D for ${batched ? 'batched' : 'unbatched'} input, but got ${h.ndim}D instead`);
    }
    const hb = batched ? h : h.unsqueeze(0);
    if (hb.shape[0] !== batch) throw new Error(`Input batch size ${batch} doesn't match hidden0 batch size ${hb.shape[0]}`);
    if (hb.shape[1] !== this.hiddenSize) {
      throw new Error(`hidden0 has inconsistent hidden_size: got ${hb.shape[1]}, expected ${this.hiddenSize}`);
    }
    return hb;
  }

  /** `inputSize, hiddenSize` (and `bias=False`), as PyTorch prints it. */
  override extraRepr(): string {
    let s = `${this.inputSize}, ${this.hiddenSize}`;
    if (!this.bias) s += ', bias=False';
    return s;
  }
}

/**
 * One Elman RNN step: h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh) (or relu).
 * @example const cell = new nn.RNNCell(10, 20); h = cell(x, h);
 */
export class RNNCell extends CellBase<Tensor> {
  /** 'tanh' or 'relu'. */
  readonly nonlinearity: RnnNonlinearity;
  constructor(inputSize: number, hiddenSize: number, bias: boolean | (CellOptions & { nonlinearity?: RnnNonlinearity }) = true,
    nonlinearity: RnnNonlinearity = 'tanh', opts: CellOptions = {}) {
    const o = typeof bias === 'object' ? bias : { ...opts, bias, nonlinearity };
    checkOptions('RNNCell', o, CELL_KEYS);
    super(inputSize, hiddenSize, o.bias ?? true, 1, o.dtype, o.device);
    const nl = o.nonlinearity ?? 'tanh';
    if (nl !== 'tanh' && nl !== 'relu') throw new Error(`Unknown nonlinearity: ${String(nl)}`);
    this.nonlinearity = nl;
  }
  forward(input: Tensor, hx?: Tensor | null): Tensor {
    const [batched, x] = this.batchedInput('RNNCell', input);
    const h = this.hidden('RNNCell', hx, batched, x.shape[0]!, x);
    const w = this.weights();
    const out = rnnStep(inputGates(x, w), h, w, this.nonlinearity);
    return batched ? out : out.squeeze(0);
  }
  /** As the base, plus `nonlinearity=relu` when not tanh. */
  override extraRepr(): string {
    return super.extraRepr() + (this.nonlinearity === 'tanh' ? '' : `, nonlinearity=${this.nonlinearity}`);
  }
}

/**
 * One LSTM step: returns [h', c'].
 * @example const cell = new nn.LSTMCell(10, 20); [h, c] = cell(x, [h, c]);
 */
export class LSTMCell extends CellBase<[Tensor, Tensor]> {
  constructor(inputSize: number, hiddenSize: number, bias: boolean | CellOptions = true, opts: CellOptions = {}) {
    const o = typeof bias === 'object' ? bias : { ...opts, bias };
    checkOptions('LSTMCell', o, ['bias', 'dtype', 'device']);
    super(inputSize, hiddenSize, o.bias ?? true, 4, o.dtype, o.device);
  }
  forward(input: Tensor, hx?: [Tensor, Tensor] | null): [Tensor, Tensor] {
    const [batched, x] = this.batchedInput('LSTMCell', input);
    const b = x.shape[0]!;
    const h = this.hidden('LSTMCell', hx?.[0], batched, b, x);
    const c = this.hidden('LSTMCell', hx?.[1], batched, b, x);
    const w = this.weights();
    const [hy, cy] = lstmStep(inputGates(x, w), h, c, w);
    return batched ? [hy, cy] : [hy.squeeze(0), cy.squeeze(0)];
  }
}

/**
 * One GRU step.
 * @example const cell = new nn.GRUCell(10, 20); h = cell(x, h);
 */
export class GRUCell extends CellBase<Tensor> {
  constructor(inputSize: number, hiddenSize: number, bias: boolean | CellOptions = true, opts: CellOptions = {}) {
    const o = typeof bias === 'object' ? bias : { ...opts, bias };
    checkOptions('GRUCell', o, ['bias', 'dtype', 'device']);
    super(inputSize, hiddenSize, o.bias ?? true, 3, o.dtype, o.device);
  }
  forward(input: Tensor, hx?: Tensor | null): Tensor {
    const [batched, x] = this.batchedInput('GRUCell', input);
    const h = this.hidden('GRUCell', hx, batched, x.shape[0]!, x);
    const w = this.weights();
    const out = gruStep(inputGates(x, w), h, w);
    return batched ? out : out.squeeze(0);
  }
}
