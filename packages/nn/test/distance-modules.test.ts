/**
 * nn.CosineSimilarity and nn.PairwiseDistance (over core's cosineSimilarity / pairwiseDistance)
 * against PyTorch (fixtures from tools/parity/nn_distance_modules.py): repr, forward and both
 * inputs' gradients, broadcast; float64 gradchecks of the module forms.
 */
import { Tensor, cosineSimilarity, pairwiseDistance, tensor } from '@torchlet/core';
import * as nn from '@torchlet/nn';
import fixture from './fixtures/distance_modules.json';
import { expectClose, float64Gradcheck, fromJson, type TensorJson } from './helpers';

interface DistCase {
  name: string;
  layer: 'CosineSimilarity' | 'PairwiseDistance';
  args: number[];
  repr: string;
  x1: TensorJson;
  x2: TensorJson;
  output: TensorJson;
  gout: TensorJson;
  g1: TensorJson;
  g2: TensorJson;
}

const build = (c: DistCase): nn.CosineSimilarity | nn.PairwiseDistance => (c.layer === 'CosineSimilarity'
  ? new nn.CosineSimilarity(...(c.args as []))
  : new nn.PairwiseDistance(...(c.args.map((v, i) => (i === 2 ? Boolean(v) : v)) as [])));

describe.each((fixture as { cases: DistCase[] }).cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
  it('prints, and matches forward and both gradients', () => {
    const m = build(c);
    expect(m.toString()).toBe(c.repr);
    const a = fromJson(c.x1).requiresGrad_(), b = fromJson(c.x2).requiresGrad_();
    const out = m(a, b);
    expectClose(out, c.output);
    out.backward(fromJson(c.gout));
    expectClose(a.grad!, c.g1);
    expectClose(b.grad!, c.g2);
  });
});

describe('float64 gradchecks of the module forms', () => {
  const t = (n: number, k: number): Tensor => tensor(Array.from({ length: n }, (_, i) => Math.sin(1.1 * i + k) + 0.2), { dtype: 'float64' }).requiresGrad_();
  it('CosineSimilarity', () => {
    const m = new nn.CosineSimilarity(1);
    float64Gradcheck((a, b) => m(a, b), [t(12, 0).reshape([3, 4]).detach().requiresGrad_(), t(12, 1).reshape([3, 4]).detach().requiresGrad_()], true);
  });
  it('PairwiseDistance', () => {
    const m = new nn.PairwiseDistance(3);
    float64Gradcheck((a, b) => m(a, b), [t(12, 0).reshape([3, 4]).detach().requiresGrad_(), t(12, 2).reshape([3, 4]).detach().requiresGrad_()], true);
  });
  it('F forms are core\'s', () => {
    expect(nn.functional.cosineSimilarity).toBe(cosineSimilarity);
    expect(nn.functional.pairwiseDistance).toBe(pairwiseDistance);
  });
});
