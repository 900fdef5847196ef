/**
 * nn.RNN, nn.LSTM and nn.GRU: stacked, optionally bidirectional recurrent layers over padded
 * [T, B, *] / [B, T, *] batches, unbatched [T, *] sequences or PackedSequences, as PyTorch's CPU
 * path runs them (aten/src/ATen/native/RNN.cpp): per layer and direction one input projection for
 * the whole sequence, then a cell step per time step; dropout between layers in training.
 * Parameter names, shapes and draw order are PyTorch's, so state dicts move both ways.
 */
import { Tensor, cat, empty, stack, zeros, type DType, type DeviceSpec } from '@torchlet/core';
import { bindArgs } from '@torchlet/core/internal';
import { Module } from '../module';
import { Parameter } from '../parameter';
import * as init from '../init';
import * as F from '../functional/index';
import { pyFloat } from '../repr';
import { PackedSequence } from '../utils-rnn';
import { gruStep, inputGates, lstmStep, rnnStep, type CellWeights, type RnnNonlinearity } from './rnn-cells';

type Mode = 'RNN_TANH' | 'RNN_RELU' | 'LSTM' | 'GRU';

/** RNN, LSTM and GRU's keyword arguments (camelCased). */
export interface RNNOptions {
  /** Number of stacked layers (default 1). */
  numLayers?: number;
  /** Learn the biases b_ih and b_hh (default true). */
  bias?: boolean;
  /** Input and output are [B, T, *] instead of [T, B, *] (default false). */
  batchFirst?: boolean;
  /** Dropout on each layer's output except the last, in training (default 0). */
  dropout?: number;
  /** Run a reverse direction too and concatenate the outputs (default false). */
  bidirectional?: boolean;
  /** dtype of the parameters (default the default dtype). */
  dtype?: DType;
  /** Device of the parameters (default the default device). */
  device?: DeviceSpec;
}
/** LSTM's keyword arguments. */
export interface LSTMOptions extends RNNOptions {
  /** With projSize > 0, h is projected to this size (LSTM with projections; default 0). */
  projSize?: number;
}
/** RNN's keyword arguments. */
export interface ElmanOptions extends RNNOptions {
  /** 'tanh' (default) or 'relu'. */
  nonlinearity?: RnnNonlinearity;
}

/** A step's state: h alone, or [h, c] for an LSTM. */
type State = [Tensor, Tensor | null];

const BASE_KEYS = ['numLayers', 'bias', 'batchFirst', 'dropout', 'bidirectional', 'dtype', 'device'];

/** PyTorch's own error for projections outside an LSTM (before the unknown-key check). */
function rejectProjSize(args: readonly unknown[]): void {
  const last = args[args.length - 1];
  if (typeof last === 'object' && last !== null && 'projSize' in last) {
    throw new Error('proj_size argument is only supported for LSTM, not RNN or GRU');
  }
}

abstract class RNNBase<H> extends Module<[Tensor | PackedSequence, (H | null)?], [Tensor | PackedSequence, H]> {
  /** Number of stacked layers. */
  readonly numLayers: number;
  /** Whether the layers have biases. */
  readonly bias: boolean;
  /** Whether input and output are [B, T, *]. */
  readonly batchFirst: boolean;
  /** Dropout between layers, in training. */
  readonly dropout: number;
  /** Whether a reverse direction runs too. */
  readonly bidirectional: boolean;
  /** LSTM projection size (0: none). */
  readonly projSize: number;
  private readonly flatNames: string[][] = [];

  /**
   * @param mode - PyTorch's mode string: 'RNN_TANH', 'RNN_RELU', 'LSTM' or 'GRU'.
   * @param inputSize - Features of the input x.
   * @param hiddenSize - Features of the hidden state h.
   */
  constructor(readonly mode: Mode, readonly inputSize: number, readonly hiddenSize: number, o: LSTMOptions) {
    super();
    this.numLayers = o.numLayers ?? 1;
    this.bias = o.bias ?? true;
    this.batchFirst = o.batchFirst ?? false;
    const dropout = o.dropout ?? 0;
    this.bidirectional = o.bidirectional ?? false;
    this.projSize = o.projSize ?? 0;
    if (typeof dropout !== 'number' || !(dropout >= 0 && dropout <= 1)) {
      throw new Error('dropout should be a number in range [0, 1] representing the probability of an element being zeroed');
    }
    this.dropout = dropout;
    if (!Number.isInteger(this.numLayers) || this.numLayers < 1) throw new Error(`num_layers should be a positive integer, got ${this.numLayers}`);
    if (this.projSize < 0) throw new Error('proj_size should be a positive integer or zero to disable projections');
    if (this.projSize >= hiddenSize) throw new Error('proj_size has to be smaller than hidden_size');
    const gates = mode === 'LSTM' ? 4 : mode === 'GRU' ? 3 : 1;
    const dirs = this.bidirectional ? 2 : 1;
    const real = this.realHiddenSize;
    const { dtype, device } = o;
    for (let layer = 0; layer < this.numLayers; layer++) {
      for (let dir = 0; dir < dirs; dir++) {
        const inSize = layer === 0 ? inputSize : real * dirs;
        const sfx = `_l${layer}${dir === 1 ? '_reverse' : ''}`;
        const names = [`weight_ih${sfx}`, `weight_hh${sfx}`];
        this.registerParameter(names[0]!, new Parameter(empty([gates * hiddenSize, inSize], { dtype, device })));
        this.registerParameter(names[1]!, new Parameter(empty([gates * hiddenSize, real], { dtype, device })));
        if (this.bias) {
          names.push(`bias_ih${sfx}`, `bias_hh${sfx}`);
          this.registerParameter(`bias_ih${sfx}`, new Parameter(empty([gates * hiddenSize], { dtype, device })));
          this.registerParameter(`bias_hh${sfx}`, new Parameter(empty([gates * hiddenSize], { dtype, device })));
        }
        if (this.projSize > 0) {
          names.push(`weight_hr${sfx}`);
          this.registerParameter(`weight_hr${sfx}`, new Parameter(empty([this.projSize, hiddenSize], { dtype, device })));
        }
        this.flatNames.push(names);
      }
    }
    this.resetParameters();
  }

  /** The size of h: projSize when projecting, else hiddenSize. */
  get realHiddenSize(): number {
    return this.projSize > 0 ? this.projSize : this.hiddenSize;
  }

  /** Every parameter uniform in +-1/sqrt(hiddenSize), in registration order (PyTorch's draws). */
  resetParameters(): void {
    const stdv = this.hiddenSize > 0 ? 1 / Math.sqrt(this.hiddenSize) : 0;
    for (const p of this.parameters()) init.uniform_(p, -stdv, stdv);
  }

  /** The weights of layer `layer`, direction `dir`, read by name (so loadStateDict and assignment are seen). */
  private weights(layer: number, dir: number): CellWeights {
    const sfx = `_l${layer}${dir === 1 ? '_reverse' : ''}`;
    const names = this.flatNames[layer * (this.bidirectional ? 2 : 1) + dir]!;
    const p = (name: string): Tensor | null => (names.includes(name + sfx) ? this.getParameter(name + sfx) : null);
    const req = (name: string): Tensor => this.getParameter(name + sfx);
    return { wih: req('weight_ih'), whh: req('weight_hh'), bih: p('bias_ih'), bhh: p('bias_hh'), whr: p('weight_hr') };
  }

  /** One direction of one layer over a padded [T, B, *] input: outputs [T, B, H] and the final state. */
  private runPadded(x: Tensor, state: State, w: CellWeights, reverse: boolean): [Tensor, State] {
    const gi = inputGates(x, w);
    const steps = x.shape[0]!;
    const outs = new Array<Tensor>(steps);
    let s = state;
    for (let k = 0; k < steps; k++) {
      const t = reverse ? steps - 1 - k : k;
      s = this.step(gi.select(0, t), s, w);
      outs[t] = s[0];
    }
    return [steps === 0 ? x.narrow(2, 0, 0) : stack(outs, 0), s];
  }

  /**
   * One direction of one layer over packed data [N, *]: rows of finished sequences leave the state
   * as the batch shrinks (forward) or join from the initial state as it grows (reverse).
   */
  private runPacked(data: Tensor, sizes: readonly number[], state: State, w: CellWeights, reverse: boolean): [Tensor, State] {
    const gi = inputGates(data, w);
    const starts: number[] = [];
    let off = 0;
    for (const bs of sizes) { starts.push(off); off += bs; }
    const outs = new Array<Tensor>(sizes.length);
    const rows = (s: State, from: number, n: number): State => [s[0].narrow(0, from, n), s[1]?.narrow(0, from, n) ?? null];
    if (!reverse) {
      const done: State[] = [];
      let s = state;
      let last = sizes[0] ?? 0;
      sizes.forEach((bs, t) => {
        if (bs < last) { done.push(rows(s, bs, last - bs)); s = rows(s, 0, bs); }
        last = bs;
        s = this.step(gi.narrow(0, starts[t]!, bs), s, w);
        outs[t] = s[0];
      });
      done.push(s);
      done.reverse();
      const c0 = done[0]![1];
      return [cat(outs, 0), [cat(done.map((d) => d[0]), 0), c0 === null ? null : cat(done.map((d) => d[1]!), 0)]];
    }
    let last = sizes[sizes.length - 1] ?? 0;
    let s = rows(state, 0, last);
    for (let t = sizes.length - 1; t >= 0; t--) {
      const bs = sizes[t]!;
      if (bs > last) {
        const more = rows(state, last, bs - last);
        s = [cat([s[0], more[0]], 0), s[1] === null ? null : cat([s[1], more[1]!], 0)];
      }
      last = bs;
      s = this.step(gi.narrow(0, starts[t]!, bs), s, w);
      outs[t] = s[0];
    }
    return [cat(outs, 0), s];
  }

  private step(gi: Tensor, [h, c]: State, w: CellWeights): State {
    switch (this.mode) {
      case 'LSTM': return lstmStep(gi, h, c!, w);
      case 'GRU': return [gruStep(gi, h, w), null];
      case 'RNN_TANH': return [rnnStep(gi, h, w, 'tanh'), null];
      case 'RNN_RELU': return [rnnStep(gi, h, w, 'relu'), null];
    }
  }

  /** All layers: input [T, B, I] (or packed data [N, I]); h0/c0 [L*D, B, *]; returns output and hN/cN. */
  protected run(x: Tensor, sizes: readonly number[] | null, h0: Tensor, c0: Tensor | null): [Tensor, Tensor, Tensor | null] {
    const dirs = this.bidirectional ? 2 : 1;
    const hN: Tensor[] = [], cN: Tensor[] = [];
    let input = x;
    for (let layer = 0; layer < this.numLayers; layer++) {
      const outs: Tensor[] = [];
      for (let dir = 0; dir < dirs; dir++) {
        const i = layer * dirs + dir;
        const state: State = [h0.select(0, i), c0?.select(0, i) ?? null];
        const w = this.weights(layer, dir);
        const [out, s] = sizes === null ? this.runPadded(input, state, w, dir === 1) : this.runPacked(input, sizes, state, w, dir === 1);
        outs.push(out);
        hN.push(s[0]);
        if (s[1] !== null) cN.push(s[1]);
      }
      input = dirs === 1 ? outs[0]! : cat(outs, -1);
      if (this.dropout > 0 && this.training && layer < this.numLayers - 1) input = F.dropout(input, this.dropout, true);
    }
    return [input, stack(hN, 0), c0 === null ? null : stack(cN, 0)];
  }

  /** The input's checks and layout: [T, B, I] steps (or packed data), batch size, batched flag. */
  protected prepare(input: Tensor | PackedSequence): {
    /** The steps [T, B, I], or the packed data [N, I]. */
    x: Tensor;
    /** The packed batch sizes, or null for a padded input. */
    sizes: number[] | null;
    /** The batch size B. */
    batch: number;
    /** False for an unbatched [T, I] input. */
    batched: boolean;
    /** The packed input, or null. */
    packed: PackedSequence | null;
  } {
    if (input instanceof PackedSequence) {
      const sizes = Array.from(input.batchSizes.toTypedArray(), Number);
      this.checkInput(input.data, 2);
      return { x: input.data, sizes, batch: sizes[0] ?? 0, batched: true, packed: input };
    }
    const batched = input.ndim === 3;
    const batchDim = this.batchFirst ? 0 : 1;
    let x = batched ? input : input.unsqueeze(batchDim);
    this.checkInput(x, 3);
    if (this.batchFirst) x = x.transpose(0, 1);
    return { x, sizes: null, batch: x.shape[1]!, batched, packed: null };
  }

  private checkInput(x: Tensor, dims: number): void {
    if (x.ndim !== dims) throw new Error(`input must have ${dims} dimensions, got ${x.ndim}`);
    if (x.shape[x.ndim - 1] !== this.inputSize) {
      throw new Error(`input.size(-1) must be equal to input_size. Expected ${this.inputSize}, got ${x.shape[x.ndim - 1]}`);
    }
  }

  /** A given initial state, batched and in the packed order, checked; zeros when absent. */
  protected initial(h: Tensor | null | undefined, batched: boolean, size: number, batch: number, like: Tensor,
    packed: PackedSequence | null, what: string): Tensor {
    const expected = [this.numLayers * (this.bidirectional ? 2 : 1), batch, size];
    if (h === null || h === undefined) return zeros(expected, { dtype: like.dtype, device: like.device });
    let hb = h;
    if (packed === null && !batched) hb = h.unsqueeze(1);
    if (packed?.sortedIndices != null) hb = hb.indexSelect(1, packed.sortedIndices);
    if (hb.ndim !== 3 || hb.shape.some((d, i) => d !== expected[i])) {
      throw new Error(`Expected ${what} size (${expected.join(', ')}), got [${hb.shape.join(', ')}]`);
    }
    return hb;
  }

  /** The output in the caller's layout: packed again, or batch-first / unbatched as the input was. */
  protected finish(out: Tensor, prep: { batched: boolean; packed: PackedSequence | null }): Tensor | PackedSequence {
    if (prep.packed !== null) return prep.packed.withData(out);
    const o = this.batchFirst ? out.transpose(0, 1) : out;
    return prep.batched ? o : o.squeeze(this.batchFirst ? 0 : 1);
  }

  /** hN in the caller's batch order (and unbatched when the input was). */
  protected finishState(h: Tensor, prep: { batched: boolean; packed: PackedSequence | null }): Tensor {
    const un = prep.packed?.unsortedIndices ?? null;
    if (un !== null) return h.indexSelect(1, un);
    return prep.batched ? h : h.squeeze(1);
  }

  /** Throws PyTorch's error when hx is not 3-D (batched) or 2-D (unbatched). */
  protected checkHiddenRank(hx: Tensor, batched: boolean): void {
    if (batched && hx.ndim !== 3) throw new Error(`For batched 3-D input, hx should also be 3-D but got ${hx.ndim}-D tensor`);
    if (!batched && hx.ndim !== 2) throw new Error(`For unbatched 2-D input, hx should also be 2-D but got ${hx.ndim}-D tensor`);
  }

  override extraRepr(): string {
    let s = `${this.inputSize}, ${this.hiddenSize}`;
    if (this.projSize !== 0) s += `, proj_size=${this.projSize}`;
    if (this.numLayers !== 1) s += `, num_layers=${this.numLayers}`;
    if (!this.bias) s += ', bias=False';
    if (this.batchFirst) s += ', batch_first=True';
    if (this.dropout !== 0) s += `, dropout=${pyFloat(this.dropout)}`;
    if (this.bidirectional) s += ', bidirectional=True';
    return s;
  }
}

/** RNN and GRU: one hidden state. */
abstract class SingleStateRNN extends RNNBase<Tensor> {
  forward(input: Tensor | PackedSequence, hx?: Tensor | null): [Tensor | PackedSequence, Tensor] {
    const prep = this.prepare(input);
    if (hx !== null && hx !== undefined && prep.packed === null) this.checkHiddenRank(hx, prep.batched);
    const h0 = this.initial(hx, prep.batched, this.hiddenSize, prep.batch, prep.x, prep.packed, 'hidden');
    const [out, hN] = this.run(prep.x, prep.sizes, h0, null);
    return [this.finish(out, prep), this.finishState(hN, prep)];
  }
}

/**
 * Elman RNN: h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh) (or relu), stacked.
 * @example const rnn = new nn.RNN(10, 20, 2); const [output, hN] = rnn(x, h0);
 */
export class RNN extends SingleStateRNN {
  /** 'tanh' or 'relu'. */
  readonly nonlinearity: RnnNonlinearity;
  constructor(inputSize: number, hiddenSize: number, ...args: (number | boolean | string | ElmanOptions)[]) {
    rejectProjSize(args);
    const o = bindArgs('RNN', ['numLayers', 'nonlinearity', 'bias', 'batchFirst', 'dropout', 'bidirectional', ...BASE_KEYS.slice(5)], args) as ElmanOptions;
    const nl = o.nonlinearity ?? 'tanh';
    if (nl !== 'tanh' && nl !== 'relu') throw new Error(`Unknown nonlinearity '${String(nl)}'`);
    super(nl === 'tanh' ? 'RNN_TANH' : 'RNN_RELU', inputSize, hiddenSize, o);
    this.nonlinearity = nl;
  }
}

/**
 * Gated recurrent unit, stacked: r, z gates and the candidate n (PyTorch's equations).
 * @example const gru = new nn.GRU(10, 20, { numLayers: 2, batchFirst: true }); const [output, hN] = gru(x);
 */
export class GRU extends SingleStateRNN {
  constructor(inputSize: number, hiddenSize: number, ...args: (number | boolean | RNNOptions)[]) {
    rejectProjSize(args);
    const o = bindArgs('GRU', BASE_KEYS, args) as RNNOptions;
    super('GRU', inputSize, hiddenSize, o);
  }
}

/**
 * Long short-term memory, stacked, with optional projections (projSize): returns
 * [output, [hN, cN]].
 * @example const lstm = new nn.LSTM(10, 20, 2); const [output, [hN, cN]] = lstm(x, [h0, c0]);
 */
export class LSTM extends RNNBase<[Tensor, Tensor]> {
  constructor(inputSize: number, hiddenSize: number, ...args: (number | boolean | LSTMOptions)[]) {
    const o = bindArgs('LSTM', [...BASE_KEYS.slice(0, 5), 'projSize', 'dtype', 'device'], args) as LSTMOptions;
    super('LSTM', inputSize, hiddenSize, o);
  }

  forward(input: Tensor | PackedSequence, hx?: [Tensor, Tensor] | null): [Tensor | PackedSequence, [Tensor, Tensor]] {
    const prep = this.prepare(input);
    if (hx !== null && hx !== undefined && prep.packed === null) {
      const [h, c] = hx;
      const want = prep.batched ? 3 : 2;
      if (h.ndim !== want || c.ndim !== want) {
        throw new Error(`For ${prep.batched ? 'batched 3-D' : 'unbatched 2-D'} input, hx and cx should also be ${want}-D but got (${h.ndim}-D, ${c.ndim}-D) tensors`);
      }
    }
    const h0 = this.initial(hx?.[0], prep.batched, this.realHiddenSize, prep.batch, prep.x, prep.packed, 'hidden[0]');
    const c0 = this.initial(hx?.[1], prep.batched, this.hiddenSize, prep.batch, prep.x, prep.packed, 'hidden[1]');
    const [out, hN, cN] = this.run(prep.x, prep.sizes, h0, c0);
    return [this.finish(out, prep), [this.finishState(hN, prep), this.finishState(cN!, prep)]];
  }
}
