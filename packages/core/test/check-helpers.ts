/** Helpers for the float64 gradcheck / gradgradcheck tests. */
import { gradcheck, gradgradcheck, randn, type Tensor } from '@torchlet/core';

/** A float64 leaf of standard normals; `away` pushes values at least that far from 0 (kinks). */
export function x64(shape: number[], opts: { away?: number; positive?: boolean } = {}): Tensor {
  let t = randn(shape, { dtype: 'float64' });
  if (opts.positive) t = t.abs().add(0.2);
  else if (opts.away) t = t.add(t.sign().mul(opts.away));
  return t.requiresGrad_();
}

/** gradcheck and, unless `firstOnly`, gradgradcheck; both must pass. */
export function checkGrads(fn: (...xs: Tensor[]) => Tensor, inputs: Tensor[], firstOnly = false): void {
  expect(gradcheck(fn, inputs, { atol: 1e-5, rtol: 1e-3 })).toBe(true);
  if (!firstOnly) expect(gradgradcheck(fn, inputs, { atol: 1e-4, rtol: 1e-3 })).toBe(true);
}
