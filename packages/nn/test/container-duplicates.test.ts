/**
 * A module or parameter registered twice in a container counts twice, as in PyTorch 1.13:
 * len(nn.Sequential(l, l)) == 2, nn.ModuleDict({'x': l, 'y': l}).keys() == ['x', 'y'],
 * len(nn.ParameterList([p, p])) == 2; parameters() still lists a shared one once.
 */
import { Tensor, manualSeed, randn, tensor, zeros } from '@torchlet/core';
import { Embedding, Linear, ModuleDict, ModuleList, Parameter, ParameterDict, ParameterList, ReLU, Sequential } from '../src';

describe('containers holding one object twice', () => {
  const l = new Linear(2, 2);

  it('Sequential counts, iterates and runs both entries', () => {
    const s = new Sequential(l, l);
    expect(s.length).toBe(2);
    expect([...s]).toEqual([l, l]);
    expect(Object.keys(s.stateDict())).toEqual(['0.weight', '0.bias', '1.weight', '1.bias']);
    expect(s.parameters()).toHaveLength(2);
    const x = zeros(1, 2).add(1);
    expect(s(x).tolist()).toEqual(l(l(x)).tolist());
  });

  it('ModuleList appends after both entries instead of overwriting the second', () => {
    const ml = new ModuleList<Linear | ReLU>([l, l]);
    const relu = new ReLU();
    ml.append(relu);
    expect(ml.length).toBe(3);
    expect(ml.at(1)).toBe(l);
    expect(ml.at(2)).toBe(relu);
  });

  it('ModuleDict keeps both keys', () => {
    const d = new ModuleDict({ x: l, y: l });
    expect(d.keys()).toEqual(['x', 'y']);
    expect(d.size).toBe(2);
    expect(d.values()).toEqual([l, l]);
  });

  it('ParameterList and ParameterDict count a shared parameter twice', () => {
    const p = new Parameter(zeros(2));
    const pl = new ParameterList([p, p]);
    expect(pl.length).toBe(2);
    expect([...pl].every((q: Tensor) => q === p)).toBe(true);
    expect(pl.parameters()).toHaveLength(1);
    const pd = new ParameterDict({ a: p, b: p });
    expect(pd.keys()).toEqual(['a', 'b']);
  });
});

describe('Embedding.fromPretrained', () => {
  it('draws nothing from the generator: the next randn after manualSeed(0) is PyTorch\'s first draw', () => {
    manualSeed(0);
    const e = Embedding.fromPretrained(tensor([[1, 2], [3, 4]]).float());
    // torch.manual_seed(0); torch.randn(3) in PyTorch 1.13, with or without from_pretrained before it.
    expect(randn(3).tolist()).toEqual([1.5409960746765137, -0.293428897857666, -2.1787893772125244]);
    expect(e.weight.requiresGrad).toBe(false);
  });

  it('passes Embedding\'s options on, and checks its own keys', () => {
    const e = Embedding.fromPretrained(tensor([[1, 2], [3, 4]]).float(), { freeze: false, paddingIdx: 1, maxNorm: 1 });
    expect(String(e)).toBe('Embedding(2, 2, padding_idx=1, max_norm=1.0)');
    expect(e.weight.requiresGrad).toBe(true);
    expect(() => Embedding.fromPretrained(tensor([[1, 2]]).float(), { freez: true } as unknown as { freeze: boolean })).toThrow(/freeze/);
    expect(() => new Embedding(3, 2, { _weight: tensor([[1, 2]]).float() })).toThrow('Shape of weight does not match num_embeddings and embedding_dim');
  });
});
