/**
 * Gradchecks (float64) for the elementwise ops beyond the list, each on inputs inside its
 * domain, plus their values against Math (PyTorch's definitions for these are the libm ones).
 */
import { atan2, fmod, gradcheck, gradgradcheck, remainder, tensor, type Tensor } from '../src/index';

const inside = (lo: number, hi: number): Tensor =>
  tensor([[lo + 0.13 * (hi - lo), lo + 0.41 * (hi - lo), lo + 0.77 * (hi - lo)], [lo + 0.29 * (hi - lo), lo + 0.58 * (hi - lo), lo + 0.93 * (hi - lo)]], { dtype: 'float64', requiresGrad: true });

const cases: [string, (x: Tensor) => Tensor, (v: number) => number, number, number][] = [
  ['asin', (x) => x.asin(), Math.asin, -0.9, 0.9],
  ['acos', (x) => x.acos(), Math.acos, -0.9, 0.9],
  ['atanh', (x) => x.atanh(), Math.atanh, -0.9, 0.9],
  ['asinh', (x) => x.asinh(), Math.asinh, -3, 3],
  ['acosh', (x) => x.acosh(), Math.acosh, 1.2, 4],
  ['exp2', (x) => x.exp2(), (v) => 2 ** v, -3, 3],
  ['log10', (x) => x.log10(), Math.log10, 0.2, 5],
  ['log2', (x) => x.log2(), Math.log2, 0.2, 5],
  ['erfc', (x) => x.erfc(), (v) => 1 - erfRef(v), -2, 2],
  ['frac', (x) => x.frac(), (v) => v - Math.trunc(v), 0.1, 0.9],
  ['sinh', (x) => x.sinh(), Math.sinh, -2, 2],
  ['cosh', (x) => x.cosh(), Math.cosh, -2, 2],
  ['tan', (x) => x.tan(), Math.tan, -1, 1],
  ['atan', (x) => x.atan(), Math.atan, -3, 3],
];

/** erf by its Taylor series (enough terms for |x| <= 2 to 1e-15). */
function erfRef(x: number): number {
  let sum = 0, term = x;
  for (let n = 0; n < 60; n++) {
    sum += term / (2 * n + 1);
    term *= (-x * x) / (n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

describe('extra unary ops: values and float64 gradcheck', () => {
  for (const [name, fn, ref, lo, hi] of cases) {
    it(name, () => {
      const x = inside(lo, hi);
      const got = fn(x).toTypedArray();
      const xs = x.toTypedArray();
      xs.forEach((v, i) => expect(got[i]).toBeCloseTo(ref(v), 12));
      expect(gradcheck(fn, [x])).toBe(true);
      expect(gradgradcheck(fn, [x])).toBe(true);
    });
  }
});

describe('atan2, fmod, remainder', () => {
  const a = tensor([[1.5, -2.25, 0.75], [-0.5, 3.2, -1.1]], { dtype: 'float64', requiresGrad: true });
  const b = tensor([0.8, -1.3, 2.1], { dtype: 'float64', requiresGrad: true });
  it('atan2 values follow Math.atan2 and gradients pass gradcheck (broadcast)', () => {
    const out = atan2(a, b).toTypedArray();
    const av = a.toTypedArray(), bv = b.toTypedArray();
    av.forEach((v, i) => expect(out[i]).toBeCloseTo(Math.atan2(v, bv[i % 3]!), 14));
    expect(gradcheck((x, y) => atan2(x, y), [a, b])).toBe(true);
  });
  it('fmod keeps the dividend sign, remainder the divisor sign (Python semantics)', () => {
    const x = tensor([5.5, -5.5, 5.5, -5.5], { dtype: 'float64' });
    const y = tensor([2, 2, -2, -2], { dtype: 'float64' });
    expect(Array.from(fmod(x, y).toTypedArray())).toEqual([1.5, -1.5, 1.5, -1.5]);
    expect(Array.from(remainder(x, y).toTypedArray())).toEqual([1.5, 0.5, -0.5, -1.5]);
  });
  it('fmod and remainder pass the gradient through to the dividend', () => {
    expect(gradcheck((x) => fmod(x, 0.7), [a])).toBe(true);
    expect(gradcheck((x) => remainder(x, 0.7), [a])).toBe(true);
  });
});
