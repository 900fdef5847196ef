/** torch.autograd.Function, Tensor.registerHook, x.data and inferenceMode against torch 1.13 (tools/parity/core_autograd_function.py). */
import {
  autograd, tensor, linspace, noGrad, isGradEnabled, inferenceMode, isInferenceModeEnabled, type Tensor,
} from '@torchlet/core';
import fixture from './fixtures/core_autograd_function.json';
import { checkGrads, x64 } from './check-helpers';

const { Function } = autograd;
type Ctx = autograd.FunctionCtx;

const t = (v: number[], requiresGrad = true): Tensor => tensor(v, { dtype: 'float64', requiresGrad });
const list = (x: Tensor | null): number[] => (x === null ? [] : Array.from(x.toTypedArray()));
function expectClose(actual: Tensor | null, expected: number[], rtol = 1e-10): void {
  const a = list(actual);
  expect(a.length).toBe(expected.length);
  a.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThanOrEqual(1e-12 + rtol * Math.abs(expected[i]!)));
}
function saved(ctx: Ctx, i = 0): Tensor {
  const s = ctx.savedTensors[i];
  if (!s) throw new Error('nothing saved');
  return s;
}

class P3 extends Function {
  static forward(ctx: Ctx, x: Tensor): Tensor {
    ctx.saveForBackward(x);
    return x.pow(3).mul(5).sub(x.mul(3)).mul(0.5);
  }
  static backward(ctx: Ctx, g: Tensor): Tensor {
    const x = saved(ctx);
    return g.mul(x.pow(2).mul(5).sub(1)).mul(1.5);
  }
}
class MulConst extends Function {
  static forward(ctx: Ctx & { k?: number }, x: Tensor, k: number): Tensor {
    ctx.k = k;
    return x.mul(k);
  }
  static backward(ctx: Ctx & { k?: number }, g: Tensor): [Tensor, null] {
    return [g.mul(ctx.k ?? 0), null];
  }
}
class SinCos extends Function {
  static forward(ctx: Ctx, x: Tensor): [Tensor, Tensor] {
    ctx.saveForBackward(x);
    return [x.sin(), x.cos()];
  }
  static backward(ctx: Ctx, gs: Tensor, gc: Tensor): Tensor {
    const x = saved(ctx);
    return gs.mul(x.cos()).sub(gc.mul(x.sin()));
  }
}
class Exp extends Function {
  static forward(ctx: Ctx, x: Tensor): Tensor {
    const y = x.exp();
    ctx.saveForBackward(y);
    return y;
  }
  static backward(ctx: Ctx, g: Tensor): Tensor {
    return g.mul(saved(ctx));
  }
}

const X = fixture.x, W = fixture.w;

describe('autograd.Function', () => {
  test('P3: values, gradient, double backward through createGraph, node name', () => {
    const x = t(X);
    const y = P3.apply(x);
    expect(y.gradFn?.name).toBe(fixture.p3.name);
    expect(y.gradFn?.name).toBe('P3Backward');
    const [g] = autograd.grad(y.mul(t(W)).sum(), x, { createGraph: true });
    const [gg] = autograd.grad(g!.mul(g!).sum(), x);
    expectClose(y, fixture.p3.y);
    expectClose(g!, fixture.p3.g);
    expectClose(gg!, fixture.p3.gg);
  });

  test('float64 gradcheck and gradgradcheck through custom Functions', () => {
    checkGrads((x) => P3.apply(x), [x64([3, 2])]);
    checkGrads((x) => Exp.apply(x).mul(2), [x64([4])]);
    checkGrads((x) => { const [s, c] = SinCos.apply(x); return s.mul(c.add(2)); }, [x64([2, 2])]);
  });

  test('non-tensor arguments get a null gradient slot', () => {
    const x = t(X);
    MulConst.apply(x, 3).mul(t(W, false)).sum().backward();
    expectClose(x.grad, fixture.mulconst.g);
  });

  test('multiple outputs, double backward, and zeros for an output without gradient', () => {
    const x = t(X);
    const [s, c] = SinCos.apply(x);
    expect(s.gradFn?.name).toBe('SinCosBackward');
    const [gx] = autograd.grad(s.mul(t(W, false)).add(c.mul(c)).sum(), x, { createGraph: true });
    const [ggx] = autograd.grad(gx!.sum(), x);
    expectClose(s, fixture.sincos.s);
    expectClose(c, fixture.sincos.c);
    expectClose(gx!, fixture.sincos.g);
    expectClose(ggx!, fixture.sincos.gg);
    const x2 = t(X);
    SinCos.apply(x2)[0].mul(2).sum().backward();
    expectClose(x2.grad, fixture.sincos.gOne);
  });

  test('a saved output: gradient and double backward', () => {
    const x = t(X);
    const y = Exp.apply(x);
    const [g] = autograd.grad(y.mul(y).sum(), x, { createGraph: true });
    const [gg] = autograd.grad(g!.sum(), x);
    expectClose(g!, fixture.exp.g);
    expectClose(gg!, fixture.exp.gg);
  });

  test('needsInputGrad and grad mode off in forward', () => {
    let seen: readonly boolean[] = [];
    let mode = true;
    class Needs extends Function {
      static forward(ctx: Ctx, a: Tensor, b: Tensor, k: number): Tensor {
        seen = ctx.needsInputGrad;
        mode = isGradEnabled();
        return a.mul(b).mul(k);
      }
      static backward(_ctx: Ctx, g: Tensor): [Tensor, null, null] { return [g, null, null]; }
    }
    Needs.apply(t(X), t(W, false), 2);
    expect(seen).toEqual(fixture.needs.needsInputGrad);
    expect(mode).toBe(fixture.needs.gradEnabled);
  });

  test('markDirty: the input modified in place takes the node', () => {
    class Double_ extends Function {
      static forward(ctx: Ctx, x: Tensor): Tensor { x.mul_(2); ctx.markDirty(x); return x; }
      static backward(_ctx: Ctx, g: Tensor): Tensor { return g.mul(2); }
    }
    const x = t(X);
    const z = x.mul(1);
    const o = Double_.apply(z);
    expect(o === z).toBe(fixture.dirty.same);
    expect(z.gradFn?.name).toBe(fixture.dirty.name);
    o.mul(o).sum().backward();
    expectClose(o, fixture.dirty.o);
    expectClose(x.grad, fixture.dirty.g);
    expect(() => Double_.apply(t(X))).toThrow(fixture.dirty.leafError);
  });

  test('markNonDifferentiable and setMaterializeGrads(false)', () => {
    let gi: Tensor | null = null;
    class ArgmaxAnd extends Function {
      static forward(ctx: Ctx, x: Tensor): [Tensor, Tensor] {
        const idx = x.argmax();
        ctx.markNonDifferentiable(idx);
        return [x.mul(2), idx];
      }
      static backward(_ctx: Ctx, g: Tensor, gIdx: Tensor | null): Tensor { gi = gIdx; return g.mul(2); }
    }
    const x = t(X);
    const [y, idx] = ArgmaxAnd.apply(x);
    expect(idx.requiresGrad).toBe(fixture.nondiff.idxRequiresGrad);
    y.sum().backward();
    expect(gi === null ? null : (gi as Tensor).item()).toBe(fixture.nondiff.gi);
    expectClose(x.grad, fixture.nondiff.g);

    let nulls: boolean[] = [];
    class NoMat extends Function {
      static forward(ctx: Ctx, x: Tensor): [Tensor, Tensor] { ctx.setMaterializeGrads(false); return [x.mul(1), x.mul(2)]; }
      static backward(_ctx: Ctx, ga: Tensor | null, gb: Tensor | null): Tensor | null { nulls = [ga === null, gb === null]; return ga; }
    }
    NoMat.apply(t(X))[0].sum().backward();
    expect(nulls).toEqual(fixture.nomat.seen);
  });

  test("PyTorch's errors", () => {
    class Wrong extends Function {
      static forward(_ctx: Ctx, a: Tensor, b: Tensor): Tensor { return a.mul(b); }
      static backward(_ctx: Ctx, g: Tensor): Tensor { return g; }
    }
    class NotTensorGrad extends Function {
      static forward(_ctx: Ctx, a: Tensor, k: number): Tensor { return a.mul(k); }
      static backward(_ctx: Ctx, g: Tensor): [Tensor, Tensor] { return [g, g]; }
    }
    class BadShape extends Function {
      static forward(_ctx: Ctx, a: Tensor): Tensor { return a.mul(1); }
      static backward(_ctx: Ctx, g: Tensor): Tensor { return g.sum(); }
    }
    const e = fixture.errors;
    expect(() => Wrong.apply(t(X), t(W)).sum().backward()).toThrow(e.count);
    expect(() => NotTensorGrad.apply(t(X), 3).sum().backward()).toThrow(e.notTensor);
    expect(() => BadShape.apply(t(X)).sum().backward()).toThrow(e.badShape);
    const z = t(X).mul(1);
    const o = P3.apply(z);
    noGrad(() => z.add_(1));
    expect(() => o.sum().backward()).toThrow(e.savedInput);
    const y = Exp.apply(t(X));
    y.mul_(2);
    expect(() => y.sum().backward()).toThrow(e.savedOutput);
    const p = P3.apply(t(X));
    p.sum().backward();
    expect(() => p.sum().backward()).toThrow(e.twice);
    expect(() => tensor([1]).registerHook((g) => g)).toThrow(e.hookNoGrad);
  });

  test('a gradient the input broadcasts to is summed back', () => {
    class BcastGrad extends Function {
      static forward(_ctx: Ctx, a: Tensor): Tensor { return a.expand(3, 4).mul(1); }
      static backward(_ctx: Ctx, g: Tensor): Tensor { return g; }
    }
    const xb = t([1, 2, 3, 4]);
    BcastGrad.apply(xb).sum().backward();
    expectClose(xb.grad, fixture.bcastGrad);
  });

  test('a float32 fit through a custom Function', () => {
    const xs = linspace(-1, 1, 5);
    const p = tensor([0.1, 0.2], { requiresGrad: true });
    for (let i = 0; i < 3; i++) {
      const pred = p.select(0, 0).add(p.select(0, 1).mul(P3.apply(xs)));
      pred.sub(xs.sin()).pow(2).sum().backward();
      noGrad(() => { p.sub_(p.grad!.mul(0.05)); p.grad = null; });
    }
    expectClose(p, fixture.fit32, 1e-5);
  });
});

describe('Tensor.registerHook, .data, inferenceMode', () => {
  test('hook order with retainGrad and replacement gradients', () => {
    const log: [string, number[]][] = [];
    const x = t(X);
    const y = x.mul(2);
    y.registerHook((g) => { log.push(['h1', list(g)]); return g.mul(10); });
    y.retainGrad();
    y.registerHook((g) => { log.push(['h2', list(g)]); return g.add(1); });
    x.registerHook((g) => { log.push(['leaf', list(g)]); return g.mul(3); });
    y.mul(t(W, false)).sum().backward();
    expect(log).toEqual(fixture.hooks.log);
    expectClose(y.grad, fixture.hooks.yGrad);
    expectClose(x.grad, fixture.hooks.xGrad);
  });

  test('retainGrad before any hook keeps the gradient before the hooks', () => {
    const x = t(X);
    const y = x.mul(2);
    y.retainGrad();
    y.registerHook((g) => g.mul(10));
    y.sum().backward();
    expect(list(y.grad)).toEqual([1, 1, 1, 1]);
    expect(list(x.grad)).toEqual([20, 20, 20, 20]);
  });

  test('a leaf hook runs once on the summed gradient; remove() unregisters it', () => {
    const calls: number[][] = [];
    const x = t(X);
    const h = x.registerHook((g) => { calls.push(list(g)); return g.mul(g); });
    x.mul(2).add(x.mul(3)).sum().backward();
    expect(calls).toEqual(fixture.leafHook.calls);
    expectClose(x.grad, fixture.leafHook.first);
    h.remove();
    x.grad = null;
    x.mul(2).sum().backward();
    expectClose(x.grad, fixture.leafHook.afterRemove);
  });

  test('a hook that changes the size raises', () => {
    const y = t(X).mul(2);
    y.registerHook(function shrink(g) { return g.select(0, 0); });
    expect(() => y.sum().backward()).toThrow("hook 'shrink' has changed the size of value");
  });

  test('x.data shares storage and is cut from the graph', () => {
    const w = t(X);
    w.mul(2).sum().backward();
    w.data.sub_(w.grad!.data.mul(0.1));
    expectClose(w, fixture.data.w);
    expect(w.data.requiresGrad).toBe(fixture.data.requiresGrad);
    expect(w.data.isLeaf).toBe(fixture.data.isLeaf);
    expect(w.requiresGrad).toBe(true);
    w.data = t([1, 2, 3, 4], false);
    expect(list(w)).toEqual([1, 2, 3, 4]);
    expect(() => { w.data = t([1, 2], false); }).toThrow("y must have x's shape [4]");
  });

  test('inferenceMode records nothing and restores the mode', () => {
    const x = t(X);
    expect(isInferenceModeEnabled()).toBe(false);
    const y = inferenceMode(() => {
      expect(isInferenceModeEnabled()).toBe(true);
      expect(isGradEnabled()).toBe(false);
      return x.mul(2);
    });
    expect(y.requiresGrad).toBe(false);
    expect(isInferenceModeEnabled()).toBe(false);
    expect(isGradEnabled()).toBe(true);
    expect(inferenceMode(false, () => x.mul(2)).requiresGrad).toBe(true);
    expect(x.requiresGrad_(false).requiresGrad).toBe(false);
  });
});
