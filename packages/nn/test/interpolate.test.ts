/**
 * F.interpolate / nn.Upsample against PyTorch (fixtures from tools/parity/nn_interpolate.py): every
 * mode with size or scaleFactor (1/scaleFactor in the source index unless recomputed),
 * alignCorners, non-contiguous and zero-size inputs, input gradients and node names, errors,
 * reprs; float64 gradchecks of first and second order.
 */
import { Tensor, randn } from '@torchlet/core';
import * as nn from '@torchlet/nn';
import fixture from './fixtures/nn_interpolate.json';
import { camel, expectClose, float64Gradcheck, fromJson, type TensorJson } from './helpers';

const F = nn.functional;

/** The generators' backward weights: w[i] = sin(0.7 i + 0.3) in out's dtype. */
function probe(out: Tensor): Tensor {
  const w = Float64Array.from({ length: out.numel() }, (_, i) => Math.sin(0.7 * i + 0.3));
  return Tensor.fromData(w, out.shape.slice(), 'float64').to(out.dtype);
}

interface InterpCase {
  name: string;
  x: TensorJson;
  transpose: boolean;
  kwargs: Record<string, unknown>;
  out: TensorJson;
  grad: TensorJson;
  grad_fn: string | null;
}

describe('interpolate against PyTorch (forward and backward)', () => {
  it.each((fixture.cases as unknown as InterpCase[]).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const x = fromJson(c.x).requiresGrad_();
    const input = c.transpose ? x.transpose(-1, -2) : x;
    const out = F.interpolate(input, camel(c.kwargs));
    const tol = out.dtype === 'float64' ? 1e-10 : 1e-5;
    expectClose(out, c.out, tol, tol / 10);
    expect(out.gradFn?.name ?? null).toBe(c.grad_fn);
    if (out.numel() === 0) return;
    out.mul(probe(out)).sum().backward();
    expectClose(x.grad!, c.grad, tol, tol / 10);
  });

  it('size may be passed positionally', () => {
    const x = randn(1, 2, 3, 4);
    expectClose(F.interpolate(x, [5, 6], { mode: 'bilinear' }), F.interpolate(x, { size: [5, 6], mode: 'bilinear' }), 0, 0);
  });
});

const ERRORS: Record<string, () => unknown> = {
  'bad mode': () => F.interpolate(randn(1, 2, 4), { scaleFactor: 2, mode: 'foo' as never }),
  'bilinear 3d': () => F.interpolate(randn(1, 2, 4), { scaleFactor: 2, mode: 'bilinear' }),
  'trilinear 3d': () => F.interpolate(randn(1, 2, 4), { scaleFactor: 2, mode: 'trilinear' }),
  'linear 4d': () => F.interpolate(randn(1, 2, 4, 4), { scaleFactor: 2, mode: 'linear' }),
  'trilinear 4d': () => F.interpolate(randn(1, 2, 4, 4), { scaleFactor: 2, mode: 'trilinear' }),
  'linear 5d': () => F.interpolate(randn(1, 2, 4, 4, 4), { size: 3, mode: 'linear' }),
  'bilinear 5d': () => F.interpolate(randn(1, 2, 4, 4, 4), { size: 3, mode: 'bilinear' }),
  'bicubic 5d': () => F.interpolate(randn(1, 2, 4, 4, 4), { scaleFactor: 2, mode: 'bicubic' }),
  'bicubic 3d': () => F.interpolate(randn(1, 2, 4), { size: 3, mode: 'bicubic' }),
  '2d input': () => F.interpolate(randn(2, 4), { size: 3 }),
  '6d input': () => F.interpolate(randn(1, 1, 2, 2, 2, 2), { size: 3 }),
  both: () => F.interpolate(randn(1, 2, 4, 4), { size: 2, scaleFactor: 2 }),
  neither: () => F.interpolate(randn(1, 2, 4, 4)),
  'align nearest': () => F.interpolate(randn(1, 2, 4, 4), { scaleFactor: 2, alignCorners: true }),
  'align area': () => F.interpolate(randn(1, 2, 4), { size: 3, mode: 'area', alignCorners: false }),
  'size length': () => F.interpolate(randn(1, 2, 4, 4), { size: [2, 2, 2] }),
  'scale length': () => F.interpolate(randn(1, 2, 4, 4), { scaleFactor: [2, 2, 2] }),
  'recompute with size': () => F.interpolate(randn(1, 2, 4), { size: 3, recomputeScaleFactor: true }),
  'empty input 1d': () => F.interpolate(randn(1, 2, 0), { size: 3 }),
  'negative scale': () => F.interpolate(randn(1, 2, 4), { scaleFactor: -1 }),
  'zero size 2d': () => F.interpolate(randn(1, 2, 4, 4), { size: 0 }),
  'zero size 3d': () => F.interpolate(randn(1, 2, 4, 4, 4), { size: 0, mode: 'trilinear' }),
};

describe("errors in PyTorch's words", () => {
  it.each(fixture.errors.map((e) => [e.name, e.message] as const))('%s', (name, message) => {
    const thunk = ERRORS[name];
    expect(thunk).toBeDefined();
    expect(thunk!).toThrow(message);
  });
  it('unknown options name the nearest keyword', () => {
    expect(() => F.interpolate(randn(1, 1, 2), { scale_factor: 2 } as never)).toThrow("interpolate() got an unexpected keyword argument 'scale_factor' (did you mean 'scaleFactor'?)");
    expect(() => new nn.UpsamplingBilinear2d({ mode: 'nearest' } as never)).toThrow("UpsamplingBilinear2d() got an unexpected keyword argument 'mode'");
  });
});

describe('Upsample modules', () => {
  const MODULES: Record<string, () => nn.AnyModule> = {
    'Upsample scale': () => new nn.Upsample({ scaleFactor: 2 }),
    'Upsample size bilinear': () => new nn.Upsample({ size: 3, mode: 'bilinear' }),
    'Upsample scales tuple': () => new nn.Upsample({ scaleFactor: [2, 1.5], mode: 'bicubic', alignCorners: true }),
    'Upsample size tuple': () => new nn.Upsample({ size: [3, 4], mode: 'nearest-exact' }),
    UpsamplingNearest2d: () => new nn.UpsamplingNearest2d({ scaleFactor: 2 }),
    UpsamplingBilinear2d: () => new nn.UpsamplingBilinear2d({ size: 4 }),
  };
  it.each(Object.entries(fixture.reprs))('%s prints like PyTorch', (name, repr) => {
    expect(MODULES[name]!().toString()).toBe(repr);
  });
  it('forwards match PyTorch', () => {
    const m = fixture.modules as unknown as Record<string, TensorJson>;
    const x = fromJson(m.x!);
    expectClose(new nn.Upsample({ scaleFactor: 1.5, mode: 'bilinear' })(x), m.upsample!);
    expectClose(new nn.UpsamplingNearest2d({ size: [5, 7] })(x), m.nearest2d!);
    expectClose(new nn.UpsamplingBilinear2d({ scaleFactor: 2 })(x), m.bilinear2d!);
    expectClose(F.upsampleBilinear(x, { scaleFactor: 2 }), m.bilinear2d!);
    expectClose(F.upsampleNearest(x, { size: [5, 7] }), m.nearest2d!);
  });
});

describe('float64 gradcheck (first and second order)', () => {
  const d = (...shape: number[]): Tensor => randn(...shape, { dtype: 'float64' }).requiresGrad_();
  it.each([
    ['nearest', (t: Tensor) => F.interpolate(t, { scaleFactor: 1.7 }), [1, 2, 5]],
    ['nearest-exact', (t: Tensor) => F.interpolate(t, { size: [3, 5], mode: 'nearest-exact' }), [1, 1, 4, 3]],
    ['linear', (t: Tensor) => F.interpolate(t, { scaleFactor: 1.7, mode: 'linear' }), [1, 2, 5]],
    ['bilinear', (t: Tensor) => F.interpolate(t, { size: [5, 3], mode: 'bilinear', alignCorners: true }), [1, 1, 3, 4]],
    ['bicubic', (t: Tensor) => F.interpolate(t, { scaleFactor: 1.5, mode: 'bicubic' }), [1, 1, 4, 3]],
    ['trilinear', (t: Tensor) => F.interpolate(t, { scaleFactor: [1.5, 0.7, 2], mode: 'trilinear' }), [1, 1, 2, 3, 2]],
    ['area', (t: Tensor) => F.interpolate(t, { size: [2, 3], mode: 'area' }), [1, 2, 5, 4]],
  ] as const)('%s', (_name, fn, shape) => {
    float64Gradcheck(fn, [d(...shape)], true);
  });
});
