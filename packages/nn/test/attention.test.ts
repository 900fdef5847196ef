/**
 * F.scaledDotProductAttention, nn.MultiheadAttention and the Transformer layers against PyTorch
 * (tools/parity/nn_attention.py): weights after manualSeed, outputs, attention weights and every
 * gradient, with masks, padding masks, bias_k/v, zero attention, kdim/vdim, batch-first,
 * unbatched, normFirst/gelu, and dropout in training (the draw order).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Generator, Tensor, manualSeed, randn } from '@torchlet/core';
import * as nn from '../src/index';
import { camel, expectClose, float64Gradcheck, fromJson, type TensorJson } from './helpers';

const F = nn.functional;

interface SdpaCase { q: TensorJson; k: TensorJson; v: TensorJson; mask: TensorJson | null; isCausal: boolean; scale: number | null; out: TensorJson; w: TensorJson; grads: TensorJson[] }
interface MhaCase {
  seed: number; E: number; H: number; opts: Record<string, unknown>; train: boolean; params: Record<string, TensorJson>; cross: boolean;
  inputs: TensorJson[]; kpm: TensorJson | null; mask: TensorJson | null; needWeights: boolean; average: boolean; out: TensorJson;
  attw: TensorJson | null; w: TensorJson; ww: TensorJson | null; gradInputs: TensorJson[]; gradParams: Record<string, TensorJson>;
}
interface TransformerCase {
  kind: 'encoderLayer' | 'decoderLayer' | 'encoder' | 'transformer'; seed: number; opts: Record<string, unknown>; train: boolean; masks: boolean;
  params: Record<string, TensorJson>; inputs: TensorJson[]; tmask: TensorJson | null; kpm: TensorJson | null; out: TensorJson; w: TensorJson;
  gradInputs: TensorJson[]; gradParams: Record<string, TensorJson>;
}
const FIX = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'nn-attention.json'), 'utf8')) as {
  sdpa: SdpaCase[]; mha: MhaCase[]; transformers: TransformerCase[]; reprs: { mha: string; encoderLayer: string; mask3: TensorJson };
};

function expectParams(m: nn.Module<never, unknown>, params: Record<string, TensorJson>): void {
  const sd = m.stateDict();
  expect(Object.keys(sd)).toEqual(Object.keys(params));
  for (const [k, v] of Object.entries(params)) expectClose(sd[k]!, v, 1e-6, 1e-7);
}

function expectGrads(m: nn.Module<never, unknown>, grads: Record<string, TensorJson>): void {
  const named = m.namedParameters();
  expect(named.map(([n]) => n).sort()).toEqual(Object.keys(grads).sort());
  for (const [name, p] of named) expectClose(p.grad!, grads[name]!, 1e-4, 2e-5);
}

describe('F.scaledDotProductAttention (PyTorch 2.x semantics)', () => {
  FIX.sdpa.forEach((c, i) => {
    it(`case ${i}: q [${c.q.shape.join(',')}] ${c.mask === null ? '' : `mask ${c.mask.dtype}`}${c.isCausal ? ' causal' : ''}`, () => {
      const [q, k, v] = [c.q, c.k, c.v].map((j) => fromJson(j).requiresGrad_(true)) as [Tensor, Tensor, Tensor];
      const out = F.scaledDotProductAttention(q, k, v, { attnMask: c.mask === null ? null : fromJson(c.mask), isCausal: c.isCausal, scale: c.scale });
      expectClose(out, c.out);
      out.mul(fromJson(c.w)).sum().backward();
      [q, k, v].forEach((t, j) => expectClose(t.grad!, c.grads[j]!, 1e-4, 1e-5));
    });
  });

  it('checks its arguments and passes float64 gradcheck', () => {
    const q = randn(2, 3, 4);
    expect(() => F.scaledDotProductAttention(q, q, q, { isCausal: true, attnMask: randn(3, 3) }))
      .toThrow('_scaled_dot_product_attention: Explicit attn_mask should not be set when is_causal=True');
    expect(() => F.scaledDotProductAttention(q, q, q, { is_causal: true } as never)).toThrow("did you mean 'isCausal'?");
    const x = (...s: number[]): Tensor => randn(s, { dtype: 'float64', requiresGrad: true });
    float64Gradcheck((a, b, c) => F.scaledDotProductAttention(a, b, c, { isCausal: true }), [x(2, 3, 2), x(2, 3, 2), x(2, 3, 2)], true);
  });

  it('dropout draws from the given generator and drops whole weights', () => {
    const q = randn(1, 4, 3);
    const a = F.scaledDotProductAttention(q, q, q, { dropoutP: 0.5, generator: new Generator().manualSeed(3) });
    const b = F.scaledDotProductAttention(q, q, q, { dropoutP: 0.5, generator: new Generator().manualSeed(3) });
    expectClose(a, b, 0, 0);
    const none = F.scaledDotProductAttention(q, q, q);
    expect(Array.from(a.toTypedArray())).not.toEqual(Array.from(none.toTypedArray()));
  });
});

describe('nn.MultiheadAttention matches PyTorch', () => {
  for (const c of FIX.mha) {
    it(`seed ${c.seed} E=${c.E} H=${c.H} ${JSON.stringify(c.opts)}${c.kpm ? ' kpm' : ''}${c.mask ? ` mask ${c.mask.dtype}/${c.mask.shape.length}d` : ''}`, () => {
      manualSeed(c.seed);
      const m = new nn.MultiheadAttention(c.E, c.H, camel(c.opts));
      expectParams(m, c.params);
      m.train(c.train);
      const ins = c.inputs.map((j) => fromJson(j).requiresGrad_(true));
      const [q, k, v] = c.cross ? ins as [Tensor, Tensor, Tensor] : [ins[0]!, ins[0]!, ins[0]!];
      const [out, attw] = m(q, k, v, {
        keyPaddingMask: c.kpm === null ? null : fromJson(c.kpm), attnMask: c.mask === null ? null : fromJson(c.mask),
        needWeights: c.needWeights, averageAttnWeights: c.average,
      });
      expectClose(out, c.out);
      let loss = out.mul(fromJson(c.w)).sum();
      if (c.attw === null) expect(attw).toBeNull();
      else {
        expectClose(attw!, c.attw);
        loss = loss.add(attw!.mul(fromJson(c.ww!)).sum());
      }
      loss.backward();
      ins.forEach((t, i) => expectClose(t.grad!, c.gradInputs[i]!, 1e-4, 2e-5));
      expectGrads(m, c.gradParams);
    });
  }

  it('prints, checks its arguments, and passes float64 gradcheck', () => {
    expect(String(new nn.MultiheadAttention(8, 2))).toBe(FIX.reprs.mha);
    expect(() => new nn.MultiheadAttention(6, 4)).toThrow('embed_dim must be divisible by num_heads');
    expect(() => new nn.MultiheadAttention(8, 2, { batch_first: true } as never)).toThrow("did you mean 'batchFirst'?");
    const m = new nn.MultiheadAttention(4, 2);
    const x = randn(3, 2, 4);
    expect(() => m(x, x, x, { isCausal: true })).toThrow('Need attn_mask if specifying the is_causal hint.');
    expect(() => m(x, x, x, { attnMask: randn(2, 2) })).toThrow('The shape of the 2D attn_mask is [2, 2], but should be (3, 3).');
    const d = new nn.MultiheadAttention(4, 2, { addBiasKv: true }).double();
    const q = randn([3, 1, 4], { dtype: 'float64', requiresGrad: true });
    float64Gradcheck((t) => d(t, t, t)[0], [q]);
    float64Gradcheck(() => d(q.detach(), q.detach(), q.detach())[0], [d.in_proj_weight!, d.bias_k!]);
  });
});

function makeTransformer(c: TransformerCase): nn.Module<never, unknown> & ((...a: never[]) => Tensor) {
  const o = { dimFeedforward: 16, ...camel(c.opts) };
  if (c.kind === 'encoderLayer') return new nn.TransformerEncoderLayer(8, 2, o);
  if (c.kind === 'decoderLayer') return new nn.TransformerDecoderLayer(8, 2, o);
  if (c.kind === 'encoder') return new nn.TransformerEncoder(new nn.TransformerEncoderLayer(8, 2, o), 2, new nn.LayerNorm(8));
  return new nn.Transformer({ dModel: 8, nhead: 2, numEncoderLayers: 1, numDecoderLayers: 1, ...o });
}

describe('Transformer layers match PyTorch', () => {
  for (const c of FIX.transformers) {
    it(`${c.kind} seed ${c.seed} ${JSON.stringify(c.opts)}${c.masks ? ' masks' : ''}`, () => {
      manualSeed(c.seed);
      const m = makeTransformer(c);
      expectParams(m, c.params);
      m.train(c.train);
      const ins = c.inputs.map((j) => fromJson(j).requiresGrad_(true));
      const tmask = c.tmask === null ? null : fromJson(c.tmask);
      const kpm = c.kpm === null ? null : fromJson(c.kpm);
      let out: Tensor;
      if (m instanceof nn.TransformerEncoderLayer) out = m(ins[0]!, { srcMask: tmask, srcKeyPaddingMask: kpm });
      else if (m instanceof nn.TransformerEncoder) out = m(ins[0]!, { mask: tmask, srcKeyPaddingMask: kpm });
      else if (m instanceof nn.TransformerDecoderLayer) out = m(ins[0]!, ins[1]!, { tgtMask: tmask, tgtKeyPaddingMask: kpm });
      else if (m instanceof nn.Transformer) out = m(ins[1]!, ins[0]!, { tgtMask: tmask, srcKeyPaddingMask: kpm, memoryKeyPaddingMask: kpm });
      else throw new Error('unknown kind');
      expectClose(out, c.out, 1e-4, 1e-5);
      out.mul(fromJson(c.w)).sum().backward();
      ins.forEach((t, i) => expectClose(t.grad!, c.gradInputs[i]!, 1e-4, 2e-5));
      expectGrads(m, c.gradParams);
    });
  }

  it('prints like PyTorch; the subsequent mask; errors', () => {
    expect(String(new nn.TransformerEncoderLayer(8, 2, { dimFeedforward: 16 }))).toBe(FIX.reprs.encoderLayer);
    expectClose(nn.Transformer.generateSquareSubsequentMask(3), FIX.reprs.mask3, 0, 0);
    expect(() => new nn.TransformerEncoderLayer(8, 2, { activation: 'tanh' as never })).toThrow('activation should be relu/gelu, not tanh');
    const t = new nn.Transformer({ dModel: 4, nhead: 2, numEncoderLayers: 1, numDecoderLayers: 1, dimFeedforward: 8 });
    expect(() => t(randn(3, 2, 4), randn(3, 5, 4))).toThrow('the batch number of src and tgt must be equal');
    expect(() => t(randn(3, 2, 4), randn(3, 2, 6))).toThrow('the feature number of src and tgt must be equal to d_model');
  });

  it('stack layers start equal without drawing random numbers; bias=false drops every bias', () => {
    manualSeed(0);
    const layer = new nn.TransformerEncoderLayer(4, 2, { dimFeedforward: 8 });
    const next = randn(1).item();
    manualSeed(0);
    const layer2 = new nn.TransformerEncoderLayer(4, 2, { dimFeedforward: 8 });
    const enc = new nn.TransformerEncoder(layer2, 3);
    expect(randn(1).item()).toBe(next);
    const sd = enc.stateDict(), own = layer.stateDict();
    for (const i of [0, 1, 2]) expectClose(sd[`layers.${i}.linear1.weight`]!, own['linear1.weight']!, 0, 0);
    const noBias = new nn.TransformerDecoderLayer(4, 2, { bias: false, dimFeedforward: 8 });
    expect(Object.keys(noBias.stateDict()).filter((k) => k.includes('bias'))).toEqual([]);
  });
});

describe('train/eval: dropout only in training', () => {
  it('an encoder layer and an LSTM with dropout are deterministic in eval and equal their dropout-free twins', () => {
    manualSeed(2);
    const layer = new nn.TransformerEncoderLayer(4, 2, { dimFeedforward: 8, dropout: 0.5 });
    manualSeed(2);
    const plain = new nn.TransformerEncoderLayer(4, 2, { dimFeedforward: 8, dropout: 0 });
    const x = randn(3, 2, 4);
    layer.eval();
    expectClose(layer(x), plain(x), 0, 0);
    layer.train();
    manualSeed(5);
    const a = layer(x);
    expect(Array.from(a.toTypedArray())).not.toEqual(Array.from(plain(x).toTypedArray()));
    manualSeed(2);
    const lstm = new nn.LSTM(3, 4, { numLayers: 2, dropout: 0.5 });
    manualSeed(2);
    const lstm0 = new nn.LSTM(3, 4, { numLayers: 2 });
    const s = randn(5, 2, 3);
    lstm.eval();
    expectClose(lstm(s)[0] as Tensor, lstm0(s)[0] as Tensor, 0, 0);
  });
});
