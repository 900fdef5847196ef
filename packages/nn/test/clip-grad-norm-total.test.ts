/**
 * clipGradNorm_'s one-pass total 2-norm (totalNormTwoF32) against the composed form it replaces,
 * `stack(grads.map((g) => g.norm())).norm()`: the same float32 bits for every tail length
 * (size % 8 and % 4), for views with an offset, and the composed path for other gradients.
 */
import { noGrad, randn, stack, tensor, type Tensor } from '@torchlet/core';
import { totalNormTwoF32 } from '@torchlet/core/internal';
import * as nn from '@torchlet/nn';

function bits(t: Tensor): number {
  return new Uint32Array(new Float32Array([t.item()]).buffer)[0]!;
}

function composed(grads: Tensor[]): Tensor {
  return noGrad(() => stack(grads.map((g) => g.norm())).norm());
}

describe('clipGradNorm_ total norm in one pass', () => {
  it('equals the per-gradient norms stacked and normed, bit for bit', () => {
    const shapes = [[1], [3], [4], [7], [8], [13], [64, 3], [5, 12], [76, 64], [2, 3, 5], [1001]];
    for (let seed = 0; seed < 3; seed++) {
      const grads = shapes.map((s, i) => randn(s).mul(10 ** ((i + seed) % 5 - 2)));
      const fast = totalNormTwoF32(grads);
      expect(fast).not.toBeNull();
      expect(fast!.shape).toEqual([]);
      expect(fast!.dtype).toBe('float32');
      expect(bits(fast!)).toBe(bits(composed(grads)));
    }
  });

  it('reads a contiguous view at its offset', () => {
    const base = randn([10, 9]);
    const rows = base.narrow(0, 3, 4);
    expect(rows.offset).toBe(27);
    expect(bits(totalNormTwoF32([rows])!)).toBe(bits(composed([rows.contiguous()])));
  });

  it('leaves other gradients to the composed path', () => {
    expect(totalNormTwoF32([randn([4, 4]).t()])).toBeNull();
    expect(totalNormTwoF32([tensor(2.5)])).toBeNull();
    expect(totalNormTwoF32([randn([3]).double()])).toBeNull();
  });

  it('clips as before: the returned total and the scaled gradients', () => {
    const ps = [new nn.Parameter(randn([6, 5])), new nn.Parameter(randn([7]))];
    const gs = [randn([6, 5]).mul(3), randn([7]).mul(3)];
    ps.forEach((p, i) => { p.grad = gs[i]!.clone(); });
    const expected = composed(gs);
    const total = nn.utils.clipGradNorm_(ps, 1.0);
    expect(bits(total)).toBe(bits(expected));
    const coef = noGrad(() => tensor(1.0).div(expected.add(1e-6)).clamp(null, 1.0));
    ps.forEach((p, i) => expect(Array.from(p.grad!.toTypedArray())).toEqual(Array.from(gs[i]!.mul(coef).toTypedArray())));
  });

  it('leaves gradients under maxNorm untouched, and scales them once over it', () => {
    const p = new nn.Parameter(randn([9]));
    const g = tensor([0.1, -0.2, 0.3, -0.0, 0, 1e-30, -0.25, 0.05, 0.125]);
    p.grad = g.clone();
    const total = nn.utils.clipGradNorm_([p], 1.0);
    expect(bits(total)).toBe(bits(composed([g])));
    expect(Array.from(p.grad.toTypedArray())).toEqual(Array.from(g.toTypedArray()));
    expect(Object.is(p.grad.toTypedArray()[3], -0)).toBe(true);
    nn.utils.clipGradNorm_([p], 0.25);
    expect(p.grad.norm().item()).toBeCloseTo(0.25, 5);
  });
});
