/**
 * F.gridSample and F.affineGrid against PyTorch (fixtures from tools/parity/nn_grid_sample.py):
 * every mode x padding mode x alignCorners on 4-D and 5-D inputs (grid points inside and outside
 * [-1, 1]), gradients w.r.t. input and grid, affine grids and theta's gradient, errors; float64
 * gradchecks of first and second order.
 */
import { Tensor, randn, rand } from '@torchlet/core';
import * as nn from '@torchlet/nn';
import fixture from './fixtures/nn_grid_sample.json';
import { camel, expectClose, float64Gradcheck, fromJson, type TensorJson } from './helpers';

const F = nn.functional;

/** The generators' backward weights: w[i] = sin(0.7 i + 0.3) in out's dtype. */
function probe(out: Tensor): Tensor {
  const w = Float64Array.from({ length: out.numel() }, (_, i) => Math.sin(0.7 * i + 0.3));
  return Tensor.fromData(w, out.shape.slice(), 'float64').to(out.dtype);
}

interface GridCase {
  name: string;
  x: TensorJson;
  grid: TensorJson;
  kwargs: Record<string, unknown>;
  out: TensorJson;
  grad_x: TensorJson;
  grad_grid: TensorJson;
}

describe('gridSample against PyTorch', () => {
  it.each((fixture.cases as unknown as GridCase[]).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const x = fromJson(c.x).requiresGrad_(), grid = fromJson(c.grid).requiresGrad_();
    const out = F.gridSample(x, grid, camel(c.kwargs));
    const tol = out.dtype === 'float64' ? 1e-10 : 1e-5;
    expectClose(out, c.out, tol, tol);
    out.mul(probe(out)).sum().backward();
    expectClose(x.grad!, c.grad_x, tol, tol);
    expectClose(grid.grad!, c.grad_grid, tol * 10, tol * 10);
  });

  it('reads a non-contiguous input and grid like their contiguous copies', () => {
    const x = randn(1, 2, 5, 4).transpose(2, 3), grid = rand(1, 2, 3, 2).mul(2).sub(1).transpose(1, 2);
    expectClose(F.gridSample(x, grid, { alignCorners: true }), F.gridSample(x.contiguous(), grid.contiguous(), { alignCorners: true }), 0, 0);
  });
});

interface AffineCase { size: number[]; align_corners: boolean; theta: TensorJson; grid: TensorJson; grad: TensorJson; grad_fn: string }

describe('affineGrid against PyTorch', () => {
  it.each((fixture.affine as unknown as AffineCase[]).map((c) => [c.size.join('x'), c] as const))('%s', (_name, c) => {
    const theta = fromJson(c.theta).requiresGrad_();
    const grid = F.affineGrid(theta, c.size, { alignCorners: c.align_corners });
    expectClose(grid, c.grid);
    expect(grid.gradFn?.name).toBe(c.grad_fn);
    grid.mul(probe(grid)).sum().backward();
    expectClose(theta.grad!, c.grad);
  });
});

const ERRORS: Record<string, () => unknown> = {
  mode: () => F.gridSample(randn(1, 1, 3, 3), randn(1, 2, 2, 2), { mode: 'linear' as never }),
  padding: () => F.gridSample(randn(1, 1, 3, 3), randn(1, 2, 2, 2), { paddingMode: 'circular' as never }),
  rank: () => F.gridSample(randn(1, 1, 3, 3), randn(1, 2, 2, 2, 3)),
  batch: () => F.gridSample(randn(2, 1, 3, 3), randn(1, 2, 2, 2)),
  'last dim': () => F.gridSample(randn(1, 1, 3, 3), randn(1, 2, 2, 3)),
  empty: () => F.gridSample(randn(1, 1, 0, 3), randn(1, 2, 2, 2)),
  'bicubic 5d': () => F.gridSample(randn(1, 1, 3, 3, 3), randn(1, 2, 2, 2, 3), { mode: 'bicubic' }),
  'affine shape': () => F.affineGrid(randn(1, 3, 3), [1, 1, 4, 4]),
  'affine size': () => F.affineGrid(randn(1, 2, 3), [1, 4, 4]),
  'affine 3d shape': () => F.affineGrid(randn(1, 2, 3), [1, 1, 2, 4, 4]),
  'affine zero': () => F.affineGrid(randn(1, 2, 3), [1, 1, 0, 4]),
};

describe("errors in PyTorch's words", () => {
  it.each(fixture.errors.map((e) => [e.name, e.message] as const))('%s', (name, message) => {
    const thunk = ERRORS[name];
    expect(thunk).toBeDefined();
    expect(thunk!).toThrow(message);
  });
  it('unknown options name the nearest keyword', () => {
    expect(() => F.gridSample(randn(1, 1, 3, 3), randn(1, 2, 2, 2), { padding_mode: 'border' } as never))
      .toThrow("grid_sample() got an unexpected keyword argument 'padding_mode' (did you mean 'paddingMode'?)");
  });
});

describe('float64 gradcheck (first and second order)', () => {
  // grid points away from integer pixel positions, where the sampling is smooth
  const grid = (...shape: number[]): Tensor => rand(...shape, { dtype: 'float64' }).mul(1.6).sub(0.8).requiresGrad_();
  const x = (...shape: number[]): Tensor => randn(...shape, { dtype: 'float64' }).requiresGrad_();
  it.each([
    ['bilinear zeros', { mode: 'bilinear', paddingMode: 'zeros' }],
    ['bilinear reflection', { mode: 'bilinear', paddingMode: 'reflection', alignCorners: true }],
    ['bicubic border', { mode: 'bicubic', paddingMode: 'border' }],
    ['nearest', { mode: 'nearest' }],
  ] as const)('%s', (_name, opts) => {
    float64Gradcheck((a, g) => F.gridSample(a, g, opts), [x(1, 2, 3, 4), grid(1, 2, 3, 2)], true);
  });
  it('trilinear (5-D) and affineGrid', () => {
    float64Gradcheck((a, g) => F.gridSample(a, g, { paddingMode: 'border' }), [x(1, 1, 2, 3, 2), grid(1, 2, 1, 2, 3)], true);
    float64Gradcheck((t) => F.affineGrid(t, [2, 1, 3, 4], { alignCorners: false }), [x(2, 2, 3)], true);
  });
});
