/**
 * nn.RNN / LSTM / GRU, the cells and nn.utils.rnn against PyTorch (tools/parity/nn_rnn.py):
 * weights after manualSeed, outputs, final states and every gradient; padded, batch-first,
 * unbatched, bidirectional, projected, packed (unsorted) and dropout-in-training cases.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Tensor, manualSeed, randn, type DType } from '@torchlet/core';
import * as nn from '../src/index';
import { camel, expectClose, float64Gradcheck, fromJson, type TensorJson } from './helpers';

const { PackedSequence, packPaddedSequence, padPackedSequence, padSequence, packSequence, unpackSequence } = nn.utils.rnn;

interface LayerCase {
  kind: 'RNN' | 'LSTM' | 'GRU'; seed: number; inputSize: number; hidden: number; opts: Record<string, unknown>;
  train: boolean; params: Record<string, TensorJson>; x: TensorJson; unbatched: boolean; lengths: number[] | null;
  out: TensorJson; state: TensorJson[]; wOut: TensorJson; wState: TensorJson[]; gradX: TensorJson;
  gradParams: Record<string, TensorJson>; outLengths?: TensorJson; h0?: TensorJson[]; gradH0?: TensorJson[];
}
interface CellCase {
  kind: 'RNNCell' | 'LSTMCell' | 'GRUCell'; seed: number; inputSize: number; hidden: number; opts: Record<string, unknown>;
  params: Record<string, TensorJson>; x: TensorJson; states: TensorJson[]; out: TensorJson[]; w: TensorJson[];
  gradX: TensorJson; gradStates: TensorJson[]; gradParams: Record<string, TensorJson>;
}
interface UtilCase {
  fn: 'padSequence' | 'packSequence'; seqs: TensorJson[]; batchFirst?: boolean; paddingValue?: number; out?: TensorJson;
  enforceSorted?: boolean; data?: TensorJson; batchSizes?: TensorJson; sortedIndices?: TensorJson;
  unsortedIndices?: TensorJson; padded?: TensorJson; lengths?: TensorJson;
}
const FIX = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'nn-rnn.json'), 'utf8')) as {
  layers: LayerCase[]; cells: CellCase[]; utils: UtilCase[]; reprs: Record<string, string>;
};

type AnyRnn = nn.RNN | nn.LSTM | nn.GRU;

function makeLayer(c: LayerCase): AnyRnn {
  const o = camel(c.opts);
  if (c.kind === 'LSTM') return new nn.LSTM(c.inputSize, c.hidden, o);
  if (c.kind === 'GRU') return new nn.GRU(c.inputSize, c.hidden, o);
  return new nn.RNN(c.inputSize, c.hidden, o);
}

function asTensor(v: Tensor | InstanceType<typeof PackedSequence>): Tensor {
  if (v instanceof Tensor) return v;
  throw new Error('expected a tensor');
}

/** Runs a layer case; returns the output (padded), the state list and the loss of the fixture's weights. */
function runLayer(m: AnyRnn, c: LayerCase, x: Tensor, h0: Tensor[] | null): { out: Tensor; state: Tensor[]; lengths?: Tensor } {
  const bf = Boolean(c.opts.batch_first);
  const input = c.lengths === null ? x : packPaddedSequence(x, c.lengths, { batchFirst: bf, enforceSorted: false });
  let out: Tensor, state: Tensor[], lengths: Tensor | undefined;
  if (m instanceof nn.LSTM) {
    const [o, [h, cc]] = m(input, h0 === null ? null : [h0[0]!, h0[1]!]);
    state = [h, cc];
    if (o instanceof PackedSequence) [out, lengths] = padPackedSequence(o, { batchFirst: bf });
    else out = o;
  } else {
    const [o, h] = m(input, h0 === null ? null : h0[0]!);
    state = [h];
    if (o instanceof PackedSequence) [out, lengths] = padPackedSequence(o, { batchFirst: bf });
    else out = asTensor(o);
  }
  return { out, state, lengths };
}

describe('nn.RNN / LSTM / GRU match PyTorch', () => {
  for (const c of FIX.layers) {
    const label = `${c.kind} seed ${c.seed} ${JSON.stringify(c.opts)}${c.unbatched ? ' unbatched' : ''}${c.lengths ? ` packed ${c.lengths.join(',')}` : ''}${c.train ? ' train' : ''}`;
    it(label, () => {
      manualSeed(c.seed);
      const m = makeLayer(c);
      const sd = m.stateDict();
      expect(Object.keys(sd)).toEqual(Object.keys(c.params));
      for (const [k, v] of Object.entries(c.params)) expectClose(sd[k]!, v, 0, 0);
      m.train(c.train);
      const x = fromJson(c.x).requiresGrad_(true);
      const h0 = c.h0?.map((h) => fromJson(h).requiresGrad_(true)) ?? null;
      const { out, state, lengths } = runLayer(m, c, x, h0);
      expectClose(out, c.out);
      state.forEach((s, i) => expectClose(s, c.state[i]!));
      if (c.outLengths !== undefined) expect(Array.from(lengths!.toTypedArray())).toEqual(c.outLengths.data);
      let loss = out.mul(fromJson(c.wOut)).sum();
      state.forEach((s, i) => { loss = loss.add(s.mul(fromJson(c.wState[i]!)).sum()); });
      loss.backward();
      expectClose(x.grad!, c.gradX, 1e-4, 1e-5);
      h0?.forEach((h, i) => expectClose(h.grad!, c.gradH0![i]!, 1e-4, 1e-5));
      for (const [name, p] of m.namedParameters()) expectClose(p.grad!, c.gradParams[name]!, 1e-4, 1e-5);
    });
  }
});

describe('nn.RNNCell / LSTMCell / GRUCell match PyTorch', () => {
  for (const c of FIX.cells) {
    it(`${c.kind} seed ${c.seed} ${JSON.stringify(c.opts)}${c.x.shape.length === 1 ? ' unbatched' : ''}`, () => {
      manualSeed(c.seed);
      const o = camel(c.opts);
      const m = c.kind === 'LSTMCell' ? new nn.LSTMCell(c.inputSize, c.hidden, o)
        : c.kind === 'GRUCell' ? new nn.GRUCell(c.inputSize, c.hidden, o) : new nn.RNNCell(c.inputSize, c.hidden, o);
      const sd = m.stateDict();
      expect(Object.keys(sd)).toEqual(Object.keys(c.params));
      for (const [k, v] of Object.entries(c.params)) expectClose(sd[k]!, v, 0, 0);
      const x = fromJson(c.x).requiresGrad_(true);
      const states = c.states.map((s) => fromJson(s).requiresGrad_(true));
      const outs = m instanceof nn.LSTMCell ? m(x, states.length ? [states[0]!, states[1]!] : null)
        : [(m)(x, states[0] ?? null)];
      outs.forEach((t, i) => expectClose(t, c.out[i]!));
      outs.map((t, i) => t.mul(fromJson(c.w[i]!)).sum()).reduce((a, b) => a.add(b)).backward();
      expectClose(x.grad!, c.gradX, 1e-4, 1e-5);
      states.forEach((s, i) => expectClose(s.grad!, c.gradStates[i]!, 1e-4, 1e-5));
      for (const [name, p] of m.namedParameters()) expectClose(p.grad!, c.gradParams[name]!, 1e-4, 1e-5);
    });
  }
});

describe('nn.utils.rnn matches PyTorch', () => {
  for (const c of FIX.utils) {
    it(`${c.fn} ${JSON.stringify({ batchFirst: c.batchFirst, paddingValue: c.paddingValue, enforceSorted: c.enforceSorted })}`, () => {
      const seqs = c.seqs.map((s) => fromJson(s));
      if (c.fn === 'padSequence') {
        expectClose(padSequence(seqs, { batchFirst: c.batchFirst, paddingValue: c.paddingValue }), c.out!, 0, 0);
        return;
      }
      const p = packSequence(seqs, { enforceSorted: c.enforceSorted });
      expectClose(p.data, c.data!, 0, 0);
      expect(Array.from(p.batchSizes.toTypedArray())).toEqual(c.batchSizes!.data);
      if (c.sortedIndices === undefined) {
        expect(p.sortedIndices).toBeNull();
        return;
      }
      expect(Array.from(p.sortedIndices!.toTypedArray())).toEqual(c.sortedIndices.data);
      expect(Array.from(p.unsortedIndices!.toTypedArray())).toEqual(c.unsortedIndices!.data);
      const [padded, lengths] = padPackedSequence(p, { batchFirst: true, paddingValue: 9, totalLength: 7 });
      expectClose(padded, c.padded!, 0, 0);
      expect(Array.from(lengths.toTypedArray())).toEqual(c.lengths!.data);
      unpackSequence(p).forEach((s, i) => expectClose(s, seqs[i]!, 0, 0));
    });
  }

  it("raises PyTorch's errors", () => {
    const x = randn(3, 2, 4);
    expect(() => packPaddedSequence(x, [2, 3])).toThrow('`lengths` array must be sorted in decreasing order when `enforce_sorted` is True.');
    expect(() => packPaddedSequence(x, [3, 0])).toThrow("Length of all samples has to be greater than 0, but found an element in 'lengths' that is <= 0");
    expect(() => packPaddedSequence(x, [3])).toThrow('Expected `len(lengths)` to be equal to batch_size, but got 1 (batch_size=2)');
    expect(() => padPackedSequence(packPaddedSequence(x, [3, 2]), { totalLength: 2 }))
      .toThrow('Expected total_length to be at least the length of the longest sequence in input, but got total_length=2 and max sequence length being 3');
    expect(() => packPaddedSequence(x, [3, 2], { enforce_sorted: false } as never)).toThrow("pack_padded_sequence() got an unexpected keyword argument 'enforce_sorted' (did you mean 'enforceSorted'?)");
  });

  it('packing is differentiable: the padding gets zero gradient', () => {
    const x = randn([3, 2, 2], { dtype: 'float64', requiresGrad: true });
    const p = packPaddedSequence(x, [2, 3], { enforceSorted: false });
    p.data.sum().backward();
    const g = Array.from(x.grad!.toTypedArray());
    // batch 0 has length 2: its step-2 row is padding.
    expect(g).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1]);
  });
});

describe('recurrent layers: modules, errors and float64 gradcheck', () => {
  it('print like PyTorch', () => {
    expect(String(new nn.RNN(3, 4))).toBe(FIX.reprs['RNN(3, 4)']);
    expect(String(new nn.LSTM(3, 4, { projSize: 2, numLayers: 2, bias: false, batchFirst: true, dropout: 0.5, bidirectional: true })))
      .toBe(FIX.reprs['LSTM(3, 4, proj_size=2, num_layers=2, bias=False, batch_first=True, dropout=0.5, bidirectional=True)']);
    expect(String(new nn.GRU(3, 4, 2))).toBe(FIX.reprs['GRU(3, 4, num_layers=2)']);
    expect(String(new nn.RNNCell(3, 4, false, 'relu'))).toBe(FIX.reprs['RNNCell(3, 4, bias=False, nonlinearity=relu)']);
    expect(String(new nn.LSTMCell(3, 4))).toBe(FIX.reprs['LSTMCell(3, 4)']);
  });

  it('takes PyTorch positional arguments', () => {
    const l = new nn.LSTM(3, 4, 2, false, true, 0.0, true, 2);
    expect([l.numLayers, l.bias, l.batchFirst, l.dropout, l.bidirectional, l.projSize]).toEqual([2, false, true, 0, true, 2]);
    const r = new nn.RNN(3, 4, 1, 'relu');
    expect(r.nonlinearity).toBe('relu');
    expect(() => new nn.GRU(3, 4, 2, { numLayers: 3 })).toThrow("GRU() got multiple values for argument 'numLayers'");
  });

  it("raises PyTorch's errors", () => {
    const lstm = new nn.LSTM(3, 4);
    expect(() => lstm(randn(2, 3, 5))).toThrow('input.size(-1) must be equal to input_size. Expected 3, got 5');
    expect(() => lstm(randn(2, 3, 3, 1))).toThrow('input must have 3 dimensions, got 5'); // PyTorch too: 4-D reads as unbatched
    expect(() => lstm(randn(2, 3, 3), [randn(1, 2, 4), randn(1, 3, 4)])).toThrow('Expected hidden[0] size (1, 3, 4), got [1, 2, 4]');
    expect(() => lstm(randn(2, 3, 3), [randn(3, 4), randn(3, 4)])).toThrow('For batched 3-D input, hx and cx should also be 3-D but got (2-D, 2-D) tensors');
    const gru = new nn.GRU(3, 4);
    expect(() => gru(randn(2, 3, 3), randn(3, 4))).toThrow('For batched 3-D input, hx should also be 3-D but got 2-D tensor');
    expect(() => gru(randn(2, 3), randn(1, 1, 4))).toThrow('For unbatched 2-D input, hx should also be 2-D but got 3-D tensor');
    expect(() => new nn.GRU(3, 4, { projSize: 2 } as never)).toThrow('proj_size argument is only supported for LSTM, not RNN or GRU');
    expect(() => new nn.LSTM(3, 4, { projSize: 4 })).toThrow('proj_size has to be smaller than hidden_size');
    expect(() => new nn.RNN(3, 4, { dropout: 1.5 })).toThrow('dropout should be a number in range [0, 1]');
    expect(() => new nn.RNN(3, 4, { nonlinearity: 'gelu' as never })).toThrow("Unknown nonlinearity 'gelu'");
    expect(() => new nn.LSTM(3, 4, { hidden_size: 3 } as never)).toThrow("LSTM() got an unexpected keyword argument 'hidden_size'");
    expect(() => new nn.LSTMCell(3, 4)(randn(2, 2, 3))).toThrow('LSTMCell: Expected input to be 1-D or 2-D but received 3-D tensor');
  });

  it('loads a state dict and runs in float64', () => {
    manualSeed(1);
    const a = new nn.GRU(2, 3, { bidirectional: true });
    const b = new nn.GRU(2, 3, { bidirectional: true });
    b.loadStateDict(a.stateDict());
    const x = randn(4, 2, 2);
    expectClose(asTensor(b(x)[0]), asTensor(a(x)[0]), 0, 0);
    const d = new nn.LSTM(2, 3).double();
    const [o] = d(randn(3, 1, 2, { dtype: 'float64' as DType }));
    expect(asTensor(o).dtype).toBe('float64');
  });

  const x64 = (...shape: number[]): Tensor => randn(shape, { dtype: 'float64', requiresGrad: true });

  it('cells pass float64 gradcheck (input, state and weights)', () => {
    manualSeed(3);
    const lstm = new nn.LSTMCell(2, 3).double();
    float64Gradcheck((x, h, c) => { const [hy, cy] = lstm(x, [h, c]); return hy.add(cy.mul(0.5)); }, [x64(2, 2), x64(2, 3), x64(2, 3)]);
    const gru = new nn.GRUCell(2, 3).double();
    float64Gradcheck((x, h) => gru(x, h), [x64(2, 2), x64(2, 3)]);
    const rnn = new nn.RNNCell(2, 3).double();
    float64Gradcheck((x, h) => rnn(x, h), [x64(2, 2), x64(2, 3)], true);
    // The weights themselves as gradcheck's inputs: it perturbs them in place.
    const x = x64(2, 2).detach();
    float64Gradcheck(() => lstm(x)[0], [lstm.weight_ih, lstm.weight_hh, lstm.bias_ih!]);
  });

  it('layers pass float64 gradcheck, packed and bidirectional', () => {
    manualSeed(4);
    const lstm = new nn.LSTM(2, 3, { bidirectional: true, projSize: 2 }).double();
    float64Gradcheck((x) => {
      const [o, [h]] = lstm(packPaddedSequence(x, [3, 1, 2], { enforceSorted: false }));
      return padPackedSequence(o as InstanceType<typeof PackedSequence>)[0].sum(-1).add(h.sum(0).sum(-1).sum().mul(0.3));
    }, [x64(3, 3, 2)]);
    const gru = new nn.GRU(2, 2, { numLayers: 2, batchFirst: true }).double();
    float64Gradcheck((x, h) => gru(x, h)[1], [x64(2, 3, 2), x64(2, 2, 2)]);
  });
});
