/**
 * Module.to(dtype / device) converts parameters in place, as PyTorch's `param.data = fn(param)`:
 * the Parameter objects stay the same, so an optimizer built before the move keeps training the
 * model (with new Parameter objects it would silently update stale copies).
 */
import { manualSeed, randn, tensor } from '@torchlet/core';
import { SGD } from '@torchlet/optim';
import { BatchNorm1d, Linear, Sequential, functional as F } from '../src';

describe('Module.to keeps parameter identity', () => {
  it('an optimizer made before model.double() updates the model', () => {
    manualSeed(0);
    const model = new Sequential(new Linear(3, 4), new BatchNorm1d(4), new Linear(4, 2));
    const params = model.parameters();
    const opt = new SGD(params, 0.1);
    const x = randn(8, 3), y = tensor([0, 1, 0, 1, 1, 0, 0, 1]);
    F.crossEntropy(model(x), y).backward();
    model.double();
    expect(model.parameters().every((p, i) => p === params[i])).toBe(true);
    for (const p of model.parameters()) {
      expect(p.dtype).toBe('float64');
      expect(p.grad?.dtype).toBe('float64');
      expect(p.requiresGrad).toBe(true);
    }
    const bn = model.at(1) as BatchNorm1d;
    expect(bn.runningMean!.dtype).toBe('float64');
    const before = (model.at(0) as Linear).weight.clone();
    opt.step();
    const after = (model.at(0) as Linear).weight;
    expect(after.sub(before).abs().sum().item()).toBeGreaterThan(0);
    const l0 = F.crossEntropy(model(x.double()), y).item();
    for (let i = 0; i < 20; i++) {
      opt.zeroGrad();
      F.crossEntropy(model(x.double()), y).backward();
      opt.step();
    }
    expect(F.crossEntropy(model(x.double()), y).item()).toBeLessThan(l0);
  });

  it('a parameter shared by two modules stays shared, converted once', () => {
    const a = new Linear(2, 2), b = new Linear(2, 2);
    b.weight = a.weight;
    const w = a.weight;
    new Sequential(a, b).double();
    expect(a.weight).toBe(w);
    expect(b.weight).toBe(w);
    expect(w.dtype).toBe('float64');
    expect(b.bias!.dtype).toBe('float64');
  });
});
